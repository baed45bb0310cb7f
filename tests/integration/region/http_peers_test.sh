#!/bin/bash
# Awkward peers against a worker that sends head and body with one gathered write: pipelined
# requests, a slow reader with a small window, a half-closed client and one that leaves in the
# middle of a body, on a list large enough to span many writes (served from the list cache the
# second time, and built fresh the first).
source "$(dirname "$0")/lib.sh"

start_api_region
psql_maas >/dev/null <<'SQL'
INSERT INTO nodes (system_id, hostname, node_type, status, architecture, power_type)
  SELECT 'p' || lpad(g::text, 5, '0'), 'peer-' || lpad(g::text, 5, '0'), 0, 4, 'amd64/generic', 'manual'
  FROM generate_series(1, 2000) g;
SQL
auths=()
for _ in 1 2 3 4 5; do auths+=("$("$TOOLS/region_oauth_header" "$API_KEY")"); done
python3 "$(dirname "$0")/http_peers.py" "$HP" /MAAS/api/2.0/machines/ "${auths[@]}" || FAILED=1
curl -s -m 20 "http://127.0.0.1:$HP/MAAS/healthz" >/dev/null || fail "the worker stopped answering"
finish
