# Shared by the maintainer scripts (inlined at build time): mode changes and config files.
# Every path is under $DPKG_ROOT, so `dpkg --root DIR --force-script-chrootless` installs into
# DIR without a chroot (empty for a normal install).
MODE_FILE=${DPKG_ROOT:-}/var/lib/maas/mode

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

# The maas group's id from the target root's group file: the host's NSS does not know a group
# created under $DPKG_ROOT (addgroup --system always writes /etc/group).
maas_gid() { awk -F: '$1 == "maas" { print $3 }' "${DPKG_ROOT:-}/etc/group"; }

# config_file PATH (under $DPKG_ROOT): created empty (all defaults) when absent; always
# root:maas 0640 because regiond.conf may hold the database password.
config_file() {
    [ -e "$1" ] || : >"$1"
    chown "0:$(maas_gid)" "$1"
    chmod 0640 "$1"
}

# systemctl_enable UNIT: symlinks only, so it works offline and under $DPKG_ROOT too.
systemctl_enable() {
    systemctl ${DPKG_ROOT:+--root="$DPKG_ROOT"} enable "$1" >/dev/null 2>&1 || true
}

restart_supervisor() {
    if [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
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
