#!/bin/bash
# HTTPS for the API and UI, end to end with a throwaway CA made by openssl in the test's temp
# dir: `maas config-tls enable` refuses bad material (missing file, key of another certificate,
# expired certificate, damaged CA) naming the file and storing nothing, and a user without the
# rights it needs; a port another program holds is reported and retried; enabled, the running
# region serves https on the port within seconds (no restart), `maas login --cacerts` and
# `rack-controllers read` work over it, an untrusted certificate is refused without --insecure,
# the session cookie is Secure, HTTP 5240 sends the UI and API to https while discovery stays,
# a rack registers with an https maas_url (refused without the CA, then `maas-rack register
# --maas-ca-file` with the throwaway CA), hostile TLS clients do not
# starve the HTTP port, and `maas config-tls disable` closes the port again.
# Environment: BIN (build/bin), TOOLS (build/tests). Root (the rack's UTS namespace).
source "$(dirname "$0")/../../integration/region/lib.sh"
source "$(dirname "$0")/../../integration/region/ha_lib.sh"
maas() { MAAS_ROOT=$ROOT "$BIN/maas" "$@"; }

pg_start
HP=$(free_port); RP=$(free_port); TP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
SECRET=$(share_secret "$ROOT")
start_worker "$ROOT" 0
maas createadmin --username admin --password pw --email admin@example.com >/dev/null
KEY=$(maas apikey --username admin)
T=$WORK/tls
mkdir -p "$T"

# --- a throwaway CA, the region's certificate, and bad material
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=maas-test-ca-$$" -keyout "$T/ca.key" -out "$T/ca.pem" 2>/dev/null
issue() {  # NAME SUBJECT_ALT_NAMES: a key and a CA-signed certificate valid for two days
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$1" \
        -addext "subjectAltName=$2" -keyout "$T/$1.key" -out "$T/$1.csr" 2>/dev/null
    openssl x509 -req -in "$T/$1.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial \
        -days 2 -copy_extensions copy -out "$T/$1.pem" 2>/dev/null
}
issue region "IP:127.0.0.1,IP:127.0.0.5,DNS:localhost"  # .5: haproxy in front
issue other "IP:127.0.0.1"
# An expired certificate: `openssl ca` is the tool that takes explicit dates.
cat >"$T/ca.cnf" <<CNF
[ ca ]
default_ca = test
[ test ]
database = $T/index.txt
new_certs_dir = $T
serial = $T/serial
default_md = sha256
policy = anything
copy_extensions = copy
[ anything ]
commonName = supplied
CNF
: >"$T/index.txt"; echo 1000 >"$T/serial"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=expired" \
    -keyout "$T/expired.key" -out "$T/expired.csr" 2>/dev/null
openssl ca -batch -config "$T/ca.cnf" -cert "$T/ca.pem" -keyfile "$T/ca.key" -notext \
    -startdate 20200101000000Z -enddate 20200102000000Z -in "$T/expired.csr" \
    -out "$T/expired.pem" 2>/dev/null
printf 'not a certificate\n' >"$T/garbage.pem"

stored() { psql_maas -c "SELECT count(*) FROM tls_config"; }
refused() {  # DESCRIPTION FILE_NAMED TEXT ARGS...: exit 2, the file and text named, nothing stored
    local desc=$1 file=$2 text=$3; shift 3
    local out rc=0
    out=$(maas config-tls enable "$@" --port "$TP" --yes 2>&1) || rc=$?
    check "$desc: refused" "2" "$rc"
    case "$out" in *"$file"*"$text"*) echo "ok - $desc: names $file";;
        *) echo "FAIL - $desc: expected '$file ... $text' in: $out"; FAILED=1;; esac
    check "$desc: nothing stored" "0" "$(stored)"
}
refused "missing key file" "$T/nokey.pem" "cannot read" "$T/nokey.pem" "$T/region.pem"
refused "missing certificate file" "$T/nocert.pem" "cannot read" "$T/region.key" "$T/nocert.pem"
refused "key of another certificate" "$T/other.key" "does not match the certificate" \
    "$T/other.key" "$T/region.pem"
