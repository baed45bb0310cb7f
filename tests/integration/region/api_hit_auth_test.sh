#!/bin/bash
# An OAuth read of a cached list checks its token, records its nonce and reads the list's stamp
# in one statement; a hit then runs nothing else. Against a real PostgreSQL and one caching
# worker: every refusal as on any other endpoint (bad key, wrong consumer, hostile signatures,
# stale timestamp, replayed nonce) and a NUL in a key or nonce refused, none of them recording
# a nonce; a key or user deleted, or a user demoted, between two reads takes effect on the
# next; writes by SQL by hand are seen on the next read; the web UI's session keeps reading.
source "$(dirname "$0")/lib.sh"

start_api_region
ADMIN_KEY=$API_KEY
U=${A%/api/2.0}
api POST "$A/users/" -d username=bob -d email=bob@example.com -d password=bobpw -d is_superuser=0
check "bob created" "200" "$HTTP_STATUS"
BOB_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey bob --generate)

psql_maas >/dev/null <<'SQL'
INSERT INTO nodes (system_id, hostname, node_type, version) VALUES ('rackaaa', 'rack-a', 2, '');
INSERT INTO nodes (system_id, hostname, node_type, version) VALUES ('regaaaa', 'region-a', 3, '');
INSERT INTO nodes (system_id, hostname, node_type, status, architecture, power_type, owner_id)
  SELECT 'h' || lpad(g::text, 4, '0'), 'hit-' || lpad(g::text, 4, '0'), 0, 4, 'amd64/generic',
         'manual', CASE WHEN g % 2 = 0 THEN (SELECT id FROM users WHERE username = 'admin') END
  FROM generate_series(1, 20) g;
SQL

hits() { curl -s -m 20 "$U/metrics" | awk '$1 == "maas_api_cache_hits_total" {print $2}'; }
nonces() { psql_maas -c "SELECT count(*) FROM oauth_nonces WHERE nonce = '$1'"; }
# read KEY PATH [TIMESTAMP NONCE]: a GET with a header made for KEY; sets BODY and HTTP_STATUS.
read_as() {
    local key=$1 path=$2; shift 2
    anon GET "$A/$path" -H "Authorization: $("$TOOLS/region_oauth_header" "$key" "$@")"
}

# --- every cached list, read twice: the second read is a hit with the same answer. The
# region's own passes may write between the two (a notification raised or cleared), so a pair
# counts only when the list generation held throughout; a few pairs are tried.
generation() { psql_maas -c "SELECT generation FROM api_list_generation"; }
for path in machines/ "machines/?hostname=hit-0003" "machines/?id=h0004" rackcontrollers/ \
            regioncontrollers/ subnets/; do
    verdict="the generation never held"
    for _ in 1 2 3 4 5; do
        gen=$(generation)
        read_as "$ADMIN_KEY" "$path"; first="$HTTP_STATUS $BODY"
        before=$(hits)
        read_as "$ADMIN_KEY" "$path"; second="$HTTP_STATUS $BODY"
        after=$(hits)
        [ "$(generation)" = "$gen" ] || continue
        verdict="status ${first%% *}, same answer $([ "$first" = "$second" ] && echo yes || echo no), hit $([ "$after" = "$((${before:-0} + 1))" ] && echo yes || echo no)"
        break
    done
    check "$path: read twice, the second a hit" "status 200, same answer yes, hit yes" "$verdict"
done
check "the filtered read found its machine" "hit-0003" \
    "$(read_as "$ADMIN_KEY" "machines/?hostname=hit-0003"; echo "$BODY" | jq -r '.[].hostname')"

# --- a replayed nonce is refused on a hit and records nothing more
now=$(date +%s)
read_as "$ADMIN_KEY" machines/ "$now" replay-1
check "first use of the nonce" "200" "$HTTP_STATUS"
before=$(hits)
read_as "$ADMIN_KEY" machines/ "$now" replay-1
check "the replay refused" "401 Authorization Error: Nonce already used: replay-1" "$HTTP_STATUS $BODY"
check "the replay was not answered from the cache" "$before" "$(hits)"
check "the nonce recorded once" "1" "$(nonces replay-1)"
read_as "$BOB_KEY" machines/ "$now" replay-1
check "the same nonce with another token is its own" "200" "$HTTP_STATUS"

