#!/usr/bin/env python3
"""Test HTTP server standing in for many webhook BMCs (bench/bmc, tests/system).

GET /q/<id> answers {"status": "running"|"stopped"}; POST /on/<id>, /off/<id> change it.
Any of them with ?delay=S (0-30 s) answers S seconds late, as a slow BMC does.
GET /stats answers "<distinct ids queried since reset> <queries since reset> <requests being
delayed now> <most requests in flight at once on one path since reset>"; POST /reset.
Usage: webhook_server.py ADDRESS PORT
"""
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
STATE = {}
SEEN = set()
QUERIES = [0]
DELAYED = [0]
IN_FLIGHT = {}
MOST_AT_ONCE = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, code, body):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def route(self):
        """The path's parts, after waiting out ?delay=S."""
        url = urlsplit(self.path)
        delay = min(max(float(parse_qs(url.query).get("delay", ["0"])[0]), 0.0), 30.0)
        with LOCK:
            IN_FLIGHT[url.path] = IN_FLIGHT.get(url.path, 0) + 1
            MOST_AT_ONCE[0] = max(MOST_AT_ONCE[0], IN_FLIGHT[url.path])
            DELAYED[0] += delay > 0
        time.sleep(delay)
        with LOCK:
            IN_FLIGHT[url.path] -= 1
            DELAYED[0] -= delay > 0
        return url.path.strip("/").split("/")

    def do_GET(self):
        parts = self.route()
        with LOCK:
            if parts[0] == "stats":
                return self.answer(
                    200, "%d %d %d %d" % (len(SEEN), QUERIES[0], DELAYED[0], MOST_AT_ONCE[0]))
            if parts[0] == "q" and len(parts) == 2:
                SEEN.add(parts[1])
                QUERIES[0] += 1
                on = STATE.get(parts[1], False)
                return self.answer(200, '{"status": "%s"}' % ("running" if on else "stopped"))
        self.answer(404, "no such path")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        parts = self.route()
        with LOCK:
            if parts[0] == "reset":
                SEEN.clear()
                QUERIES[0] = 0
                MOST_AT_ONCE[0] = 0
                return self.answer(200, "")
            if parts[0] in ("on", "off") and len(parts) == 2:
                STATE[parts[1]] = parts[0] == "on"
                return self.answer(200, "")
        self.answer(404, "no such path")


if __name__ == "__main__":
    server = ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), Handler)
    server.daemon_threads = True
    server.serve_forever()
