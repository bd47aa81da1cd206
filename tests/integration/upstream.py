# postern integration tests: the application behind the web server.
#
# Answers every request with 200 and a plain-text echo of what it received:
# "PATH <target>", then "H <name>: <value>" for each header as it arrived
# (names as sent, duplicates kept), and appends "<method> <target>" to a
# log file, so a test can tell whether a request ever reached it.
#
# usage: python3 upstream.py PORT LOGFILE
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG_LOCK = threading.Lock()


class Echo(BaseHTTPRequestHandler):
    def answer(self):
        with LOG_LOCK, open(sys.argv[2], "a", encoding="utf-8") as log:
            log.write("%s %s\n" % (self.command, self.path))
        lines = ["PATH " + self.path]
        for name, value in self.headers.items():
            lines.append("H %s: %s" % (name, value))
        body = ("\n".join(lines) + "\n").encode("utf-8", "replace")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = answer

    def log_message(self, fmt, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
