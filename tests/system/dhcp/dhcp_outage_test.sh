#!/bin/bash
# Racks ride out a region and database outage (dhcp_pair_env.sh: region, two racks under their
# supervisors with real kea-dhcp4 and the hook, udhcpc clients, each in a namespace).
# Four client loops keep DHCP busy (one DORA after another on u1..u8; each interface takes a new
# MAC every quarter of the outage, so new leases keep coming). Then the region worker and
# PostgreSQL stop for OUTAGE_S seconds (default 60), and rack A's rackd is restarted a third of
# the way in. Afterwards:
#   - no client exchange failed, before, during or after the outage;
#   - neither rack's kea-dhcp4 was restarted or reconfigured (same process, same file);
#   - a lease made during the outage is in both racks' lease databases (still replicated);
#   - every client's newest lease shows in `maas admin ipaddresses read all=true` with its
#     MAC, once; each rack's spool is empty, gave nothing up, and the region recorded its last
#     sequence number.
# Prints `outage: seconds=... exchanges=... failed-dhcp=... lost-events=... spooled-events=...`.
# Environment: BIN, TOOLS, BUILD; OUTAGE_S; STOP_REGION=no runs the same steps for as long with
# the region and PostgreSQL up throughout (the benchmark's baseline).
P="mdo$$"
CLIENTS=8
OUTAGE_S=${OUTAGE_S:-60}
STOP_REGION=${STOP_REGION:-yes}
source "$(dirname "$0")/dhcp_pair_env.sh"

LOAD_PIDS=()
stop_load() {
    touch "$WORK/load.stop"
    local pid
    for pid in "${LOAD_PIDS[@]}"; do wait_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true; done
}
trap 'stop_load; cleanup_dhcp' EXIT

# --- DHCP load: four loops, one exchange at a time each; "ok TIME MAC IP SERVER" or "fail ..."
echo 0 >"$WORK/round"
exchange() {  # exchange K: a DORA on uK with the MAC of the current round
    local k=$1 mac out
    mac=$(printf '02:6f:00:00:%02x:%02x' "$k" "$(cat "$WORK/round")")
    if [ "$(ip netns exec "$NS_C" cat "/sys/class/net/u$k/address")" != "$mac" ]; then
        ip -n "$NS_C" link set "u$k" down
        ip -n "$NS_C" link set "u$k" address "$mac"
        ip -n "$NS_C" link set "u$k" up
    fi
    out="$WORK/load.u$k"
    rm -f "$out"
    UDHCP_OUT="$out" timeout 30 ip netns exec "$NS_C" \
        udhcpc -i "u$k" -n -q -f -t 8 -T 1 -s "$WORK/udhcpc.sh" >/dev/null 2>&1 || true
    if [ -s "$out" ]; then
        echo "ok $(date +%s) $mac $(cut -d' ' -f1,2 "$out")"
    else
        echo "fail $(date +%s) $mac"
    fi
}
load() {  # load FIRST LAST: bounded; stops when load.stop appears
    local i=0 n=$(($2 - $1 + 1))
    while [ ! -e "$WORK/load.stop" ] && [ $i -lt 20000 ]; do
        exchange $(($1 + i % n)) >>"$WORK/load.$1.log"
        i=$((i + 1))
    done
}
for first in 1 3 5 7; do
    load "$first" $((first + 1)) &
    LOAD_PIDS+=($!)
done
results() { cat "$WORK"/load.[0-9]*.log 2>/dev/null; }
round_leased() {  # every interface has a lease with round $1's MAC
    [ "$(results | awk -v r="$(printf '%02x' "$1")" '$1 == "ok" && substr($3, 16) == r { print $3 }' | sort -u | wc -l)" = "$CLIENTS" ]
}
wait_for "every client leased" 60 round_leased 0

# --- the region's view of the leases: "IP MAC" per DHCP lease
region_leases() {
    maas admin ipaddresses read all=true 2>/dev/null |
        jq -r '.[] | select(.alloc_type == 5) | "\(.ip) \(.mac_address)"'
}
newest_leases() {  # the newest lease per MAC the clients got: "IP MAC"
    results | awk '$1 == "ok" { ip[$3] = $4 } END { for (m in ip) print ip[m], m }' | sort
}
missing_leases() { comm -23 <(newest_leases) <(region_leases | sort) | wc -l; }
all_listed() { [ "$(missing_leases)" = 0 ]; }
wait_for "the region lists the clients' leases" 30 all_listed
log "$(newest_leases | wc -l) leases listed before the outage"

spool() { jq -r ".$2" "$1/var/lib/maas/rack/lease-spool.json" 2>/dev/null || echo 0; }
rackd_replaced() { local p; p=$(rackd_pid "$RA"); [ -n "$p" ] && [ "$p" != null ] && [ "$p" != "$OLD_RACKD" ]; }
kea_pid() { jq -r '.services[] | select(.name == "kea-dhcp4") | .pid' "$1/run/maas/supervisor.status"; }
rackd_pid() { jq -r '.services[] | select(.name == "rackd") | .pid' "$1/run/maas/supervisor.status"; }
conf_sum() { md5sum <"$1/var/lib/maas/dhcp/kea-dhcp4.conf"; }
KEA_A=$(kea_pid "$RA") KEA_B=$(kea_pid "$RB") CONF_A=$(conf_sum "$RA") CONF_B=$(conf_sum "$RB")

