"""Hostile and awkward HTTP peers against one region worker (head and body are sent by writev).

Usage: http_peers.py PORT PATH AUTH1 AUTH2 AUTH3 AUTH4 AUTH5: PATH is a large authenticated list,
each AUTH one OAuth header (one nonce each). Prints one `ok - ...` line per case, exits 1 on
the first failure.
"""
import json
import socket
import sys
import time

PORT, PATH, AUTHS = int(sys.argv[1]), sys.argv[2], sys.argv[3:]


def request(path, auth=None, extra=""):
    head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if auth:
        head += f"Authorization: {auth}\r\n"
    return (head + extra + "\r\n").encode()


def read_response(sock, deadline):
    """One response from sock: (status, headers, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        if time.monotonic() > deadline:
            raise RuntimeError("no head before the deadline")
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("closed before the head")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    headers = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines[1:])}
    length = int(headers["content-length"])
    while len(body) < length:
        if time.monotonic() > deadline:
            raise RuntimeError(f"body {len(body)} of {length} before the deadline")
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError(f"closed after {len(body)} of {length} body bytes")
        body += chunk
    return int(lines[0].split()[1]), headers, body[:length], body[length:]


def connect(rcvbuf=None):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(30)
    sock.connect(("127.0.0.1", PORT))
    return sock


def fail(message):
    print(f"FAIL - {message}")
    sys.exit(1)


def check(name, condition):
    if not condition:
        fail(name)
    print(f"ok - {name}")


deadline = lambda: time.monotonic() + 60

# The reference answer, read plainly.
with connect() as s:
    s.sendall(request(PATH, AUTHS[0]))
    status, headers, whole, rest = read_response(s, deadline())
check("reference answer", status == 200 and len(json.loads(whole)) > 0 and not rest)

# Pipelining: two requests in one segment, answered in order, each whole.
with connect() as s:
    s.sendall(request(PATH, AUTHS[1]) + request("/MAAS/api/2.0/version/"))
    status, _, body, rest = read_response(s, deadline())
    check("pipelined: the list first, whole", status == 200 and body == whole)
    s2 = rest
    if b"\r\n\r\n" not in s2:
        status2, _, body2, _ = read_response(s, deadline())
    else:  # the second answer came with the first
        head, b2 = s2.split(b"\r\n\r\n", 1)
        status2, body2 = int(head.split()[1]), b2
    check("pipelined: the version after it", status2 == 200 and b"capabilities" in body2)

# A slow reader: a small receive window, read a few KB at a time with pauses.
with connect(rcvbuf=4096) as s:
    s.sendall(request(PATH, AUTHS[2]))
    time.sleep(0.5)  # let the server fill the window and wait for writability
    data = b""
    end = deadline()
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < len(whole):
        if time.monotonic() > end:
            fail("slow reader: not all bytes before the deadline")
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
        if len(data) < 64 * 1024:
            time.sleep(0.01)
    check("slow reader: every byte, in order", data.split(b"\r\n\r\n", 1)[1] == whole)

# Half-closed: the request, then no more writes from the client; the answer still comes.
with connect() as s:
    s.sendall(request(PATH, AUTHS[3], "Connection: close\r\n"))
    s.shutdown(socket.SHUT_WR)
    status, _, body, _ = read_response(s, deadline())
    check("half-closed: the whole answer", status == 200 and body == whole)

# A peer that leaves in the middle of the body: the worker goes on serving others.
with connect(rcvbuf=4096) as s:
    s.sendall(request(PATH, AUTHS[4]))
    s.recv(1024)
s = connect()
s.sendall(request("/MAAS/api/2.0/version/"))
status, _, body, _ = read_response(s, deadline())
s.close()
check("a peer gone mid-body: the next one is served", status == 200)