# --- refusals that record no nonce: bad secret, wrong consumer key, hostile signatures, stale
bad_secret="${ADMIN_KEY%:*}:wrongsecretwrongsecretwrongsecre"
read_as "$bad_secret" machines/ "$now" bad-secret
check "a wrong secret refused" "401 Authorization Error: Invalid API key." "$HTTP_STATUS $BODY"
check "a wrong secret records no nonce" "0" "$(nonces bad-secret)"
IFS=: read -r consumer token secret <<<"$ADMIN_KEY"
read_as "otherconsumerkey00:$token:$secret" machines/ "$now" bad-consumer
check "another consumer key refused" "401 Authorization Error: Invalid API key." "$HTTP_STATUS $BODY"
check "another consumer key records no nonce" "0" "$(nonces bad-consumer)"
for signature in "%26" "%26%25zz" "%26$secret%00" "$secret" "%2526$secret" "%26${secret}x"; do
    anon GET "$A/machines/" -H "Authorization: OAuth oauth_consumer_key=\"$consumer\", oauth_token=\"$token\", oauth_signature_method=\"PLAINTEXT\", oauth_signature=\"$signature\", oauth_timestamp=\"$now\", oauth_nonce=\"hostile-sig\""
    check "signature $signature refused" "401 Authorization Error: Invalid API key." "$HTTP_STATUS $BODY"
done
anon GET "$A/machines/" -H "Authorization: OAuth oauth_consumer_key=\"$consumer\", oauth_token=\"$token\", oauth_signature_method=\"HMAC-SHA1\", oauth_signature=\"%26$secret\", oauth_timestamp=\"$now\", oauth_nonce=\"hostile-sig\""
check "a signature method but PLAINTEXT refused" "401 Authorization Error: Invalid API key." "$HTTP_STATUS $BODY"
anon GET "$A/machines/" -H "Authorization: OAuth oauth_consumer_key=\"$consumer\", oauth_token=\"' OR '1'='1\", oauth_signature_method=\"PLAINTEXT\", oauth_signature=\"%26$secret\", oauth_timestamp=\"$now\", oauth_nonce=\"hostile-sig\""
check "a token key of SQL refused" "401 Authorization Error: Invalid API key." "$HTTP_STATUS $BODY"
# A NUL would cut a key short inside the statement (libpq's parameters are C strings).
nul_claim() {  # CONSUMER TOKEN NONCE [PATH]
    anon GET "$A/${4:-machines/}" -H "Authorization: OAuth oauth_consumer_key=\"$1\", oauth_token=\"$2\", oauth_nonce=\"$3\", oauth_signature_method=\"PLAINTEXT\", oauth_signature=\"%26$secret\", oauth_timestamp=\"$now\""
    echo "$HTTP_STATUS $BODY"
}
check "a NUL in the consumer key refused" "401 Authorization Error: Invalid API key." "$(nul_claim "$consumer%00x" "$token" hostile-sig)"
check "a NUL in the token refused" "401 Authorization Error: Invalid API key." "$(nul_claim "$consumer" "$token%00x" hostile-sig)"
check "a NUL in the nonce refused" "401 Authorization Error: Invalid API key." "$(nul_claim "$consumer" "$token" "hostile-sig%00x")"
# The same on an endpoint that is no cached list (the other authentication path).
check "a NUL in the token refused on any endpoint" "401 Authorization Error: Invalid API key." "$(nul_claim "$consumer" "$token%00x" hostile-sig users/)"
check "a NUL in the nonce refused on any endpoint" "401 Authorization Error: Invalid API key." "$(nul_claim "$consumer" "$token" "hostile-sig%00x" users/)"
check "hostile signatures and keys record no nonce" "0" "$(nonces hostile-sig)"
old=$((now - 3600))
read_as "$ADMIN_KEY" machines/ "$old" stale-1
check "a stale timestamp refused, naming both times" \
    "401 Authorization Error: Expired timestamp: given $old and now" "$HTTP_STATUS $(cut -d' ' -f1-8 <<<"$BODY")"
