# Shared by bench/dhcp-ha/resync.sh and resync-cpu: a pair of our hook (tests/system/hooks/ha_env.sh,
# sourced first) whose primary starts with a memfile lease file of LEASES leases, and an empty
# secondary that pulls them. Needs HA_BUILD, HA_TMP.

# resync_setup LEASES: namespaces, both configurations, the primary's starting lease file and
# its lease table ($HA_TMP/a0.table); HOOKS: this build's hook, after RESYNC_BASE_BUILD's if set.
resync_setup() {
    ha_topology
    head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$HA_TMP/secret"; echo >>"$HA_TMP/secret"
    ha_kea_config a ours primary "$HA_TMP/secret" udp
    ha_kea_config b ours secondary "$HA_TMP/secret" udp
    ha_write_leases "$HA_TMP/a0.csv" "$1"
    ha_lease_table "$HA_TMP/a0.csv" >"$HA_TMP/a0.table"
    HOOKS=("ours=$HA_BUILD/lib/libmaas_dhcp_ha.so")
    [ -n "${RESYNC_BASE_BUILD:-}" ] &&
        HOOKS=("base=$(cd "$RESYNC_BASE_BUILD" && pwd)/lib/libmaas_dhcp_ha.so" "${HOOKS[@]}")
}

use_hook() {  # use_hook SO: both servers load SO; the primary starts over from its lease file
    local n
    for n in a b; do
        [ -f "$HA_TMP/$n/pid" ] && ha_kea_stop "$n" TERM
        sed -i "s#\"library\": \"[^\"]*libmaas_dhcp_ha.so\"#\"library\": \"$1\"#" "$HA_TMP/$n/kea.json"
        rm -f "$HA_TMP/$n"/leases.csv* "$HA_TMP/$n/stdout.log"
    done
    cp "$HA_TMP/a0.csv" "$HA_TMP/a/leases.csv"
    ha_kea_start a "$NS_A" || exit 1
}

# The primary alone and put in partner-down by the operator's command (a replacement rack
# coming back to a survivor): the secondary's pull is then authoritative.
primary_partner_down() {
    ha_wait_state a communications-interrupted 15 >/dev/null ||
        ha_wait_state a partner-down 1 >/dev/null || { echo "resync: primary not serving" >&2; exit 1; }
    ha_cmd a '{"command": "maas-ha-partner-down"}' >/dev/null
    ha_wait_state a partner-down 5 || exit 1
}

now() { date +%s.%N; }
pulled() { ha_cmd b '{"command": "maas-ha-status"}' | sed -n 's/.*"sync-leases-pulled": \([0-9]*\).*/\1/p'; }
pulled_past() { [ "$(pulled)" -ge "$1" ] 2>/dev/null; }

# Every lease of the primary's starting file is in the secondary's file, identical.
all_present() {
    ha_lease_table "$HA_TMP/b/leases.csv" >"$HA_TMP/b.table"
    [ -z "$(comm -23 "$HA_TMP/a0.table" "$HA_TMP/b.table" | head -1)" ]
}
missing() { comm -23 "$HA_TMP/a0.table" "$HA_TMP/b.table" | wc -l; }

wait_until() {  # wait_until SECONDS CMD...: every 0.1 s until CMD succeeds; 1 on timeout
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
}

mid() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
