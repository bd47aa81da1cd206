#!/usr/bin/env python3
# postern: raw FastCGI protocol tests against a running authz-fcgi.
#
# Records are built by hand with struct (FastCGI 1.0: an 8-byte header,
# content of at most 65535 bytes, padding), so a test can send anything a
# hostile or broken peer might: lengths that lie, records out of order,
# bytes one at a time.  Cases are named after SECURITY-CASES section 2.10
# (P01 ... P16), plus S12 (Cache-Control on every answer) and W07 (no
# reflection in bodies).  Used by run.sh:
#
#   client.py cases SOCKET PID       every case; "ok N - ..." lines, then
#                                    "# passed=N failed=M"
#   client.py one SOCKET [COOKIE]    one GET / for app.example.com; prints
#                                    the status, or "closed"
#   client.py inflight SOCKET READY  a request sent in two halves: READY is
#                                    created between them (for SIGTERM)
#
# Tokens come from the environment: BOB_SID, ALICE_SID; the cookie name
# from SID_NAME.  Python 3 standard library only.

import os
import resource
import select
import socket
import struct
import sys
import threading
import time

FCGI_VERSION = 1
BEGIN_REQUEST = 1
ABORT_REQUEST = 2
END_REQUEST = 3
PARAMS = 4
STDIN = 5
STDOUT = 6
STDERR = 7
DATA = 8
GET_VALUES = 9
GET_VALUES_RESULT = 10
UNKNOWN_TYPE = 11

RESPONDER = 1
AUTHORIZER = 2
FILTER = 3

KEEP_CONN = 1

REQUEST_COMPLETE = 0
CANT_MPX_CONN = 1
OVERLOADED = 2
UNKNOWN_ROLE = 3

SID_NAME = os.environ.get("SID_NAME", "__Secure-postern")
BOB_SID = os.environ.get("BOB_SID", "")
ALICE_SID = os.environ.get("ALICE_SID", "")

# ------------------------------------------------------------- records


def record(rtype, reqid, content=b"", padding=None):
    """One record: header, content, padding (to 8 bytes unless given)."""
    if padding is None:
        padding = (8 - len(content) % 8) % 8
    return struct.pack(">BBHHBB", FCGI_VERSION, rtype, reqid, len(content),
                       padding, 0) + content + b"\0" * padding


def begin(reqid=1, role=RESPONDER, flags=0):
    return record(BEGIN_REQUEST, reqid, struct.pack(">HB5x", role, flags))


def nv_len(n):
    if n < 128:
        return bytes([n])
    return struct.pack(">I", n | 0x80000000)


def nv(name, value):
    if isinstance(name, str):
        name = name.encode()
    if isinstance(value, str):
        value = value.encode()
    return nv_len(len(name)) + nv_len(len(value)) + name + value


def stream(rtype, reqid, data, chunk=65535):
    """data as records of at most chunk bytes, then the empty record."""
    out = b""
    for i in range(0, len(data), chunk):
        out += record(rtype, reqid, data[i:i + chunk])
    return out + record(rtype, reqid)


def default_params(**over):
    """The catalogue's default request, with overrides (None: left out)."""
    p = {
        "REQUEST_METHOD": "GET",
        "HTTP_HOST": "app.example.com",
        "REQUEST_URI": "/",
        "REMOTE_ADDR": "192.0.2.10",
        "HTTPS": "on",
    }
    for k, v in over.items():
        if v is None:
            p.pop(k, None)
        else:
            p[k] = v
    return [(k, v) for k, v in p.items()]


def request_bytes(pairs, reqid=1, role=RESPONDER, flags=0, stdin=True):
    body = b"".join(nv(k, v) for k, v in pairs)
    out = begin(reqid, role, flags) + stream(PARAMS, reqid, body)
    if stdin:
        out += record(STDIN, reqid)
    return out

# ------------------------------------------------------------- answers


