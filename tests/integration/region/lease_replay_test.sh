#!/bin/bash
# Lease events from a rack's spool are applied once: a real worker and PostgreSQL, and the
# rack's own link sending LeaseEvents batches as the test writes them (maas-test-lease-batch).
# A batch sent again after its acknowledgement was lost (a stale commit after the release that
# followed it) changes nothing; an overlapping batch applies only its new events; a new spool
# id starts its count again; a refused batch records nothing.
source "$(dirname "$0")/lib.sh"

start_api_region
wait_for "the region's secret file" 10 test -s "$ROOT/var/lib/maas/secret"
api POST "$A/fabrics/" -d name=fabric-1
api POST "$A/subnets/" -d cidr=192.0.2.0/24 -d fabric=fabric-1 -d vid=0
check "subnet created" "200" "$HTTP_STATUS"
RACK=$WORK/rack
mkdir -p "$RACK/var/lib/maas"
install -m 0640 "$ROOT/var/lib/maas/secret" "$RACK/var/lib/maas/secret"
mac() { printf '52:54:00:00:00:%02x' "$1"; }
OUT=$(MAAS_ROOT=$RACK timeout 60 "$TOOLS/maas-test-lease-batch" 127.0.0.1 "$RP" "rack-r$$" <<BATCHES
0a 1 commit:192.0.2.50:$(mac 1),release:192.0.2.50:$(mac 1),commit:192.0.2.51:$(mac 2)
0a 1 commit:192.0.2.50:$(mac 1)
0a 2 release:192.0.2.50:$(mac 1),commit:192.0.2.51:$(mac 2),commit:192.0.2.52:$(mac 3)
0b 1 commit:192.0.2.53:$(mac 4)
- 0 commit:192.0.2.55:$(mac 6)
0b 2 commit:not-an-address:$(mac 7)
0b 2 commit:192.0.2.56:$(mac 7)
BATCHES
) || true
check "answers, in order" \
    "applied 3|applied 3|applied 4|applied 1|ok|error bad-request|applied 2" "$(echo "$OUT" | paste -sd'|')"
check "leases: the released one stays released, each other once" \
    "192.0.2.51 192.0.2.52 192.0.2.53 192.0.2.55 192.0.2.56" \
    "$(psql_maas -c "SELECT host(ip) FROM dhcp_leases ORDER BY ip" | paste -sd' ')"
check "the region recorded the rack's spool and last sequence" "0b|2" \
    "$(psql_maas -c "SELECT s.spool || '|' || s.applied_seq FROM rack_lease_spools s JOIN nodes n ON n.id = s.rack_node_id WHERE n.hostname = 'rack-r$$'")"
api GET "$A/ipaddresses/?all=true"
check "ipaddresses read lists the leases once each" "5 5" \
    "$(echo "$BODY" | jq -r '[.[] | select(.alloc_type == 5)] | "\(length) \(map(.ip) | unique | length)"')"
finish
