# Shared by the hook system tests (after HA_BUILD and HA_TMP are set): the namespace
# environment, a cleanup trap, pass/fail bookkeeping and real DHCP clients in NS_C. Waiting and
# cleanup are tests/lib/testlib.sh's; a hook test's fail records and goes on (finish-style, the
# test exits with $FAILED), so one run reports every broken check.
# shellcheck source=../../lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/testlib.sh"
# shellcheck source=ha_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/ha_env.sh"
FAILED=0
# Whatever the test started (kea-dhcp4, sniffers, relays, clients), then the namespaces with
# anything still running in them.
ha_test_cleanup() {
    kill_pids "${HA_PIDS[@]}"
    delete_netns "$NS_C" "$NS_A" "$NS_B" "$NS_BR"
    rm -rf "$HA_TMP"
}
trap ha_test_cleanup EXIT INT TERM
fail() { ha_log "FAIL: $*"; FAILED=1; }
pass() { ha_log "ok: $*"; }

ha_new_secret() {  # a fresh shared secret of the pair in $HA_TMP/secret
    head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$HA_TMP/secret"
    echo >>"$HA_TMP/secret"
}

ha_counter() {  # ha_counter NAME FIELD: a number of NAME's maas-ha-status
    ha_cmd "$1" '{"command": "maas-ha-status"}' 2>/dev/null |
        sed -n "s/.*\"$2\": \\([0-9-]*\\).*/\\1/p" | head -1
}
ha_link_down() { ha_cmd "$1" '{"command": "maas-ha-status"}' 2>/dev/null | grep -q '"link": "down"'; }
ha_pulled_past() { [ "$(ha_counter b sync-leases-pulled)" -ge "$1" ] 2>/dev/null; }
ha_same_tables() {  # ha_same_tables MIN: both lease files hold the same MIN or more leases
    ha_lease_table "$HA_TMP/a/leases.csv" >"$HA_TMP/a.table"
    ha_lease_table "$HA_TMP/b/leases.csv" >"$HA_TMP/b.table"
    [ "$(wc -l <"$HA_TMP/a.table")" -ge "$1" ] && cmp -s "$HA_TMP/a.table" "$HA_TMP/b.table"
}

ha_pair_configs() {  # our hook's configs for a (primary) and b (secondary) with a new secret
    ha_new_secret
    ha_kea_config a ours primary "$HA_TMP/secret"
    ha_kea_config b ours secondary "$HA_TMP/secret"
}

same_leases() {  # both servers hold the same non-empty set of active leases (kept in $HA_TMP)
    ha_leases a > "$HA_TMP/a.leases"
    ha_leases b > "$HA_TMP/b.leases"
    [ -s "$HA_TMP/a.leases" ] && diff -q "$HA_TMP/a.leases" "$HA_TMP/b.leases" >/dev/null
}

udhcp() {  # udhcp IFACE [extra args]: one lease exchange from NS_C; prints the address
    local iface=$1; shift
    cat > "$HA_TMP/udhcpc.sh" <<'S'
#!/bin/sh
[ "$1" = bound ] || [ "$1" = renew ] && echo "$ip" > "$UDHCP_OUT"
exit 0
S
    chmod +x "$HA_TMP/udhcpc.sh"
    rm -f "$HA_TMP/udhcp.$iface"
    UDHCP_OUT="$HA_TMP/udhcp.$iface" timeout 20 ip netns exec "$NS_C" \
        udhcpc -i "$iface" -n -q -f -t 5 -T 1 -s "$HA_TMP/udhcpc.sh" "$@" >/dev/null 2>&1
    cat "$HA_TMP/udhcp.$iface" 2>/dev/null
}

# dhclient_on IFACE ARGS...: dhclient in NS_C with its lease file in $HA_TMP/dh.leases (it
# sends a RELEASE from there with -r).
dhclient_on() {
    local iface=$1; shift
    timeout 20 ip netns exec "$NS_C" dhclient "$@" -sf /bin/true -lf "$HA_TMP/dh.leases" \
        -pf "$HA_TMP/dh.pid" "$iface" >/dev/null 2>&1
}