# --- the outage: every region worker and PostgreSQL stop
elapsed_at_least() { [ $((SECONDS - T0)) -ge "$1" ]; }
T0=$SECONDS
if [ "$STOP_REGION" = yes ]; then
    kill -TERM "$REGION_PID"; wait_gone "$REGION_PID" || kill -KILL "$REGION_PID"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null
    log "region and PostgreSQL stopped"
fi
for round in 1 2 3 4; do
    echo "$round" >"$WORK/round"
    if [ "$round" = 2 ]; then  # a third of the way in: rack A's rackd restarts
        wait_for "a third of the outage" $((OUTAGE_S + 10)) elapsed_at_least $((OUTAGE_S / 3))
        OLD_RACKD=$(rackd_pid "$RA") PENDING_BEFORE=$(spool "$RA" pending)
        ctl "$RA" "restart rackd" >/dev/null
        wait_for "rack A's rackd restarted" 30 rackd_replaced
        log "rack A's rackd restarted during the outage"
    fi
    wait_for "round $round of the outage" $((OUTAGE_S + 10)) elapsed_at_least $((OUTAGE_S * round / 4))
done
if [ "$STOP_REGION" = yes ]; then
    check "rack B spooled events during the outage" "yes" \
        "$([ "$(spool "$RB" pending)" -gt 0 ] && echo yes || echo no)"
    check "rack A's restarted rackd kept what it had spooled ($PENDING_BEFORE)" "yes" \
        "$([ "$PENDING_BEFORE" -gt 0 ] && [ "$(spool "$RA" pending)" -ge "$PENDING_BEFORE" ] && echo yes || echo no)"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w \
        -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    start_region
    log "region and PostgreSQL back after $((SECONDS - T0)) s"
fi
wait_for "the clients' newest round leased" 60 round_leased 4
stop_load

# --- DHCP never failed, Kea was left alone, leases replicated
EXCHANGES=$(results | wc -l)
FAILED_DHCP=$(results | grep -c '^fail' || true)
check "no client exchange failed ($EXCHANGES exchanges)" "0" "$FAILED_DHCP"
check "rack A's kea-dhcp4 kept running" "$KEA_A" "$(kea_pid "$RA")"
check "rack B's kea-dhcp4 kept running" "$KEA_B" "$(kea_pid "$RB")"
check "rack A's configuration unchanged" "$CONF_A" "$(conf_sum "$RA")"
check "rack B's configuration unchanged" "$CONF_B" "$(conf_sum "$RB")"
has_lease() {  # has_lease ROOT IP: kea's lease database holds IP (state 0)
    local out; out=$(kea_cmd "$1" "{\"command\": \"lease4-get\", \"arguments\": {\"ip-address\": \"$2\"}}")
    grep -q '"state": 0' <<<"$out"
}
OUTAGE_IP=$(results | awk '$1 == "ok" && substr($3, 16) == "02" && !ip { ip = $4 } END { print ip }')
check "a lease from the outage is on both racks" "yes yes" \
    "$(has_lease "$RA" "$OUTAGE_IP" && echo yes || echo no) $(has_lease "$RB" "$OUTAGE_IP" && echo yes || echo no)"

# --- every lease reached the region, once
for _ in $(seq 150); do all_listed && break; sleep 0.2; done
MISSING=$(missing_leases)
check "every client's newest lease is listed with its MAC" "0" "$MISSING"
ours=$(region_leases | grep ' 02:6f:' || true)
check "no address listed twice" "" "$(echo "$ours" | cut -d' ' -f1 | sort | uniq -d)"
check "no client listed twice" "" "$(echo "$ours" | cut -d' ' -f2 | sort | uniq -d)"
delivered() { [ "$(spool "$1" pending)" = 0 ]; }
wait_for "rack A's spool delivered" 30 delivered "$RA"
wait_for "rack B's spool delivered" 30 delivered "$RB"
DROPPED=$(($(spool "$RA" dropped_total) + $(spool "$RB" dropped_total)))
check "no spooled event given up" "0" "$DROPPED"
applied() {  # the sequence the region recorded for a rack
    psql_maas -c "SELECT s.applied_seq FROM rack_lease_spools s JOIN nodes n ON n.id = s.rack_node_id WHERE n.hostname = '$1'"
}
check "the region recorded rack A's last sequence" "$(spool "$RA" last_seq)" "$(applied "rack-a-$$")"
check "the region recorded rack B's last sequence" "$(spool "$RB" last_seq)" "$(applied "rack-b-$$")"
SPOOLED=$(($(spool "$RA" last_seq) + $(spool "$RB" last_seq)))
log "outage: seconds=$OUTAGE_S region-stopped=$STOP_REGION exchanges=$EXCHANGES failed-dhcp=$FAILED_DHCP" \
    "lost-events=$((MISSING + DROPPED)) spooled-events=$SPOOLED"
finish
