#!/bin/bash
# db::inTransactionRetrying (used by the power calls' short transactions) on a real PostgreSQL:
# the server ends the pool's idle session, the next transaction runs again on a fresh one.
source "$(dirname "$0")/lib.sh"

pg_start
ROOT=$(region_root r1 "$(free_port)" "$(free_port)")
start_worker "$ROOT" 0  # applies the schema
for method in GET POST; do
    check "$method transaction after the server ended the session" "fresh session" \
        "$(MAAS_ROOT=$ROOT "$TOOLS/region_retry_probe" "$method" 2>&1)"
done
finish