refused "expired certificate" "$T/expired.pem" "expired on 2020-01-02" "$T/expired.key" \
    "$T/expired.pem"
refused "a key file that holds no key" "$T/garbage.pem" "is not a PEM private key" \
    "$T/garbage.pem" "$T/region.pem"
refused "a damaged CA file" "$T/garbage.pem" "is not a PEM certificate" "$T/region.key" \
    "$T/region.pem" --cacert "$T/garbage.pem"
# Neither root nor the region's user (here: not even able to reach regiond.conf, nor the region's
# tool when the build tree sits in a private directory): refused before anything is read, saying
# what it needs, as MAAS's region commands do.
out=$(MAAS_ROOT=$ROOT setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
    "$BIN/maas" config-tls enable "$T/region.key" "$T/region.pem" --port "$TP" --yes 2>&1) && rc=0 || rc=$?
check "config-tls without the rights it needs fails" "1" "$rc"
case "$out" in *"must be run as root or as the region's user"*"$ROOT/etc/maas/regiond.conf"* | \
    *"must be run as root or as the region's user: cannot reach "*maas-region*)
    echo "ok - config-tls says which rights it needs";;
    *) echo "FAIL - config-tls without rights: $out"; FAILED=1;; esac
check "config-tls without rights: nothing stored" "0" "$(stored)"
out=$(MAAS_ROOT=$ROOT setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
    "$BIN/maas" config-tls disable 2>&1) && rc=0 || rc=$?
check "config-tls disable without the rights it needs fails" "1" "$rc"
out=$(maas config-tls enable "$T/region.key" "$T/region.pem" --port "$HP" --yes 2>&1) || true
check "the HTTP port cannot be the TLS port" "maas config-tls: --port: $HP is the HTTP port." "$out"
check "declining the prompt changes nothing" "1|0" \
    "$(echo n | maas config-tls enable "$T/region.key" "$T/region.pem" --port "$TP" >/dev/null 2>&1; echo "$?|$(stored)")"
check "nothing listens on the TLS port" "000" \
    "$(curl -s -o /dev/null -w '%{http_code}' -m 2 --cacert "$T/ca.pem" "https://127.0.0.1:$TP/MAAS/readyz" || true)"

# --- enable: the running worker serves https within seconds, no restart
BEFORE=$WORKER_PID
ENABLED_AT=$SECONDS
echo y | maas config-tls enable "$T/region.key" "$T/region.pem" --cacert "$T/ca.pem" --port "$TP" \
    >"$WORK/enable.out" || fail "config-tls enable: $(cat "$WORK/enable.out")"
https_ready() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 --cacert "$T/ca.pem" \
        "https://127.0.0.1:$TP/MAAS/readyz")" = 200 ]
}
wait_for "https on port $TP" 10 https_ready
echo "ok - https served $((SECONDS - ENABLED_AT)) s after config-tls enable"
check "the same worker process serves it" "yes" "$(kill -0 "$BEFORE" && echo yes)"
check "the key is stored, never logged" "0" \
    "$(grep -c "$(sed -n 2p "$T/region.key")" "$WORK"/regiond-*.log || true)"
check "TLS 1.1 is refused" "no" \
    "$(openssl s_client -connect "127.0.0.1:$TP" -tls1_1 </dev/null >/dev/null 2>&1 && echo yes || echo no)"
check "TLS 1.2 with ECDHE+AEAD" "yes" \
    "$(openssl s_client -connect "127.0.0.1:$TP" -tls1_2 -CAfile "$T/ca.pem" </dev/null 2>/dev/null |
        grep -q 'Cipher is ECDHE-ECDSA-AES128-GCM-SHA256' && echo yes || echo no)"

# --- maas login over https
U=https://127.0.0.1:$TP/MAAS
out=$(maas login admin "$U" "$KEY" 2>&1) && fail "an untrusted certificate was accepted: $out"
case "$out" in *"certificate verify failed"*) echo "ok - untrusted certificate refused";;
    *) echo "FAIL - untrusted certificate: $out"; FAILED=1;; esac
