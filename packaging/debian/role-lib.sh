# Shared by the role packages' postinst (inlined at build time): mode changes and config files.
MODE_FILE=/var/lib/maas/mode

current_mode() { [ -f "$MODE_FILE" ] && tr -d ' \n' <"$MODE_FILE" || echo none; }

# add_role region|rack: none -> ROLE, the other role -> region+rack.
add_role() {
    mode=$(current_mode)
    case "$mode:$1" in
        none:*) new=$1 ;;
        region:rack|rack:region) new=region+rack ;;
        *) new=$mode ;;
    esac
    if [ "$new" != "$mode" ]; then
        printf '%s\n' "$new" >"$MODE_FILE.new" && mv "$MODE_FILE.new" "$MODE_FILE"
    fi
}

# config_file PATH: created empty (all defaults) when absent; always root:maas 0640 because
# regiond.conf may hold the database password.
config_file() {
    [ -e "$1" ] || : >"$1"
    chown root:maas "$1"
    chmod 0640 "$1"
}

restart_supervisor() {
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload >/dev/null || true
        systemctl try-restart maas-supervisor.service >/dev/null || true
    fi
}

# remove_role region|rack: region+rack -> the other role, ROLE -> none.
remove_role() {
    mode=$(current_mode)
    case "$mode:$1" in
        region+rack:region) new=rack ;;
        region+rack:rack) new=region ;;
        "$1:$1") new=none ;;
        *) new=$mode ;;
    esac
    if [ "$new" != "$mode" ]; then
        printf '%s\n' "$new" >"$MODE_FILE.new" && mv "$MODE_FILE.new" "$MODE_FILE"
    fi
}