check "a stale timestamp records no nonce" "0" "$(nonces stale-1)"
read_as "$ADMIN_KEY" machines/ "$now" stale-1
check "the stale request's nonce is still free" "200" "$HTTP_STATUS"

# --- a key deleted, a user demoted or deleted between two reads takes effect at once
api POST "$A/users/" -d username=dave -d email=d@example.com -d password=davepw -d is_superuser=1
check "dave created" "200" "$HTTP_STATUS"
DAVE_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey dave --generate)
read_as "$DAVE_KEY" machines/
check "dave, an admin, sees all 20 machines" "200 20" "$HTTP_STATUS $(echo "$BODY" | jq length)"
read_as "$DAVE_KEY" machines/
check "and again, from the cache" "200 20" "$HTTP_STATUS $(echo "$BODY" | jq length)"
psql_maas -c "UPDATE users SET is_superuser = false WHERE username = 'dave'"
read_as "$DAVE_KEY" machines/
check "dave demoted by SQL sees the unowned ones only" "200 10" "$HTTP_STATUS $(echo "$BODY" | jq length)"
psql_maas -c "DELETE FROM api_tokens WHERE token_key = '$(cut -d: -f2 <<<"$DAVE_KEY")'"
read_as "$DAVE_KEY" machines/
check "dave's deleted key refused at once" "401 Authorization Error: Invalid API key." "$HTTP_STATUS $BODY"
DAVE_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey dave --generate)
read_as "$DAVE_KEY" subnets/
check "dave's new key reads" "200" "$HTTP_STATUS"
psql_maas -c "DELETE FROM users WHERE username = 'dave'"
read_as "$DAVE_KEY" subnets/
check "dave deleted: refused at once" "401 Authorization Error: Invalid API key." "$HTTP_STATUS $BODY"

# --- writes by SQL by hand are seen by the next read of a list just answered from the cache
read_as "$ADMIN_KEY" "machines/?hostname=hit-0005"; read_as "$ADMIN_KEY" "machines/?hostname=hit-0005"
check "hit-0005 cached" "ready" "$(echo "$BODY" | jq -r '.[0].status_name' | tr 'A-Z' 'a-z')"
psql_maas -c "UPDATE nodes SET status = 6 WHERE hostname = 'hit-0005'"
read_as "$ADMIN_KEY" "machines/?hostname=hit-0005"
check "hit-0005's status written by hand is read" "deployed" "$(echo "$BODY" | jq -r '.[0].status_name' | tr 'A-Z' 'a-z')"
read_as "$ADMIN_KEY" rackcontrollers/
psql_maas -c "UPDATE nodes SET hostname = 'rack-renamed' WHERE system_id = 'rackaaa'"
read_as "$ADMIN_KEY" rackcontrollers/
check "the rack renamed by hand is read" "rack-renamed" "$(echo "$BODY" | jq -r '.[0].hostname')"
psql_maas -c "INSERT INTO rack_connections (rack_node_id, process_id, connection_id, peer_address, heartbeat)
    SELECT n.id, (SELECT min(id) FROM region_processes), n.id, '127.0.0.1', now() + interval '1 hour'
    FROM nodes n WHERE n.system_id = 'rackaaa'"
read_as "$ADMIN_KEY" rackcontrollers/
check "its heartbeat written by hand shows as last_seen" "1" \
    "$(echo "$BODY" | jq '[.[] | select(.last_seen != null)] | length')"

# --- the web UI's session (no OAuth header) still reads the cached lists
anon POST "$U/accounts/login/" -c "$WORK/jar" -d username=bob -d password=bobpw
check "bob logs in to the UI" "200" "$HTTP_STATUS"
anon GET "$A/machines/" -b "$WORK/jar"
check "bob's session reads his machines" "200 10" "$HTTP_STATUS $(echo "$BODY" | jq length)"
anon GET "$A/machines/" -b "$WORK/jar"
check "and again" "200 10" "$HTTP_STATUS $(echo "$BODY" | jq length)"
anon GET "$A/machines/"
check "no credentials at all refused" "401" "$HTTP_STATUS"

finish
