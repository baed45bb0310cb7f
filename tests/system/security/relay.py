#!/usr/bin/env python3
"""An attacker without the shared secret, for the rack link tests.

  relay ADDR PORT TARGET_HOST TARGET_PORT DIR [transparent]
      Accepts on ADDR:PORT (with IP_TRANSPARENT when asked, so policy routing can steer another
      host's connections to TARGET through it), forwards every byte both ways, appends what it
      sees to DIR/capture.up (rack -> region) and DIR/capture.down, one line per accepted
      connection to DIR/connections. When DIR/inject.up or DIR/inject.down appears, its bytes
      are written once into the newest live connection in that direction and the file is
      renamed *.done.
  fake-discovery ADDR PORT RPC_ADDR RPC_PORT
      Answers GET /MAAS/rpc/ with an unsigned endpoint list naming RPC_ADDR:RPC_PORT.
"""
import http.server
import json
import os
import select
import socket
import sys
import threading

IP_TRANSPARENT = 19
lock = threading.Lock()
live = []  # (client, upstream) of open connections, newest last


def append(path, data):
    with lock, open(path, "ab") as f:
        f.write(data)


def inject(directory):
    for direction in ("up", "down"):
        path = os.path.join(directory, "inject." + direction)
        if not os.path.exists(path):
            continue
        with lock:
            target = live[-1] if live else None
        if target is None:
            return
        with open(path, "rb") as f:
            data = f.read()
        (target[1] if direction == "up" else target[0]).sendall(data)
        os.rename(path, path + ".done")


def pump(client, directory, target):
    try:
        upstream = socket.create_connection(target, timeout=5)
    except OSError:
        client.close()
        return
    with lock:
        live.append((client, upstream))
    try:
        while True:
            readable, _, _ = select.select([client, upstream], [], [], 0.1)
            inject(directory)
            for s in readable:
                data = s.recv(65536)
                if not data:
                    return
                up = s is client
                append(os.path.join(directory, "capture." + ("up" if up else "down")), data)
                (upstream if up else client).sendall(data)
    except OSError:
        return
    finally:
        with lock:
            live.remove((client, upstream))
        client.close()
        upstream.close()


def relay(addr, port, target_host, target_port, directory, mode=""):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if mode == "transparent":
        listener.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
    listener.bind((addr, int(port)))
    listener.listen(64)
    while True:
        client, peer = listener.accept()
        append(os.path.join(directory, "connections"), ("%s:%d\n" % peer).encode())
        threading.Thread(target=pump, args=(client, directory, (target_host, int(target_port))),
                         daemon=True).start()


def fake_discovery(addr, port, rpc_addr, rpc_port):
    body = json.dumps({"eventloops": {"relay:pid=1": [[rpc_addr, int(rpc_port)]]}}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer((addr, int(port)), Handler).serve_forever()


if __name__ == "__main__":
    {"relay": relay, "fake-discovery": fake_discovery}[sys.argv[1]](*sys.argv[2:])
