# postern browser test: the application behind nginx.
#
# Answers every GET with a small HTML page that shows which application
# this is (by the Host nginx passes on) and the identity headers it
# received from authz-fcgi through nginx: Remote-User, Remote-Name,
# Remote-Email and Remote-Groups.  A header that did not arrive shows as
# "(not sent)".  Each value sits in an element with an id (remote-user,
# ...) for the test to read.
#
# usage: python3 app.py PORT HOST=NAME...
#   e.g. python3 app.py 8081 wiki.example.test="Team Wiki"
import html
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAMES = {}
for arg in sys.argv[2:]:
    host, _, name = arg.partition("=")
    NAMES[host.lower()] = name

HEADERS = ("Remote-User", "Remote-Name", "Remote-Email", "Remote-Groups")

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name}</title>
<style>
  :root {{ color-scheme: light; }}
  body {{ margin: 0; font-family: system-ui, sans-serif; background: #f4f6f8;
         color: #1c2430; }}
  header {{ background: #24436b; color: #fff; padding: 14px 32px; }}
  header h1 {{ margin: 0; font-size: 20px; font-weight: 600; }}
  main {{ max-width: 720px; margin: 32px auto; padding: 0 24px; }}
  .card {{ background: #fff; border: 1px solid #d5dbe3; border-radius: 8px;
           padding: 24px 28px; }}
  h2 {{ margin: 0 0 4px; font-size: 18px; }}
  p {{ margin: 0 0 18px; color: #4a5566; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ text-align: left; padding: 9px 10px;
            border-top: 1px solid #e3e7ed; font-size: 15px; }}
  th {{ width: 38%; font-weight: 600; color: #394455; }}
  td {{ font-family: ui-monospace, monospace; }}
  .path {{ margin-top: 18px; font-size: 13px; color: #5b6676; }}
</style>
</head>
<body>
<header><h1 id="app-name">{name}</h1></header>
<main>
<div class="card">
<h2>Welcome, <span id="welcome">{welcome}</span></h2>
<p>This page is the application behind postern. It shows the identity
headers it received with this request.</p>
<table>
{rows}
</table>
<p class="path">Requested: <code id="path">{path}</code></p>
</div>
</main>
</body>
</html>
"""


class App(BaseHTTPRequestHandler):
    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        name = NAMES.get(host, host or "Application")
        rows = []
        for h in HEADERS:
            v = self.headers.get(h)
            rows.append('<tr><th scope="row">%s</th><td id="%s">%s</td></tr>'
                        % (h, h.lower(), html.escape(v) if v is not None
                           else "(not sent)"))
        welcome = (self.headers.get("Remote-Name") or
                   self.headers.get("Remote-User") or "stranger")
        body = PAGE.format(name=html.escape(name),
                           welcome=html.escape(welcome),
                           rows="\n".join(rows),
                           path=html.escape(self.path)).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), App).serve_forever()
