#!/usr/bin/env python3
# postern: a small driver that runs login-cgi as a CGI program.
#
# It plays the web server and the browser: it builds the CGI environment
# (REQUEST_METHOD, REQUEST_URI, QUERY_STRING, HTTP_HOST, HTTPS, REMOTE_ADDR,
# HTTP_COOKIE, CONTENT_TYPE, CONTENT_LENGTH, HTTP_SEC_FETCH_SITE,
# HTTP_ORIGIN, HTTP_USER_AGENT, ...) from scratch, feeds the body on
# standard input, splits the answer into status, headers and body, and
# keeps a cookie jar (a JSON file) between steps, so that a multi-step login
# is a few lines of shell.  Standard library only.
#
# Every answer is written to the output directory (-o, default $T):
#   status   the status code          head   the header lines (CRLF cut)
#   body     the body                 err    what the program wrote to stderr
#   consumed how many bytes of standard input it read (with --stdin-file)
#   fields   the page's inputs, NAME=VALUE (HTML-unescaped), one a line
#   cookies  the answer's Set-Cookie names and values, NAME=VALUE, in order
# and appended, with the request, to DIR/log.jsonl, which the "audit" and
# "secrets" commands read at the end of a case file.  The status code is
# printed on standard output.  The program is $LOGIN_CGI; the environment
# passes on only POSTERN_* (the store, the templates) and sanitizer
# options.
#
# Commands:
#   cgi.py [options] METHOD TARGET     one request (TARGET: /path?query)
#   cgi.py [options] submit [FIELD=VALUE...]
#                                      a browser submitting a form of the
#                                      last page: its hidden and filled-in
#                                      fields, FIELD=VALUE overriding or
#                                      adding, posted to its action
#   cgi.py [-o DIR] field NAME         the value (HTML-unescaped) of the
#                                      first input named NAME in the last
#                                      body; exit 1 if there is none
#   cgi.py [-o DIR] cookie NAME        the value NAME was last set to in
#                                      the last answer's Set-Cookie
#   cgi.py [-o DIR] audit              every answer so far carries the
#                                      headers every response must carry
#   cgi.py [-o DIR] secrets [TEXT...]  no password or code sent so far, no
#                                      session or flow token set so far, and
#                                      no TEXT appears in any stderr or body
#   cgi.py scan FILE TOKEN...          exit 1 if any TOKEN appears in FILE
#                                      raw, base64url-decoded or in hex
#
# Request options:
#   -j JAR        the cookie jar (default DIR/jar); --no-jar sends none and
#                 keeps none; --no-save sends the jar but does not update it
#   -c COOKIES    raw cookies added to HTTP_COOKIE ("a=b; c=d")
#   -e NAME=VALUE an environment variable for the program (overrides)
#   -u NAME       remove a variable the driver would set
#   -f NAME=VALUE a form field (urlencoded in order; POST body)
#   -d BODY       the body as it is       --body-file F    the body from F
#   --stdin-file F   F as standard input (CONTENT_LENGTH as given by -e),
#                 recording how much of it the program consumed
#   --pathinfo    route through PATH_INFO instead of REQUEST_URI
#   --form N      (submit) the Nth form of the page (0 first)
#   --action TEXT (submit) the first form whose action contains TEXT
#   --with NAME=VALUE (submit) the first form with that field and value
#   --button NAME=VALUE (submit) the button pressed
#   --repeat N    run the same request N times (nothing saved), printing
#                 each run's wall time in milliseconds, one per line
#   --timeout S   kill the program after S seconds (default 20)

import base64
import binascii
import html.parser
import json
import os
import subprocess
import sys
import time
import urllib.parse

LOGIN_HOST = "auth.example.com"


def die(msg):
    sys.stderr.write("cgi.py: %s\n" % msg)
    sys.exit(2)


# ------------------------------------------------------------ forms in HTML

