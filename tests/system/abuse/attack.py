#!/usr/bin/env python3
"""Hostile clients for the abuse suite. Every mode is bounded in time and count and prints
one summary line (key=value ...) on stdout.

  login-flood URL THREADS SECONDS          wrong-password logins as fast as they go
  slowloris HOST PORT CONNS SECONDS        heads trickled one header line a second
  post-no-length HOST PORT PATH AUTH BODY  a POST without Content-Length; time to the answer
  rpc-squat HOST PORT CONNS SECONDS MODE SRC..  pre-auth sockets: idle, or (MODE frame) each
                                           announcing a 1 MiB frame and sending 4000 bytes
  webhook-bmc ADDRESS PORT                 a BMC webhook: /huge (2 MiB body), /endless
"""
import http.server
import socket
import socketserver
import sys
import threading
import time
import urllib.error
import urllib.request


def login_flood(url, threads, seconds):
    stop = time.monotonic() + float(seconds)
    counts = {}
    lock = threading.Lock()

    def worker(n):
        i = 0
        while time.monotonic() < stop and i < 100000:
            i += 1
            data = f"username=admin&password=wrong-{n}-{i}".encode()
            try:
                with urllib.request.urlopen(url, data=data, timeout=5) as r:
                    status = r.status
            except urllib.error.HTTPError as e:
                status = e.code
            except Exception:  # refused, reset, timed out: counted, never fatal
                status = "error"
            with lock:
                counts[status] = counts.get(status, 0) + 1

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(int(threads))]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    print(" ".join(f"status_{k}={v}" for k, v in sorted(counts.items(), key=str)))


def slowloris(host, port, conns, seconds):
    socks = []
    for _ in range(int(conns)):
        try:
            s = socket.create_connection((host, int(port)), timeout=2)
            s.sendall(b"GET /MAAS/healthz HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        except OSError:
            pass
    opened = len(socks)
    stop = time.monotonic() + float(seconds)
    closed = 0
    while time.monotonic() < stop and socks:
        time.sleep(1)
        alive = []
        for s in socks:
            try:
                s.sendall(b"X-Slow: a\r\n")
                alive.append(s)
            except OSError:
                closed += 1
                s.close()
        socks = alive
    for s in socks:
        s.close()
    print(f"opened={opened} closed_by_server={closed}")


def post_no_length(host, port, path, auth, body):
    s = socket.create_connection((host, int(port)), timeout=60)
    started = time.monotonic()
    s.sendall((f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {auth}\r\n"
               "Content-Type: application/x-www-form-urlencoded\r\n\r\n" + body).encode())
    s.settimeout(60)
    answer = b""
    try:
        while b"\r\n" not in answer:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    except OSError:
        pass
    elapsed = time.monotonic() - started
    status = answer.split(b" ")[1].decode() if answer.count(b" ") >= 1 else "none"
    s.close()
    print(f"status={status} seconds={elapsed:.3f}")


def rpc_squat(host, port, conns, seconds, mode, *sources):
    socks = []
    header = (1 << 20).to_bytes(4, "big")  # announces 1 MiB: more than any pre-auth frame
    for i in range(int(conns)):
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            if sources:
                s.bind((sources[i % len(sources)], 0))
            s.settimeout(2)
            s.connect((host, int(port)))
            if mode == "frame":
                s.sendall(header + b"x" * 4000)
            socks.append(s)
        except OSError:
            s.close()
    opened = len(socks)
    time.sleep(float(seconds))
    alive = 0
    for s in socks:
        try:
            s.setblocking(False)
            if s.recv(1) == b"":
                continue  # closed by the server
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
        finally:
            s.close()
    print(f"opened={opened} still_open={alive}")


class Bmc(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    stop = threading.Event()

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.answer()

    def do_POST(self):
        self.answer()

    def answer(self):
        if self.path.startswith("/huge"):
            block = b"status: stopping, not yet runnin " * 2048  # ~64 KiB, no match
            self.send_response(200)
            self.send_header("Content-Length", str(len(block) * 32))
            self.end_headers()
            for _ in range(32):
                self.wfile.write(block)
        else:  # /endless: a body that trickles and never ends (bounded by the server's life)
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(3600):
                if Bmc.stop.is_set():
                    return
                self.wfile.write(b"status ")
                self.wfile.flush()
                time.sleep(0.1)


def webhook_bmc(address, port):
    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
    Server((address, int(port)), Bmc).serve_forever()


if __name__ == "__main__":
    modes = {"login-flood": login_flood, "slowloris": slowloris,
             "post-no-length": post_no_length, "rpc-squat": rpc_squat,
             "webhook-bmc": webhook_bmc}
    modes[sys.argv[1]](*sys.argv[2:])