check "no profile was saved" "no" "$([ -f "$HOME/.maascli.json" ] && echo yes || echo no)"
check "cacerts and insecure together refused" "You cannot use both cacerts and insecure arguments." \
    "$(maas login admin "$U" "$KEY" --cacerts "$T/ca.pem" --insecure 2>&1)"
check "a --cacerts file without a certificate refused" "2" \
    "$(maas login admin "$U" "$KEY" --cacerts "$T/garbage.pem" >/dev/null 2>&1; echo $?)"
maas login admin "$U" "$KEY" --cacerts "$T/ca.pem" >/dev/null || fail "login --cacerts"
check "the CA is kept in the profile" "yes" \
    "$(jq -j '.profiles.admin.cacerts' "$HOME/.maascli.json" | cmp -s - "$T/ca.pem" && echo yes)"
check "rack-controllers read over https" "0" "$(maas admin rack-controllers read >/dev/null; echo $?)"
maas login lax "$U" "$KEY" --insecure >/dev/null || fail "login --insecure"
check "--insecure skips the check" "0" "$(maas lax version read >/dev/null; echo $?)"
check "the certificate's DNS name is accepted" "0" \
    "$(maas login byname "https://localhost:$TP/MAAS" "$KEY" --cacerts "$T/ca.pem" >/dev/null 2>&1; echo $?)"

# --- cookies and the HTTP port
cookie=$(curl -s -D - -o /dev/null --cacert "$T/ca.pem" -X POST "$U/accounts/login/" \
    --data-urlencode username=admin --data-urlencode password=pw | tr -d '\r' | grep -i '^set-cookie:')
case "$cookie" in *"maas_session="*"; Secure"*) echo "ok - the session cookie is Secure over TLS";;
    *) echo "FAIL - session cookie over TLS: $cookie"; FAILED=1;; esac
anon POST "http://127.0.0.1:$HP/MAAS/accounts/login/" -d username=admin -d password=pw -D "$WORK/h"
check "a login over HTTP is sent to https (method kept)" "308" "$HTTP_STATUS"
check "to the same path on the TLS port" "https://127.0.0.1:$TP/MAAS/accounts/login/" \
    "$(tr -d '\r' <"$WORK/h" | sed -n 's/^[Ll]ocation: //p')"
anon GET "http://127.0.0.1:$HP/MAAS/api/2.0/version/?x=1"
check "the API over HTTP is redirected" "301" "$HTTP_STATUS"
anon GET "http://127.0.0.1:$HP/MAAS/rpc/"
check "discovery stays on HTTP" "200" "$HTTP_STATUS"
anon GET "http://127.0.0.1:$HP/MAAS/healthz"
check "healthz stays on HTTP" "200" "$HTTP_STATUS"

# --- a rack with an https maas_url
RACK=$WORK/rack
HOST=rack-$$
echo "$SECRET" >"$WORK/rack.secret"
MAAS_ROOT=$RACK "$BIN/maas-rack-register" --url "$U" --secret-file "$WORK/rack.secret" >/dev/null
rack_status() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$RACK/var/lib/maas/rack/status.json" 2>/dev/null; }
start_rack() {
    MAAS_ROOT=$RACK unshare --uts sh -c "hostname $HOST && exec '$BIN/maas-rackd'" \
        >>"$WORK/rackd.log" 2>&1 &
    RACK_PID=$!
    PIDS+=("$RACK_PID")
}
start_rack
untrusted_seen() { grep -q "certificate verify failed" "$WORK/rackd.log"; }
wait_for "the rack refusing the unknown CA" 20 untrusted_seen
check "without the CA the rack does not connect" "no" "$([ "$(rack_status state)" = connected ] && echo yes || echo no)"
kill "$RACK_PID"; wait_gone "$RACK_PID"
# Register again with the CA, as an operator does for a self-signed region certificate; a file
# that is missing or holds no certificate is refused, naming it, and changes nothing.
cp "$RACK/etc/maas/rackd.conf" "$WORK/rackd.conf.before"
for bad in "$T/garbage.pem" "$T/missing.pem"; do
    out=$(MAAS_ROOT=$RACK "$BIN/maas-rack-register" --url "$U" --secret-file "$WORK/rack.secret" \
        --maas-ca-file "$bad" 2>&1) && rc=0 || rc=$?
    check "register --maas-ca-file $(basename "$bad") refused" "2" "$rc"
    case "$out" in "--maas-ca-file: $bad: "*) echo "ok - the refusal names $bad";;
        *) echo "FAIL - register --maas-ca-file $bad: $out"; FAILED=1;; esac
    check "the refused register changed nothing" "yes" \
        "$(cmp -s "$RACK/etc/maas/rackd.conf" "$WORK/rackd.conf.before" && echo yes)"