class Answer:
    def __init__(self):
        self.stdout = b""
        self.stderr = b""
        self.end = None          # (appStatus, protocolStatus)
        self.closed = False      # EOF before END_REQUEST
        self.timeout = False
        self.others = []         # (type, reqid, content) of other records
        self.headers = []        # [(name lowercased, value)]
        self.body = b""
        self.status = None       # the Status line's code, or None

    def parse(self):
        raw = self.stdout
        sep = raw.find(b"\r\n\r\n")
        seplen = 4
        if sep < 0:
            sep = raw.find(b"\n\n")
            seplen = 2
        head = raw if sep < 0 else raw[:sep]
        self.body = b"" if sep < 0 else raw[sep + seplen:]
        for line in head.replace(b"\r\n", b"\n").split(b"\n"):
            if b":" not in line:
                continue
            name, _, value = line.partition(b":")
            self.headers.append((name.strip().lower().decode("latin-1"),
                                 value.strip().decode("latin-1")))
        st = self.header("status")
        if st is not None:
            try:
                self.status = int(st.split()[0])
            except (ValueError, IndexError):
                self.status = None
        return self

    def header(self, name):
        for n, v in self.headers:
            if n == name.lower():
                return v
        return None

    def describe(self):
        if self.timeout:
            return "no answer (timeout)"
        if self.status is None and self.closed:
            return "closed without an answer"
        return "Status %s, END_REQUEST %s%s" % (
            self.status, self.end, ", then closed" if self.closed else "")


def read_exact(sock, n, deadline):
    buf = b""
    while len(buf) < n:
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout()
        sock.settimeout(left)
        try:
            chunk = sock.recv(n - len(buf))
        except (ConnectionResetError, BrokenPipeError):
            chunk = b""
        if not chunk:
            raise EOFError()
        buf += chunk
    return buf


def read_record(sock, deadline):
    h = read_exact(sock, 8, deadline)
    ver, rtype, reqid, clen, plen, _ = struct.unpack(">BBHHBB", h)
    content = read_exact(sock, clen, deadline) if clen else b""
    if plen:
        read_exact(sock, plen, deadline)
    return ver, rtype, reqid, content


def read_answer(sock, reqid=1, timeout=5.0):
    """Records until END_REQUEST for reqid, EOF or the timeout."""
    a = Answer()
    deadline = time.monotonic() + timeout
    try:
        while True:
            _, rtype, rid, content = read_record(sock, deadline)
            if rtype == STDOUT and rid == reqid:
                a.stdout += content
            elif rtype == STDERR and rid == reqid:
                a.stderr += content
            elif rtype == END_REQUEST and rid == reqid:
                a.end = struct.unpack(">IB3x", content[:8])
                break
            else:
                a.others.append((rtype, rid, content))
    except EOFError:
        a.closed = True
    except socket.timeout:
        a.timeout = True
    return a.parse()


def connect(path, timeout=5.0):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    return s


def sendall(sock, data):
    try:
        sock.sendall(data)
        return True
    except (BrokenPipeError, ConnectionResetError):
        return False


def ask(path, pairs, role=RESPONDER, flags=0, timeout=5.0):
    with connect(path, timeout) as s:
        sendall(s, request_bytes(pairs, role=role, flags=flags))
        return read_answer(s, timeout=timeout)


