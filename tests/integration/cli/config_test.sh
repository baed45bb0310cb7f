#!/usr/bin/env bash
# maas config: validated as a whole, nothing written on a bad value, supervisor converges.
BUILD=$1 source "$(dirname "$0")/../supervisor/lib.sh"
sup_setup
"$MAAS" init region --database-uri postgresql://maas:pw@127.0.0.1/maasdb --num-workers 1 >/dev/null
conf="$MAAS_ROOT/etc/maas/regiond.conf"
sup_start
wait_for "regiond-0 ready" 5 state_is regiond-0 ready

before=$(md5sum "$conf" "$MAAS_ROOT/etc/maas/supervisor.conf")
set +e
out=$("$MAAS" config --num-workers 3 --maas-url bad 2>&1); rc=$?
set -e
[ "$rc" = 2 ] && [ "$out" = "--maas-url: 'bad' is not a valid http(s) URL." ] || fail "$rc $out"
out=$("$MAAS" config --num-workers 0 --enable-debug 2>&1) && fail "accepted 0 workers"
[ "$out" = "--num-workers: must be between 1 and 8, got 0." ] || fail "$out"
out=$("$MAAS" config --enable-debug --disable-debug 2>&1) && fail "accepted both debug flags"
[ "$before" = "$(md5sum "$conf" "$MAAS_ROOT/etc/maas/supervisor.conf")" ] || fail "bad config wrote"

"$MAAS" config --num-workers 2 --maas-url http://127.0.0.1:5240/MAAS --enable-debug >/dev/null
grep -q '^num_workers: 2$' "$conf" || fail "num_workers not written"
grep -q '^debug: true$' "$conf" || fail "debug not written"
wait_for "regiond-1 ready" 5 state_is regiond-1 ready
show=$("$MAAS" config --show)
echo "$show" | grep -q '^num_workers: 2$' || fail "show: $show"
echo "$show" | grep -q '^debug: true$' || fail "show debug: $show"
echo "$show" | grep -q '^database: maas@127.0.0.1:5432/maasdb$' || fail "show database: $show"
echo "PASS config"
