#!/bin/bash
# `account` tokens and `user read|delete` as MAAS's AccountHandler and UserHandler, against a
# real PostgreSQL and worker: a new token authenticates and, once deleted, no longer does; a
# user who owns machines, addresses or ranges is kept until they are transferred; refusals
# write nothing.
source "$(dirname "$0")/lib.sh"

start_api_region
ADMIN_KEY=$API_KEY
users() { psql_maas -c "SELECT string_agg(username, ',' ORDER BY id) || ' ' || (SELECT count(*) FROM api_tokens) FROM users"; }

# --- tokens
api POST "$A/account/?op=create_authorisation_token" -d name=ci
check "token created" "200 ci 18 18 32" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.name) \(.consumer_key | length) \(.token_key | length) \(.token_secret | length)"')"
NEW_KEY=$(echo "$BODY" | jq -r '"\(.consumer_key):\(.token_key):\(.token_secret)"'); NEW_TOKEN=$(echo "$BODY" | jq -r .token_key)
api GET "$A/account/?op=list_authorisation_tokens"
check "tokens listed as name and key" "2 ci $NEW_KEY" "$(echo "$BODY" | jq -r '"\(length) \(.[1].name) \(.[1].token)"')"
API_KEY=$NEW_KEY; api GET "$A/users/?op=whoami"; check "the new token authenticates" "200 admin" "$HTTP_STATUS $(echo "$BODY" | jq -r .username)"
API_KEY=$ADMIN_KEY
before=$(users)
api POST "$A/account/?op=delete_authorisation_token" --data ""; check "token_key required" "400 No provided token_key!" "$HTTP_STATUS $BODY"
api POST "$A/account/?op=delete_authorisation_token" -d token_key=nosuch; check "unknown token" "404 No Token matches the given query." "$HTTP_STATUS $BODY"
check "refusals wrote nothing" "$before" "$(users)"
api POST "$A/account/?op=delete_authorisation_token" -d token_key="$NEW_TOKEN"; check "token deleted" "204" "$HTTP_STATUS"
API_KEY=$NEW_KEY; api GET "$A/users/?op=whoami"; check "a deleted token is refused" "401" "$HTTP_STATUS"

# --- users
API_KEY=$ADMIN_KEY
api POST "$A/users/" -d username=bob -d email=bob@example.com -d password=bobpw -d is_superuser=0
api POST "$A/users/" -d username=carol -d email=carol@example.com -d password=carolpw -d is_superuser=0
BOB_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey bob --generate)
api GET "$A/users/bob/"; check "user read" "200 bob false" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.username) \(.is_superuser)"')"
api GET "$A/users/nobody/"; check "unknown user" "404 No User matches the given query." "$HTTP_STATUS $BODY"
API_KEY=$BOB_KEY
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:4d:00:01 -d hostname=bobs
api DELETE "$A/users/carol/"; check "bob may not delete users" "403" "$HTTP_STATUS"
API_KEY=$ADMIN_KEY
before=$(users)
api DELETE "$A/users/admin/"; check "no self-delete" "400 An administrator cannot self-delete." "$HTTP_STATUS $BODY"
api DELETE "$A/users/bob/"; check "bob still owns a machine" "400 User bob cannot be deleted: 1 node(s) are still allocated" "$HTTP_STATUS $BODY"
api DELETE "$A/users/bob/?transfer_resources_to=nobody"; check "transfer to an unknown user" "404 No User matches the given query." "$HTTP_STATUS $BODY"
check "refusals wrote nothing" "$before" "$(users)"
api DELETE "$A/users/bob/?transfer_resources_to=carol"; check "bob deleted, his machine to carol" "204" "$HTTP_STATUS"
check "machine now carol's" "carol" "$(psql_maas -c "SELECT u.username FROM nodes n JOIN users u ON u.id = n.owner_id WHERE n.hostname = 'bobs'")"
check "bob and his tokens gone" "admin,carol 1" "$(users)"
API_KEY=$BOB_KEY; api GET "$A/users/?op=whoami"; check "bob's key no longer works" "401" "$HTTP_STATUS"
API_KEY=$ADMIN_KEY; api DELETE "$A/users/nobody/"; check "deleting an unknown user is a no-op, as MAAS" "204" "$HTTP_STATUS"
finish
