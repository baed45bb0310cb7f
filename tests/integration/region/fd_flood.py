"""Floods a region worker with idle TCP connections until it runs out of file descriptors.

Usage: fd_flood.py HOST PORT COUNT SECONDS OUT_DIR
A keep-alive connection opened first asks readyz and healthz before the flood, during it and
(on a fresh connection) after it is released. Writes one "name status" line per probe to
OUT_DIR/probes, and how long readyz took to say 503 to OUT_DIR/not-ready-after-s.
Waits for OUT_DIR/release (or SECONDS) before closing the flood. Bounded in count and time.
"""
import os
import resource
import socket
import sys
import time


def ask(sock, path):
    """One GET on an open keep-alive connection; returns the status code (0: no answer)."""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
    data = b""
    deadline = time.monotonic() + 5
    while b"\r\n\r\n" not in data and time.monotonic() < deadline:
        chunk = sock.recv(4096)
        if not chunk:
            return 0
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length and time.monotonic() < deadline:
        chunk = sock.recv(4096)
        if not chunk:
            break
        body += chunk
    parts = head.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 else 0


def main():
    host, port, count, seconds, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
        float(sys.argv[4]), sys.argv[5]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 64)), hard))
    probes = []
    keep = socket.create_connection((host, port), timeout=5)
    probes.append(("before-readyz", ask(keep, "/MAAS/readyz")))
    flood = []
    for _ in range(count):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex((host, port))
        flood.append(s)
    # Readiness must turn false once the worker refuses connections: polled, bounded (10 s).
    started = time.monotonic()
    status = ask(keep, "/MAAS/readyz")
    while status != 503 and time.monotonic() - started < 10:
        time.sleep(0.1)
        status = ask(keep, "/MAAS/readyz")
    probes.append(("during-readyz", status))
    with open(os.path.join(out, "not-ready-after-s"), "w") as f:
        f.write(f"{time.monotonic() - started:.2f}\n")
    probes.append(("during-healthz", ask(keep, "/MAAS/healthz")))
    with open(os.path.join(out, "probes"), "w") as f:
        f.writelines(f"{n} {c}\n" for n, c in probes)
    with open(os.path.join(out, "flooding"), "w") as f:
        f.write("yes\n")
    deadline = time.monotonic() + seconds
    while not os.path.exists(os.path.join(out, "release")) and time.monotonic() < deadline:
        time.sleep(0.1)
    for s in flood:
        s.close()
    keep.close()


if __name__ == "__main__":
    main()