done
MAAS_ROOT=$RACK "$BIN/maas-rack-register" --url "$U" --secret-file "$WORK/rack.secret" \
    --maas-ca-file "$T/ca.pem" >/dev/null || fail "register --maas-ca-file"
check "rackd.conf names the CA file" "$T/ca.pem" \
    "$(MAAS_ROOT=$RACK "$BIN/maas-rack" config --json | jq -r .maas_ca_file)"
start_rack
rack_connected() { [ "$(rack_status state)" = connected ]; }
wait_for "the rack connected through https discovery" 30 rack_connected
listed() { maas admin rack-controllers read | jq -e --arg h "$HOST" 'any(.[]; .hostname == $h)' >/dev/null; }
wait_for "the rack listed over https" 10 listed
echo "ok - a rack registered with an https maas_url"

# --- haproxy passes TLS through: the client checks the region's certificate through it
maas config haproxy --tls --tls-port "$TP" --port "$(free_port)" --bind-address 127.0.0.5 \
    --stats-socket "" >"$WORK/haproxy.cfg"
check "haproxy binds the regions' TLS port" "1" "$(grep -c "^    bind 127.0.0.5:$TP$" "$WORK/haproxy.cfg")"
start_haproxy "$WORK/haproxy.cfg" || fail "haproxy refused the generated configuration"
through_haproxy() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 --cacert "$T/ca.pem" \
        "https://127.0.0.5:$TP/MAAS/readyz")" = 200 ]
}
wait_for "https through haproxy" 15 through_haproxy
maas login proxied "https://127.0.0.5:$TP/MAAS" "$KEY" --cacerts "$T/ca.pem" >/dev/null ||
    fail "login through haproxy"
check "rack-controllers read through haproxy" "yes" \
    "$(maas proxied rack-controllers read | jq -e --arg h "$HOST" 'any(.[]; .hostname == $h)' >/dev/null && echo yes)"
cookie=$(curl -s -D - -o /dev/null --cacert "$T/ca.pem" -X POST "https://127.0.0.5:$TP/MAAS/accounts/login/" \
    --data-urlencode username=admin --data-urlencode password=pw | tr -d '\r' | grep -i '^set-cookie:')
case "$cookie" in *"; Secure"*) echo "ok - Secure cookie through haproxy";;
    *) echo "FAIL - cookie through haproxy: $cookie"; FAILED=1;; esac
kill "$HAPROXY_PID"; wait_gone "$HAPROXY_PID"

# --- hostile TLS clients do not starve the HTTP port
python3 "$(dirname "$0")/tls_flood.py" 127.0.0.1 "$TP" 300 15 >"$WORK/flood.out" 2>&1 &
FLOOD=$!
PIDS+=("$FLOOD")
flood_open() { grep -q flood-open "$WORK/flood.out"; }
wait_for "the flood's connections" 20 flood_open
slow=0
for _ in 1 2 3 4 5; do
    t=$(curl -s -o /dev/null -w '%{time_total}' -m 2 "http://127.0.0.1:$HP/MAAS/healthz" || echo 9)
    awk -v t="$t" 'BEGIN { exit !(t < 2) }' || slow=$((slow + 1))
