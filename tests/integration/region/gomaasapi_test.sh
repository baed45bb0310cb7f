#!/bin/bash
# A peer MAAS client CI can install: Debian's Go MAAS library (golang-github-juju-gomaasapi-dev,
# the one Juju uses) built with Debian's golang into a small driver (gomaasapi/drive.go) that
# runs against a real region: typed fabrics (strict schema), the DHCP recipe's writes, MAAS's
# identifiers and errors. Skips (77) when golang or the library is missing.
source "$(dirname "$0")/lib.sh"
GOSRC=/usr/share/gocode
if ! command -v go >/dev/null || [ ! -d "$GOSRC/src/github.com/juju/gomaasapi" ]; then
    echo "SKIP: golang-go or golang-github-juju-gomaasapi-dev missing (tools/install-deps)"
    exit 77
fi
# GOPATH mode over Debian's packaged sources: no module downloads.
GO111MODULE=off GOPATH=$WORK/gopath:$GOSRC GOCACHE=$WORK/gocache GOFLAGS= GOPROXY=off \
    go build -o "$WORK/drive" "$(dirname "$0")/gomaasapi/drive.go" || fail "building the Go client"

pg_start
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
start_worker "$ROOT" 0
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
if "$WORK/drive" "http://127.0.0.1:$HP/MAAS/" "$API_KEY"; then
    check "gomaasapi drives the region" "0" "0"
else
    check "gomaasapi drives the region" "0" "1"
fi
finish