def closed_within(sock, seconds):
    """True when the peer closes (or resets) sock within seconds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        r, _, _ = select.select([sock], [], [], max(0.0, deadline -
                                                    time.monotonic()))
        if not r:
            continue
        try:
            if sock.recv(65536) == b"":
                return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            pass
    return False


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False

# ------------------------------------------------------------- the cases


class Run:
    def __init__(self, path, pid):
        self.path = path
        self.pid = pid
        self.n = 0
        self.passed = 0
        self.failed = 0

    def check(self, ok, text, why=""):
        self.n += 1
        if ok:
            self.passed += 1
            print("ok %d - %s" % (self.n, text))
        else:
            self.failed += 1
            print("not ok %d - %s%s" % (self.n, text,
                                        (": " + why) if why else ""))
        sys.stdout.flush()
        return ok

    def hygiene(self, a, text, role=RESPONDER):
        """S12: an explicit Status and Cache-Control: no-store.

        An AUTHORIZER's 200 is the exception (respond.c): Apache's
        mod_authnz_fcgi adds its headers to the application's response,
        so it carries Status and Variable-* alone.
        """
        if a.status is None:
            return True     # nothing answered: nothing to check
        if role == AUTHORIZER and a.status == 200:
            return self.check(a.header("status") is not None and
                              all(n == "status" or n.startswith("variable-")
                                  for n, _ in a.headers),
                              "S12 %s: explicit Status, only Variable-* "
                              "beside it" % text, "headers %r" % a.headers)
        ok = (a.header("status") is not None and
              a.header("cache-control") == "no-store")
        return self.check(ok, "S12 %s: explicit Status and "
                          "Cache-Control: no-store" % text,
                          "headers %r" % a.headers)

    def expect(self, text, a, status, location=None, headers=None,
               role=RESPONDER):
        ok = a.status == status
        why = a.describe()
        if ok and location is not None:
            loc = a.header("location")
            ok = loc is not None and loc.startswith(location)
            why = "Location %r" % loc
        if ok and headers:
            for name, value in headers.items():
                if a.header(name) != value:
                    ok = False
                    why = "%s: %r, want %r" % (name, a.header(name), value)
                    break
        self.check(ok, text, why)
        self.hygiene(a, text, role)
        return a

    # P01: both roles, every Apache phase, the same decisions.
    def p01(self):
        bob = "%s=%s" % (SID_NAME, BOB_SID)
        alice = "%s=%s" % (SID_NAME, ALICE_SID)
        shapes = [("RESPONDER", RESPONDER, None)]
        for ar in (None, "AUTHORIZER", "AUTHENTICATOR", "ACCESS_CHECKER"):
            shapes.append(("AUTHORIZER/%s" % (ar or "unset"), AUTHORIZER, ar))
        for label, role, ar in shapes:
            extra = {"FCGI_APACHE_ROLE": ar}
            user_hdr = ("variable-remote_user" if role == AUTHORIZER
                        else "remote-user")
            groups_hdr = ("variable-remote_groups" if role == AUTHORIZER
                          else "remote-groups")
            a = ask(self.path, default_params(REQUEST_URI="/admin/",
                    HTTP_COOKIE=bob, **extra), role=role)
            self.expect("P01 %s: bob at /admin/ is allowed as bob" % label,
                        a, 200, headers={user_hdr: "bob",
                                         groups_hdr: "admins,staff"},
                        role=role)
            self.check(a.end is not None and a.end[1] == REQUEST_COMPLETE,
                       "P01 %s: END_REQUEST with FCGI_REQUEST_COMPLETE" %
                       label, a.describe())
            a = ask(self.path, default_params(REQUEST_URI="/admin/",
                    HTTP_COOKIE=alice, **extra), role=role)
            self.expect("P01 %s: alice at /admin/ is denied" % label, a, 403,
                        role=role)
            a = ask(self.path, default_params(REQUEST_URI="/x?y=1", **extra),
                    role=role)
            if ar == "ACCESS_CHECKER":
                # mod_fcgid takes a Location for a failure: a bare 401,
                # which its ErrorDocument (login-cgi) turns into the login.
                self.expect("P01 %s: no cookie is a 401" % label, a, 401,
                            role=role)
                self.check(a.header("location") is None,
                           "P01 %s: no Location on a refusal" % label,
                           repr(a.headers))
                a = ask(self.path, default_params(REQUEST_URI="/admin/",
                        HTTP_COOKIE=alice, **extra), role=role)
                self.check(a.header("location") is None,
                           "P01 %s: no Location on a 403" % label,
                           repr(a.headers))
                continue
            self.expect("P01 %s: no cookie goes to the login" % label, a,
                        302 if role == AUTHORIZER else 401,
                        location="https://auth.example.com/start?rd=https%3A"
                        "%2F%2Fapp.example.com%2Fx%3Fy%3D1", role=role)
            if role == RESPONDER:
                self.check(a.header("remote-user") is None,
                           "P01 %s: no identity on a 401" % label,
                           repr(a.headers))

        # Unknown roles: refused, never a 200.
        for role in (FILTER, 9, 0, 0xffff):
            a = ask(self.path, default_params(HTTP_COOKIE=bob), role=role)
            refused = (a.status in (500, 403, 401) or
                       (a.status is None and (a.closed or (
                           a.end is not None and a.end[1] == UNKNOWN_ROLE))))
            self.check(refused and a.status != 200,
                       "P01 role %d is refused (UNKNOWN_ROLE, 500 or "
                       "closed)" % role, a.describe())
        a = ask(self.path, default_params(HTTP_COOKIE=bob,
                FCGI_APACHE_ROLE="BOGUS"), role=AUTHORIZER)
        self.expect("P01 an unknown FCGI_APACHE_ROLE answers 500", a, 500)

    # P03: a 31-bit name length must not make the daemon allocate or die.
    def p03(self):
        before = rss_kib(self.pid)
        shapes = [
            ("name length 0x7FFFFFFF",
             b"\xff\xff\xff\xff\x01" + b"A" * 40),
            ("name and value lengths 0x7FFFFFFF",
             b"\xff\xff\xff\xff\xff\xff\xff\xff" + b"A" * 40),
            ("name length 0x7FFFFFFF, value length 0x7FFFFFFE",
             b"\xff\xff\xff\xff\xff\xff\xff\xfe" + b"A" * 40),
        ]
        for label, content in shapes:
            s = connect(self.path)
            sendall(s, begin() + record(PARAMS, 1, content))
            a = read_answer(s, timeout=6.0)
            s.close()
            self.check(a.status in (None, 400, 403, 500) and
                       (a.closed or a.status is not None or a.end is not None),
                       "P03 %s: refused and closed, no 200" % label,
                       a.describe())
        self.check(alive(self.pid), "P03 the daemon survives", "it died")
        grown = rss_kib(self.pid) - before
        self.check(grown < 10 * 1024, "P03 RSS grew less than 10 MiB",
                   "grew %d KiB" % grown)
        a = ask(self.path, default_params())
        self.expect("P03 then a normal request is still served", a, 401)

    # P04: 1 MiB of HTTP_COOKIE over many records.
    def p04(self):
        before = rss_kib(self.pid)
        for label, chunk in (("in 17 records", 65535), ("in 1 KiB records",
                                                         1024)):
            cookie = "a=" + "x" * (1024 * 1024)
            body = b"".join(nv(k, v) for k, v in default_params(
                HTTP_COOKIE="%s=%s; %s" % (SID_NAME, BOB_SID, cookie)))
            s = connect(self.path, timeout=10)
            ok = sendall(s, begin() + stream(PARAMS, 1, body, chunk) +
                         record(STDIN, 1))
            a = read_answer(s, timeout=10.0)
            s.close()
            self.check(a.status in (None, 400, 401, 403, 500) and
                       a.status != 200, "P04 1 MiB HTTP_COOKIE %s: denied "
                       "or closed" % label, a.describe() +
                       ("" if ok else " (send failed)"))
            self.hygiene(a, "P04 %s" % label)
        grown = rss_kib(self.pid) - before
        self.check(grown < 10 * 1024, "P04 RSS grew less than 10 MiB",
                   "grew %d KiB" % grown)
        self.check(alive(self.pid), "P04 the daemon survives", "it died")

    # P06: a slow peer is cut off; others are served meanwhile.
    def p06(self, timeout):
        result = {}

        def slow():
            s = connect(self.path, timeout=30)
            t0 = time.monotonic()
            content = nv("REQUEST_URI", "/" + "a" * 200)
            data = begin() + struct.pack(">BBHHBB", FCGI_VERSION, PARAMS, 1,
                                         len(content), 0, 0) + content
            closed = False
            for byte in data:
                if not sendall(s, bytes([byte])):
                    closed = True
                    break
                if closed_within(s, 2.0):
                    closed = True
                    break
                if time.monotonic() - t0 > 2 * timeout + 10:
                    break
            result["closed"] = closed
            result["after"] = time.monotonic() - t0
            s.close()

        th = threading.Thread(target=slow)
        th.start()
        time.sleep(1.5)
        t0 = time.monotonic()
        a = ask(self.path, default_params(), timeout=5)
        took = time.monotonic() - t0
        self.check(a.status == 401 and took < 1.0,
                   "P06 a normal request beside a slow one answers in "
                   "under 1 s", "%s in %.2f s" % (a.describe(), took))
        th.join()
        # authz-fcgi(8): the watchdog, once a second, shuts down a
        # connection that has held a worker twice --timeout.
        self.check(result.get("closed") and
                   result["after"] <= 2 * timeout + 2,
                   "P06 one byte every 2 s: closed within twice the %d s "
                   "timeout (+ the watchdog's tick)" % timeout,
                   "closed=%s after %.1f s" % (result.get("closed"),
                                               result.get("after", -1)))

    # P07: a thousand idle connections, then a real one.
    def p07(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = min(hard, 4096)
        if soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        idle = []
        refused = 0
        for _ in range(1000):
            try:
                idle.append(connect(self.path, timeout=2))
            except OSError:
                refused += 1
        t0 = time.monotonic()
        try:
            a = ask(self.path, default_params(), timeout=5)
            answer = a.status
            desc = a.describe()
        except OSError as e:
            answer = None
            desc = "refused: %s" % e
        took = time.monotonic() - t0
        self.check((answer == 401 and took < 2.0) or
                   (answer is None and took < 2.0),
                   "P07 with 1000 idle connections a request is served "
                   "or refused fast", "%s in %.2f s (%d of 1000 refused)" %
                   (desc, took, refused))
        for s in idle:
            s.close()
        time.sleep(0.5)
        self.check(alive(self.pid), "P07 the daemon survives", "it died")
        a = ask(self.path, default_params())
        self.expect("P07 after they close, requests are served", a, 401)

    # P08: management records on requestId 0.
    def p08(self):
        s = connect(self.path)
        deadline = time.monotonic() + 5
        sendall(s, record(20, 0))
        try:
            _, rtype, reqid, content = read_record(s, deadline)
            ok = (rtype == UNKNOWN_TYPE and reqid == 0 and
                  len(content) >= 1 and content[0] == 20)
            why = "type %d reqid %d content %r" % (rtype, reqid, content)
        except (EOFError, socket.timeout) as e:
            ok, why = False, "no reply (%s)" % type(e).__name__
        self.check(ok, "P08 record type 20 on requestId 0: "
                   "FCGI_UNKNOWN_TYPE naming type 20", why)
        # libfcgi reads a record whose content ends a read without padding
        # only when more bytes come: pad it, as web servers do.
        names = b"".join(nv(n, "") for n in ("FCGI_MAX_CONNS",
                                             "FCGI_MAX_REQS",
                                             "FCGI_MPXS_CONNS"))
        sendall(s, record(GET_VALUES, 0, names,
                          padding=8 if len(names) % 8 == 0 else None))
        try:
            _, rtype, reqid, content = read_record(s, deadline)
            ok = (rtype == GET_VALUES_RESULT and reqid == 0 and
                  b"FCGI_MPXS_CONNS" in content)
            why = "type %d content %r" % (rtype, content)
        except (EOFError, socket.timeout) as e:
            ok, why = False, "no reply (%s)" % type(e).__name__
        self.check(ok, "P08 FCGI_GET_VALUES on the same connection: "
                   "GET_VALUES_RESULT with FCGI_MPXS_CONNS", why)
        sendall(s, request_bytes(default_params()))
        a = read_answer(s)
        s.close()
        self.expect("P08 the connection lives on: a request after them is "
                    "answered", a, 401)
        # An unknown type with content: libfcgi replies, then drops the
        # connection (it reads the content as the request's); no harm.
        s = connect(self.path)
        sendall(s, record(20, 0, b"12345678"))
        try:
            _, rtype, reqid, content = read_record(s, deadline)
            ok = rtype == UNKNOWN_TYPE and content[:1] == b"\x14"
            why = "type %d content %r" % (rtype, content)
        except (EOFError, socket.timeout) as e:
            ok, why = False, "no reply (%s)" % type(e).__name__
        s.close()
        self.check(ok, "P08 record type 20 with content: FCGI_UNKNOWN_TYPE",
                   why)
        a = ask(self.path, default_params())
        self.expect("P08 then a request is served", a, 401)

    # P10: ABORT_REQUEST in the middle of PARAMS.
    def p10(self):
        bob = "%s=%s" % (SID_NAME, BOB_SID)
        body = b"".join(nv(k, v) for k, v in default_params(
            HTTP_COOKIE=bob))
        s = connect(self.path)
        sendall(s, begin() + record(PARAMS, 1, body[:len(body) // 2]))
        time.sleep(0.2)
        sendall(s, record(ABORT_REQUEST, 1))
        a = read_answer(s, timeout=6)
        s.close()
        self.check(a.status != 200 and "remote-user" not in
                   dict(a.headers), "P10 ABORT_REQUEST mid-PARAMS: no 200",
                   a.describe())
        self.check(a.end is not None, "P10 ABORT_REQUEST mid-PARAMS: "
                   "END_REQUEST (FastCGI 5.4)", a.describe())
        a = ask(self.path, default_params())
        self.expect("P10 then a normal request is served", a, 401)

    # P11: an empty PARAMS stream.
    def p11(self):
        for role in (RESPONDER, AUTHORIZER):
            a = ask(self.path, [], role=role)
            self.check(a.status in (401, 403, 500),
                       "P11 empty PARAMS (role %d): an explicit "
                       "401/403/500, never 200" % role, a.describe())
            self.hygiene(a, "P11 role %d" % role, role)

    # P13: duplicated parameters.
    def p13(self):
        bob = "%s=%s" % (SID_NAME, BOB_SID)
        alice = "%s=%s" % (SID_NAME, ALICE_SID)
        p = default_params(HTTP_COOKIE=bob, REQUEST_URI="/wiki/")
        p.append(("REQUEST_URI", "/admin/"))
        self.expect("P13 two different REQUEST_URI: 403",
                    ask(self.path, p), 403)
        p = default_params(HTTP_COOKIE=alice, REQUEST_URI="/admin/")
        p.append(("HTTP_COOKIE", bob))
        self.expect("P13 two different HTTP_COOKIE: 403",
                    ask(self.path, p), 403)
        p = default_params(HTTP_COOKIE=bob, REQUEST_URI="/admin/",
                           HTTP_HOST="grafana.example.com")
        p.append(("HTTP_HOST", "app.example.com"))
        self.expect("P13 two different HTTP_HOST: 403",
                    ask(self.path, p), 403)
        p = default_params(HTTP_COOKIE=bob, REQUEST_URI="/admin/")
        p.append(("HTTP_HOST", "APP.example.com."))
        p.append(("CONTENT_LENGTH", ""))
        p.append(("CONTENT_LENGTH", "0"))
        self.expect("P13 HTTP_HOST twice, equal after normalization, and "
                    "CONTENT_LENGTH twice: one request, 200 for bob",
                    ask(self.path, p), 200)

    # P14: CR LF in HTTP_HOST; a NUL in a parameter name.
    def p14(self):
        a = ask(self.path, default_params(HTTP_HOST="app.example.com\r\nX: y"))
        self.expect("P14 HTTP_HOST with CR LF: 403", a, 403)
        self.check(a.header("x") is None and b"X: y" not in a.stdout,
                   "P14 nothing of it echoed", repr(a.stdout))
        p = default_params(HTTP_COOKIE="%s=%s" % (SID_NAME, BOB_SID),
                           REQUEST_URI=None)
        p.append(("REQUEST_URI\0X", "/wiki/"))
        a = ask(self.path, p)
        self.check(a.status in (None, 400, 401, 403, 500) and
                   a.status != 200, "P14 a parameter name with a NUL is "
                   "no REQUEST_URI: no 200", a.describe())

    # P16: KEEP_CONN carries nothing over; without it the connection ends.
    def p16(self):
        bob = "%s=%s" % (SID_NAME, BOB_SID)
        s = connect(self.path)
        sendall(s, request_bytes(default_params(HTTP_COOKIE=bob,
                                 REQUEST_URI="/admin/"), flags=KEEP_CONN))
        a = read_answer(s)
        self.expect("P16 KEEP_CONN request 1 with bob's cookie: 200", a, 200,
                    headers={"remote-user": "bob"})
        sendall(s, request_bytes(default_params(REQUEST_URI="/admin/"),
                                 reqid=2, flags=KEEP_CONN))
        a = read_answer(s, reqid=2)
        self.expect("P16 KEEP_CONN request 2 without a cookie on the same "
                    "connection: 401", a, 401)
        self.check(a.header("remote-user") is None,
                   "P16 no identity carried over", repr(a.headers))
        s.close()

        s = connect(self.path)
        sendall(s, request_bytes(default_params(HTTP_COOKIE=bob)))
        a = read_answer(s)
        self.expect("P16 without KEEP_CONN: answered", a, 200)
        self.check(closed_within(s, 2.0), "P16 without KEEP_CONN the "
                   "connection closes after END_REQUEST", "still open")
        s.close()

    # A kept connection whose peer is gone before its answer: libfcgi
    # closes the descriptor itself when the write fails.  The next
    # connection gets the same descriptor number; it must still be
    # watched when its request comes in two parts.
    def gone(self):
        bob = "%s=%s" % (SID_NAME, BOB_SID)
        for i in range(3):
            s = connect(self.path)
            sendall(s, request_bytes(default_params(), flags=KEEP_CONN))
            a = read_answer(s)
            sendall(s, request_bytes(default_params(HTTP_COOKIE=bob),
                                     reqid=2, flags=KEEP_CONN))
            s.close()
            time.sleep(0.2)
            s = connect(self.path)
            data = request_bytes(default_params())
            sendall(s, data[:8])
            time.sleep(0.3)
            sendall(s, data[8:])
            a = read_answer(s, timeout=10)
            s.close()
            self.expect("a peer gone before its answer on a kept "
                        "connection (%d): the next connection, its request "
                        "in two parts, is answered" % (i + 1), a, 401)

    # W07: fixed bodies, nothing reflected.
    def w07(self):
        host = "app.example.com"
        for label, params in (
                ("401", default_params(REQUEST_URI="/<script>alert(1)"
                                       "</script>")),
                ("403 (no application)", default_params(
                    HTTP_HOST="nothing.example.com",
                    REQUEST_URI="/<script>alert(1)</script>")),
                ("403 (malformed)", default_params(
                    HTTP_HOST="<script>.example.com",
                    REQUEST_URI="/<script>"))):
            for role in (RESPONDER, AUTHORIZER):
                a = ask(self.path, params, role=role)
                body = a.body.decode("latin-1")
                self.check(a.status in (302, 401, 403) and
                           "<script" not in body and "example.com" not in body
                           and host not in body,
                           "W07 %s body (role %d) reflects neither URI nor "
                           "host" % (label, role),
                           "%s body %r" % (a.describe(), body))
                self.check("<" not in (a.header("location") or ""),
                           "W07 %s Location (role %d) holds no raw <" %
                           (label, role), repr(a.header("location")))

    def all(self, timeout):
        for case in (self.p01, self.p03, self.p04, self.p08, self.p10,
                     self.p11, self.p13, self.p14, self.p16, self.gone,
                     self.w07,
                     self.p07):
            try:
                case()
            except Exception as e:      # a crash is one failure, not all
                self.check(False, "%s raised" % case.__name__, repr(e))
        try:
            self.p06(timeout)
        except Exception as e:
            self.check(False, "p06 raised", repr(e))
        print("# passed=%d failed=%d" % (self.passed, self.failed))
        return self.failed == 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "cases":
        timeout = int(os.environ.get("FCGI_TIMEOUT", "3"))
        return 0 if Run(argv[2], int(argv[3])).all(timeout) else 1
    if len(argv) >= 3 and argv[1] == "one":
        p = default_params()
        if len(argv) >= 4:
            p.append(("HTTP_COOKIE", argv[3]))
        try:
            a = ask(argv[2], p)
        except OSError as e:
            print("refused %s" % e)
            return 1
        print(a.status if a.status is not None else "closed")
        return 0
    if len(argv) >= 4 and argv[1] == "inflight":
        body = b"".join(nv(k, v) for k, v in default_params(
            HTTP_COOKIE="%s=%s" % (SID_NAME, BOB_SID)))
        s = connect(argv[2], timeout=10)
        half = len(body) // 2
        sendall(s, begin() + struct.pack(">BBHHBB", FCGI_VERSION, PARAMS, 1,
                                         len(body), 0, 0) + body[:half])
        time.sleep(0.5)     # in a worker's hands by now
        open(argv[3], "w").close()
        time.sleep(1.0)     # the daemon has its SIGTERM
        sendall(s, body[half:] + record(PARAMS, 1) + record(STDIN, 1))
        a = read_answer(s, timeout=5)
        print(a.status if a.status is not None else "closed")
        return 0
    sys.stderr.write("usage: client.py cases SOCKET PID | one SOCKET "
                     "[COOKIE] | inflight SOCKET READYFILE\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
