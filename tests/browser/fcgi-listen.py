# postern browser test: start a FastCGI program on a unix socket.
#
# Binds and listens on SOCKET, puts the listening socket on standard input
# (where libfcgi looks for it, as spawn-fcgi or a web server would), and
# execs PROGRAM in this same process, so the caller's $! is its pid.
#
# usage: python3 fcgi-listen.py SOCKET PROGRAM [ARG...]
import os
import socket
import sys

path = sys.argv[1]
try:
    os.unlink(path)
except FileNotFoundError:
    pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(64)
os.dup2(s.fileno(), 0)
s.close()
os.execv(sys.argv[2], sys.argv[2:])
