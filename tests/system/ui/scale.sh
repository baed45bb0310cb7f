#!/usr/bin/env bash
# The web UI at fleet size, for correctness only (no timing asserted): one real maas-regiond
# worker on a real PostgreSQL (the region test harness), 10,000 machines and 1,000 subnets in
# bulk SQL shaped as the API writes them (scale_seed.sql), headless Chromium on loopback driving
# scale.cjs. Everything is stopped by PID on exit, pass or fail.
# Environment: BIN (build/bin), TOOLS (build/tests), APP_DIR (the build copy of ui/ with
# node_modules), SHOT_DIR (screenshots).
source "$(dirname "$0")/../../integration/region/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
: "${APP_DIR:?}" "${SHOT_DIR:?}"
for tool in /usr/bin/chromium node jq; do
    command -v "$tool" >/dev/null || fail "$tool missing (tools/install-deps)"
done

start_api_region  # its admin is admin / pw
PGOPTIONS=--client-min-messages=warning psql_maas >/dev/null \
    -v m_from=1 -v m_to=10000 -v s_from=1 -v s_to=1000 -f "$here/scale_seed.sql"
export MAAS_BASE=http://127.0.0.1:$HP ADMIN_USER=admin ADMIN_PASS=pw
PSQL_ARGV=$(node -e 'console.log(JSON.stringify(process.argv.slice(1)))' \
    psql -h "$WORK/pg" -p "$PG_PORT" -U maas -d maasdb -X -q -v ON_ERROR_STOP=1)
export PSQL_ARGV
rm -rf "$SHOT_DIR" && mkdir -p "$SHOT_DIR"
timeout 900 node "$here/scale.cjs" || fail "browser tests at scale"
finish