class FormParser(html.parser.HTMLParser):
    """The forms of a page: action, method and their inputs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.inputs = []    # every input, in or out of a form
        self.cur = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.cur = {"action": a.get("action", ""),
                        "method": a.get("method", "get").upper(),
                        "fields": [], "buttons": []}
            self.forms.append(self.cur)
        elif tag in ("input", "textarea", "select"):
            item = (a.get("name"), a.get("value", ""), a.get("type", "text"))
            self.inputs.append(item)
            if self.cur is not None and item[0]:
                if item[2] in ("submit", "image"):
                    self.cur["buttons"].append(item)
                else:
                    self.cur["fields"].append(item)
        elif tag == "button":
            item = (a.get("name"), a.get("value", ""),
                    a.get("type", "submit"))
            if self.cur is not None and item[0]:
                self.cur["buttons"].append(item)

    def handle_endtag(self, tag):
        if tag == "form":
            self.cur = None


def parse_forms(body):
    p = FormParser()
    p.feed(body.decode("utf-8", "replace"))
    p.close()
    return p


# ------------------------------------------------------------ cookies

def load_jar(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def save_jar(path, jar):
    with open(path + ".tmp", "w") as f:
        json.dump(jar, f, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)


def parse_set_cookie(line):
    """name, value, {attribute (lowercase): value}"""
    parts = [p.strip() for p in line.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    return name.strip(), value.strip(), attrs


# ------------------------------------------------------------ one run

def parse_output(out):
    """status, [(name, value)], body; None status when unparseable"""
    sep = out.find(b"\r\n\r\n")
    seplen = 4
    alt = out.find(b"\n\n")
    if sep < 0 or (alt >= 0 and alt < sep):
        sep, seplen = alt, 2
    if sep < 0:
        return None, [], out
    head = out[:sep].decode("latin-1")
    body = out[sep + seplen:]
    headers = []
    for line in head.split("\n"):
        line = line.rstrip("\r")
        if not line:
            continue
        k, _, v = line.partition(":")
        headers.append((k.strip(), v.strip()))
    status = None
    for k, v in headers:
        if k.lower() == "status":
            try:
                status = int(v.split()[0])
            except (ValueError, IndexError):
                status = None
            break
    else:
        for k, v in headers:
            if k.lower() == "location":
                status = 302
                break
        else:
            status = 200 if headers else None
    return status, headers, body


def build_env(opts, method, target, body):
    path, _, query = target.partition("?")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for k, v in os.environ.items():
        if k.startswith(("POSTERN_", "ASAN_", "LSAN_", "UBSAN_", "MSAN_")):
            env[k] = v
    env.update({
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_SOFTWARE": "postern-test",
        "SERVER_NAME": LOGIN_HOST,
        "SERVER_PORT": "443",
        "HTTPS": "on",
        "HTTP_HOST": LOGIN_HOST,
        "REMOTE_ADDR": "192.0.2.10",
        "REMOTE_PORT": "40000",
        "REQUEST_METHOD": method,
        "REQUEST_URI": target,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "HTTP_USER_AGENT": "postern-test/1.0",
        "HTTP_ACCEPT": "text/html",
    })
    if opts["pathinfo"]:
        env["PATH_INFO"] = urllib.parse.unquote(path)
    if method == "POST":
        env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        env["CONTENT_LENGTH"] = str(len(body))
        env["HTTP_SEC_FETCH_SITE"] = "same-origin"
        env["HTTP_ORIGIN"] = "https://" + LOGIN_HOST
    cookies = []
    if not opts["nojar"]:
        for k, v in load_jar(opts["jar"]).items():
            cookies.append("%s=%s" % (k, v))
    if opts["cookies"]:
        cookies.append(opts["cookies"])
    if cookies:
        env["HTTP_COOKIE"] = "; ".join(cookies)
    for k in opts["unset"]:
        env.pop(k, None)
    env.update(opts["env"])
    return env


def run_once(opts, env, body):
    prog = os.environ.get("LOGIN_CGI")
    if not prog:
        die("LOGIN_CGI is not set")
    consumed = None
    stdin = subprocess.PIPE
    f = None
    if opts["stdin_file"]:
        f = open(opts["stdin_file"], "rb")
        stdin = f
    t0 = time.monotonic()
    try:
        p = subprocess.Popen([prog], stdin=stdin, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env,
                             close_fds=True)
        try:
            out, err = p.communicate(None if f else body,
                                     timeout=opts["timeout"])
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            err += b"\ncgi.py: killed after %d s\n" % opts["timeout"]
        except BrokenPipeError:
            out, err = p.communicate()
    finally:
        if f is not None:
            consumed = os.lseek(f.fileno(), 0, os.SEEK_CUR)
            f.close()
    dt = time.monotonic() - t0
    return p.returncode, out, err, consumed, dt


def request(opts, method, target, body, sent_fields):
    d = opts["dir"]
    env = build_env(opts, method, target, body)
    if opts["repeat"]:
        for _ in range(opts["repeat"]):
            rc, out, err, consumed, dt = run_once(opts, env, body)
            print("%.3f" % (dt * 1000.0))
        return 0
    rc, out, err, consumed, dt = run_once(opts, env, body)
    status, headers, rbody = parse_output(out)
    with open(os.path.join(d, "head"), "w", encoding="latin-1") as f:
        for k, v in headers:
            f.write("%s: %s\n" % (k, v))
    with open(os.path.join(d, "body"), "wb") as f:
        f.write(rbody)
    with open(os.path.join(d, "err"), "wb") as f:
        f.write(err)
    with open(os.path.join(d, "status"), "w") as f:
        f.write("%s\n" % (status if status is not None else "000"))
    with open(os.path.join(d, "consumed"), "w") as f:
        f.write("%s\n" % ("" if consumed is None else consumed))
    # For the shell: the last answer's inputs and cookies, one a line.
    with open(os.path.join(d, "fields"), "w", encoding="utf-8",
              errors="surrogateescape") as f:
        if b"<input" in rbody:
            for name, value, _ in parse_forms(rbody).inputs:
                if name:
                    f.write("%s=%s\n" % (name, value.replace("\n", "\\n")))
    with open(os.path.join(d, "cookies"), "w", encoding="latin-1") as f:
        for k, v in headers:
            if k.lower() == "set-cookie":
                name, value, _ = parse_set_cookie(v)
                f.write("%s=%s\n" % (name, value))
    with open(os.path.join(d, "req"), "w") as f:
        f.write("%s %s (%d-byte body; exit %s)\n" % (method, target,
                len(body), rc))
    # The browser's side: cookies.
    setc = [v for k, v in headers if k.lower() == "set-cookie"]
    if not opts["nojar"] and not opts["nosave"] and setc:
        jar = load_jar(opts["jar"])
        for line in setc:
            name, value, attrs = parse_set_cookie(line)
            if attrs.get("max-age") == "0" or value == "":
                jar.pop(name, None)
            else:
                jar[name] = value
        save_jar(opts["jar"], jar)
    rec = {
        "method": method, "target": target, "status": status, "exit": rc,
        "headers": headers, "body": rbody.decode("utf-8", "replace"),
        "err": err.decode("utf-8", "replace"), "fields": sent_fields,
        "secs": dt,
    }
    with open(os.path.join(d, "log.jsonl"), "a") as f:
        f.write(json.dumps(rec) + "\n")
    print(status if status is not None else "000")
    return 0


# ------------------------------------------------------------ commands

def last_body(d):
    with open(os.path.join(d, "body"), "rb") as f:
        return f.read()


def cmd_field(opts, args):
    if len(args) != 1:
        die("usage: field NAME")
    p = parse_forms(last_body(opts["dir"]))
    for name, value, _ in p.inputs:
        if name == args[0]:
            sys.stdout.write(value + "\n")
            return 0
    return 1


def cmd_cookie(opts, args):
    if len(args) != 1:
        die("usage: cookie NAME")
    found = None
    with open(os.path.join(opts["dir"], "head"), encoding="latin-1") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition(":")
            if k.strip().lower() == "set-cookie":
                name, value, _ = parse_set_cookie(v.strip())
                if name == args[0]:
                    found = value
    if found is None:
        return 1
    sys.stdout.write(found + "\n")
    return 0


def cmd_submit(opts, args):
    p = parse_forms(last_body(opts["dir"]))
    forms = p.forms
    if opts["action"] is not None:
        forms = [f for f in forms if opts["action"] in f["action"]]
    if opts["with"] is not None:
        k, _, v = opts["with"].partition("=")
        forms = [f for f in forms if (k, v) in
                 [(n, x) for n, x, _ in f["fields"]]]
    idx = opts["formidx"]
    if idx >= len(forms):
        die("no form %d in the last page (action %r, with %r)" %
            (idx, opts["action"], opts["with"]))
    form = forms[idx]
    fields = [(n, v) for n, v, t in form["fields"]
              if t not in ("checkbox", "radio", "file")]
    for a in args:
        k, eq, v = a.partition("=")
        if not eq:
            die("submit: FIELD=VALUE expected, not %r" % a)
        fields = [(n, x) for n, x in fields if n != k]
        fields.append((k, v))
    if opts["button"] is not None:
        k, _, v = opts["button"].partition("=")
        fields.append((k, v))
    u = urllib.parse.urlsplit(form["action"])
    if u.scheme and u.netloc and u.netloc != LOGIN_HOST:
        die("form posts to another host: %s" % form["action"])
    target = u.path or "/"
    if u.query:
        target += "?" + u.query
    body = urllib.parse.urlencode(fields).encode()
    return request(opts, form["method"], target, body, fields)


# Headers every login-cgi answer carries (DESIGN "login-cgi", S12).
def missing_headers(status, headers):
    h = {}
    for k, v in headers:
        h.setdefault(k.lower(), []).append(v)
    miss = []
    if status is None:
        miss.append("a Status line")
    if "no-store" not in " ".join(h.get("cache-control", [])):
        miss.append("Cache-Control: no-store")
    if h.get("x-content-type-options") != ["nosniff"]:
        miss.append("X-Content-Type-Options: nosniff")
    if h.get("referrer-policy") != ["same-origin"]:
        miss.append("Referrer-Policy: same-origin")
    csp = " ".join(h.get("content-security-policy", []))
    for d in ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
              "frame-ancestors 'none'"):
        if d not in csp:
            miss.append("CSP " + d)
    ct = h.get("content-type", [""])[0].lower()
    if "charset=" not in ct:
        miss.append("Content-Type with a charset")
    return miss


def read_log(d):
    recs = []
    try:
        with open(os.path.join(d, "log.jsonl")) as f:
            for line in f:
                recs.append(json.loads(line))
    except FileNotFoundError:
        pass
    return recs


def cmd_audit(opts, args):
    bad = 0
    recs = read_log(opts["dir"])
    for r in recs:
        miss = missing_headers(r["status"], r["headers"])
        if miss:
            bad += 1
            print("# %s %s -> %s lacks: %s" % (r["method"], r["target"][:80],
                  r["status"], ", ".join(miss)))
    if not recs:
        print("# no answers recorded")
        return 1
    return 1 if bad else 0


def secret_values(recs, cookie_names):
    found = set()
    for r in recs:
        for k, v in r.get("fields") or []:
            if k in ("password", "code", "otp") and len(v) >= 6:
                found.add(v)
        for k, v in r["headers"]:
            if k.lower() == "set-cookie":
                name, value, _ = parse_set_cookie(v)
                if name in cookie_names and len(value) >= 16:
                    found.add(value)
    return found


def cmd_secrets(opts, args):
    recs = read_log(opts["dir"])
    names = {os.environ.get("SID", "__Secure-postern"),
             "__Host-postern-flow", "postern-flow"}
    secrets = secret_values(recs, names) | {a for a in args if a}
    bad = 0
    for r in recs:
        for what in ("err", "body"):
            text = r[what]
            for s in secrets:
                if s.isdigit():
                    # A code: only as a word of its own.
                    i = text.find(s)
                    while i >= 0:
                        pre = text[i - 1:i]
                        post = text[i + len(s):i + len(s) + 1]
                        if not (pre.isalnum() or pre in "-_") and \
                           not (post.isalnum() or post in "-_"):
                            break
                        i = text.find(s, i + 1)
                    hit = i >= 0
                else:
                    hit = s in text
                if hit:
                    bad += 1
                    print("# the %s of %s %s shows a secret (%s...)" %
                          ("stderr" if what == "err" else "body",
                           r["method"], r["target"][:60], s[:4]))
    if not secrets:
        print("# no secrets were sent or set: nothing to look for")
    return 1 if bad else 0


def cmd_scan(args):
    if len(args) < 2:
        die("usage: scan FILE TOKEN...")
    data = b""
    for suffix in ("", "-wal", "-journal", "-shm"):
        try:
            with open(args[0] + suffix, "rb") as f:
                data += f.read()
        except FileNotFoundError:
            pass
    hit = 0
    for tok in args[1:]:
        forms = {"raw": tok.encode()}
        try:
            raw = base64.urlsafe_b64decode(tok + "=" * (-len(tok) % 4))
            forms["base64url-decoded"] = raw
            forms["hex"] = binascii.hexlify(raw)
            forms["HEX"] = binascii.hexlify(raw).upper()
        except (binascii.Error, ValueError):
            pass
        for how, b in forms.items():
            if len(b) >= 8 and b in data:
                print("# %s...: found %s" % (tok[:6], how))
                hit = 1
    return hit


def main(argv):
    opts = {"dir": os.environ.get("T", "."), "jar": None, "nojar": False,
            "nosave": False, "cookies": None, "env": {}, "unset": [],
            "fields": None, "body": None, "stdin_file": None,
            "pathinfo": False, "formidx": 0, "action": None, "button": None,
            "repeat": 0, "timeout": 20, "with": None}
    args = list(argv)
    pos = []
    while args:
        a = args.pop(0)
        need = a in ("-o", "-j", "-c", "-e", "-u", "-f", "-d", "--body-file",
                     "--stdin-file", "--form", "--action", "--button", "--with",
                     "--repeat", "--timeout")
        if need:
            if not args:
                die("%s needs a value" % a)
            v = args.pop(0)
        if a == "-o":
            opts["dir"] = v
        elif a == "-j":
            opts["jar"] = v
        elif a == "--no-jar":
            opts["nojar"] = True
        elif a == "--no-save":
            opts["nosave"] = True
        elif a == "-c":
            opts["cookies"] = v
        elif a == "-e":
            k, _, val = v.partition("=")
            opts["env"][k] = val
        elif a == "-u":
            opts["unset"].append(v)
        elif a == "-f":
            k, _, val = v.partition("=")
            opts["fields"] = (opts["fields"] or []) + [(k, val)]
        elif a == "-d":
            opts["body"] = v.encode("utf-8", "surrogateescape")
        elif a == "--body-file":
            with open(v, "rb") as f:
                opts["body"] = f.read()
        elif a == "--stdin-file":
            opts["stdin_file"] = v
        elif a == "--pathinfo":
            opts["pathinfo"] = True
        elif a == "--form":
            opts["formidx"] = int(v)
        elif a == "--action":
            opts["action"] = v
        elif a == "--button":
            opts["button"] = v
        elif a == "--with":
            opts["with"] = v
        elif a == "--repeat":
            opts["repeat"] = int(v)
        elif a == "--timeout":
            opts["timeout"] = int(v)
        elif a == "--":
            pos.extend(args)
            break
        elif a.startswith("-") and len(a) > 1 and not pos:
            die("unknown option %s" % a)
        else:
            pos.append(a)
    if opts["jar"] is None:
        opts["jar"] = os.path.join(opts["dir"], "jar")
    if not pos:
        die("usage: cgi.py [options] METHOD TARGET | submit | field | "
            "cookie | audit | secrets | scan")
    cmd = pos[0]
    if cmd == "field":
        return cmd_field(opts, pos[1:])
    if cmd == "cookie":
        return cmd_cookie(opts, pos[1:])
    if cmd == "submit":
        return cmd_submit(opts, pos[1:])
    if cmd == "audit":
        return cmd_audit(opts, pos[1:])
    if cmd == "secrets":
        return cmd_secrets(opts, pos[1:])
    if cmd == "scan":
        return cmd_scan(pos[1:])
    if len(pos) != 2:
        die("usage: cgi.py [options] METHOD TARGET")
    method, target = pos
    fields = opts["fields"] or []
    if opts["body"] is not None:
        body = opts["body"]
    elif fields:
        body = "&".join("%s=%s" % (urllib.parse.quote(k, safe=""),
                                   urllib.parse.quote(v, safe="", errors="surrogateescape"))
                        for k, v in fields).encode()
    else:
        body = b""
    if not fields and body:
        fields = urllib.parse.parse_qsl(body.decode("utf-8", "replace"),
                                        keep_blank_values=True)
    return request(opts, method, target, body, fields)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
