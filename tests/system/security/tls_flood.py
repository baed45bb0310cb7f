#!/usr/bin/env python3
"""Hostile TLS clients on a region's HTTPS port: COUNT connections, a third sending nothing,
a third a TLS record header and a few bytes of a ClientHello then nothing (slow handshakes),
a third 4 KiB of random garbage. Holds them up to LIMIT seconds and prints how many of each
kind the server closed: `closed_garbage=N closed_silent=N closed_slow=N opened=N`."""
import os
import select
import socket
import sys
import time

host, port, count, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
kinds = {"silent": [], "slow": [], "garbage": []}
opened = 0
for i in range(count):
    try:
        s = socket.create_connection((host, port), timeout=2)
    except OSError:
        continue
    opened += 1
    kind = ("silent", "slow", "garbage")[i % 3]
    try:
        if kind == "slow":
            s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
        elif kind == "garbage":
            s.sendall(os.urandom(4096))
    except OSError:
        pass
    s.setblocking(False)
    kinds[kind].append(s)
print("flood-open", flush=True)
closed = {k: set() for k in kinds}
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    live = [s for k, socks in kinds.items() for s in socks if s not in closed[k]]
    if not live:
        break
    readable, _, _ = select.select(live, [], [], 0.2)
    for s in readable:
        try:
            data = s.recv(65536)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            data = b""
        if not data:
            for k, socks in kinds.items():
                if s in socks:
                    closed[k].add(s)
print(f"closed_garbage={len(closed['garbage'])} closed_silent={len(closed['silent'])} "
      f"closed_slow={len(closed['slow'])} opened={opened}", flush=True)
