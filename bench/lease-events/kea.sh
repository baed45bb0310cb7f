# shellcheck shell=bash
# bench/lease-events/kea.sh, sourced by run (as root): real kea-dhcp4 with our hook
# (standalone, tests/system/hooks/ha_env.sh's configuration) and a real maas-rackd sharing its
# network namespace, rackd's region unreachable (its events wait in the spool, as in a region
# outage), perfdhcp relaying DORAs from the client namespace at each rate of
# LEASE_EVENTS_KEA_RATES for LEASE_EVENTS_KEA_SECONDS. Each step starts both afresh. Prints per
# step: DORAs/s ACKed, events/s spooled during the load, seconds after it until the hook held
# nothing, the hook's peak buffered and unacked lines (maas-ha-status every 0.2 s), its dropped
# lines, and fdatasyncs per event (rackd writes one `h` mark record per burst, behind the
# burst's one fdatasync; no region means no other).
# Needs: SRC, BUILD, BASE_BUILD, WORK; defines kea_step.

KEA_RATES=${LEASE_EVENTS_KEA_RATES:-"250 500 1000 2000"}
KEA_SECONDS=${LEASE_EVENTS_KEA_SECONDS:-5}
# A short path: rackd's socket path under it must fit a unix socket address (108 bytes).
HA_TMP=$(mktemp -d /tmp/maas-le.XXXXXX)
HA_BUILD=$BUILD
# shellcheck source=../../tests/system/hooks/ha_env.sh
. "$SRC/tests/system/hooks/ha_env.sh"
ha_topology

status_field() {  # status_field NAME FIELD: a lease-events counter of the hook on NAME
    ha_cmd "$1" '{"command": "maas-ha-status"}' 2>/dev/null |
        jq -r --arg f "$2" '.arguments["lease-events"][$f] // "n/a"'
}
spool_records() {  # spool_records FILE TYPE: how many records of TYPE (e: events, h: marks)
    awk -v t="$2" '$1 == t { n++ } END { print n + 0 }' "$1" 2>/dev/null || echo 0
}

# kea_step SIDE BUILD_DIR RATE: one step; prints its key=value line.
kea_step() {
    local side=$1 build=$2 rate=$3 name="$1-$3" root="$HA_TMP/$1-$3-rack" rackd_pid
    mkdir -p "$root/etc/maas" "$root/var/lib/maas"
    echo rack >"$root/var/lib/maas/mode"
    openssl rand -hex 16 >"$root/secret.in"
    MAAS_ROOT=$root "$build/bin/maas-rack-register" --url "http://127.0.0.1:9/MAAS" \
        --secret-file "$root/secret.in" >/dev/null
    MAAS_ROOT=$root ip netns exec "$NS_A" "$build/bin/maas-rackd" >"$root/rackd.log" 2>&1 &
    rackd_pid=$!
    HA_PIDS+=("$rackd_pid")
    local socket=$root/var/lib/maas/dhcp/lease-events.sock spool=$root/var/lib/maas/rack/lease-events.spool
    for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.05; done
    [ -S "$socket" ] || { echo "lease-events: rackd did not bind $socket" >&2; tail -5 "$root/rackd.log" >&2; return 1; }
    HA_BUILD=$build ha_kea_config "$name" standalone standalone "$root/secret.in" udp
    sed -i "s|\"$HA_TMP/$name/events.sock\"|\"$socket\"|" "$HA_TMP/$name/kea.json"
    ha_kea_start "$name" "$NS_A" >&2 && ha_wait_state "$name" standalone 30 >&2 || return 1

    local peaks=$HA_TMP/$name.peaks
    (
        for _ in $(seq $((KEA_SECONDS * 5 + 300))); do
            echo "$(status_field "$name" buffered) $(status_field "$name" unacked)"
            sleep 0.2
        done
    ) >"$peaks" &
    local poller=$!
    local start=$EPOCHREALTIME
    ha_perfdhcp "$RELAY1" "$ADDR_A" "$rate" "$KEA_SECONDS" 100000 "$HA_TMP/$name.perf"
    local load_end=$EPOCHREALTIME spooled_in_load
    spooled_in_load=$(spool_records "$spool" e)
    local drained=no
    for _ in $(seq 300); do
        if [ "$(status_field "$name" buffered)" = 0 ] && [ "$(status_field "$name" unacked)" = 0 ]; then
            drained=yes; break
        fi
        sleep 0.1
    done
    local drain_end=$EPOCHREALTIME
    kill "$poller" 2>/dev/null; wait "$poller" 2>/dev/null
    local acks events marks
    acks=$(awk '/Statistics for: REQUEST-ACK/ {ra = 1} ra && /received packets:/ {print $3; exit}' "$HA_TMP/$name.perf")
    events=$(spool_records "$spool" e) marks=$(spool_records "$spool" h)
    awk -v s="$start" -v l="$load_end" -v d="$drain_end" -v acks="${acks:-0}" -v inload="$spooled_in_load" \
        -v events="$events" -v marks="$marks" -v drained="$drained" \
        -v dropped="$(status_field "$name" dropped)" -v datagrams="$(status_field "$name" datagrams)" \
        -v sent="$(status_field "$name" sent)" '
        { if ($1 + 0 > pb) pb = $1 + 0; if ($2 + 0 > pu) pu = $2 + 0 }
        END {
            load = l - s
            printf "dora_per_s=%.0f delivered_per_s=%.0f drain_s=%.2f drained=%s peak_buffered=%d peak_unacked=%d dropped=%s spooled=%d sent=%s datagrams=%s fsyncs_per_event=%.3f\n",
                acks / load, inload / load, d - l, drained, pb, pu, dropped, events, sent, datagrams,
                (events > 0 ? marks / events : 0)
        }' "$peaks"
    ha_kea_stop "$name" TERM
    kill "$rackd_pid" 2>/dev/null; wait "$rackd_pid" 2>/dev/null
    rm -rf "$HA_TMP/$name" "$root"
}