done
check "healthz on HTTP answered within 2 s during the flood" "0" "$slow"
check "a real TLS client is served during the flood" "0" "$(maas admin version read >/dev/null; echo $?)"
wait "$FLOOD" || true
read -r garbage silent slowhs opened < <(sed -n 's/closed_garbage=\([0-9]*\) closed_silent=\([0-9]*\) closed_slow=\([0-9]*\) opened=\([0-9]*\)/\1 \2 \3 \4/p' "$WORK/flood.out")
check "every flood connection got in" "300" "$opened"
check "garbage connections were closed" "100" "$garbage"
check "stalled handshakes were cut within 15 s" "200" "$((silent + slowhs))"
check "the worker survived" "yes" "$(kill -0 "$BEFORE" && echo yes)"

# --- a new certificate replaces the served one without a restart; the host name is checked
maas config-tls enable "$T/other.key" "$T/other.pem" --cacert "$T/ca.pem" --port "$TP" --yes >/dev/null
serves_other() {
    openssl s_client -connect "127.0.0.1:$TP" </dev/null 2>/dev/null | grep -q 'subject=CN = other'
}
wait_for "the new certificate served" 10 serves_other
out=$(maas login byname "https://localhost:$TP/MAAS" "$KEY" --cacerts "$T/ca.pem" 2>&1) &&
    fail "a certificate without the host's name was accepted"
case "$out" in *"certificate verify failed"*) echo "ok - a certificate not naming the host refused";;
    *) echo "FAIL - host name check: $out"; FAILED=1;; esac
check "the same CA still verifies by address" "0" "$(maas admin version read >/dev/null; echo $?)"
check "still the same worker" "yes" "$(kill -0 "$BEFORE" && echo yes)"

# --- a TLS port another program holds: enable says so, every worker retries it (bounded) and
# serves it once it is free
BUSY=$(free_port)
python3 -c 'import signal, socket, sys
s = socket.socket(); s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen()
print("listening", flush=True); signal.pause()' "$BUSY" >"$WORK/busy.out" 2>&1 &
BUSY_PID=$!
PIDS+=("$BUSY_PID")
busy_listening() { grep -q listening "$WORK/busy.out"; }
wait_for "another program on port $BUSY" 10 busy_listening
out=$(maas config-tls enable "$T/region.key" "$T/region.pem" --cacert "$T/ca.pem" --port "$BUSY" \
    --yes 2>&1) || fail "enable on a taken port: $out"
case "$out" in *"warning: port $BUSY is in use on this host by another program"*) echo "ok - enable warns the port is taken";;
    *) echo "FAIL - enable on a taken port: $out"; FAILED=1;; esac
port_taken_logged() { grep -q "HTTPS port $BUSY is in use.*retrying" "$WORK"/regiond-*.log; }
wait_for "the worker saying the port is in use" 15 port_taken_logged
kill "$BUSY_PID"; wait_gone "$BUSY_PID"
served_on_busy() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 --cacert "$T/ca.pem" \
        "https://127.0.0.1:$BUSY/MAAS/readyz")" = 200 ]
}
wait_for "https on port $BUSY once it is free" 20 served_on_busy
echo "ok - the taken port was retried and served once free"
TP=$BUSY

# --- disable
maas config-tls disable >/dev/null
closed() { ! curl -s -o /dev/null -m 1 --cacert "$T/ca.pem" "https://127.0.0.1:$TP/MAAS/readyz"; }
wait_for "the TLS port closed" 10 closed
anon GET "http://127.0.0.1:$HP/MAAS/api/2.0/version/"
check "HTTP serves the API again" "200" "$HTTP_STATUS"
check "disable again says so" "TLS was not enabled." "$(maas config-tls disable)"
check "enable and disable are audited, refusals are not" "4 Disabled TLS" \
    "$(psql_maas -c "SELECT count(*) || ' ' || (array_agg(left(description, 12) ORDER BY id DESC))[1]
        FROM events WHERE type_name = 'SETTINGS'")"
finish
