# Sourced by tools/test and tools/up: how the project's own builds configure CMake.

# maas_configure BUILD_DIR BUILD_TYPE [cmake args...]: warnings are errors in our own builds
# (MAAS_WERROR, off by default for packagers); ccache when installed, with its cache in its
# default place outside the clone.
maas_configure() {
    local dir=$1 type=$2
    shift 2
    local launcher=()
    if command -v ccache >/dev/null; then
        # Paths relative to the clone and no hashing of the build dir: a fresh clone in another
        # folder (as CI makes) reuses what an earlier build compiled.
        local cc="/usr/bin/env;CCACHE_BASEDIR=$PWD;CCACHE_NOHASHDIR=1;ccache"
        launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER="$cc" -DCMAKE_C_COMPILER_LAUNCHER="$cc")
    fi
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DMAAS_WERROR=ON "${launcher[@]}" "$@"
}

# maas_files_digest PATH...: one line per file under each PATH (path, mode, owner, checksum),
# or "PATH absent"; equal output before and after means byte-identical files.
maas_files_digest() {
    local p
    for p in "$@"; do
        if [ ! -e "$p" ] && [ ! -L "$p" ]; then
            echo "$p absent"
            continue
        fi
        find "$p" -print0 | sort -z | while IFS= read -r -d '' f; do
            if [ -f "$f" ] && [ ! -L "$f" ]; then
                echo "$f $(stat -c '%a %U:%G' "$f") $(sha256sum <"$f" | cut -d' ' -f1)"
            else
                echo "$f $(stat -c '%F %a %U:%G' "$f")"
            fi
        done
    done
}

# maas_require_debian_root NAME: succeeds on Debian 12 as root; otherwise says what is needed.
# apt-get (tools/install-deps) needs both; the embedded PostgreSQL runs as the postgres user.
maas_require_debian_root() {
    local name=$1 id="" version="" pretty="an unknown system"
    if [ -r /etc/os-release ]; then
        # shellcheck disable=SC1091
        id=$(. /etc/os-release && echo "${ID:-}")
        version=$(. /etc/os-release && echo "${VERSION_ID:-}")
        pretty=$(. /etc/os-release && echo "${PRETTY_NAME:-$ID}")
    fi
    if [ "$id" != debian ] || [ "$version" != 12 ]; then
        echo "$name: needs Debian 12 (bookworm); this is $pretty. It installs Debian packages" \
            "with apt-get (the list is in tools/install-deps)." >&2
        return 1
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "$name: needs root (run: sudo $name): it installs Debian packages with apt-get" \
            "(tools/install-deps) and starts maas-supervisor, which runs PostgreSQL as the" \
            "postgres user." >&2
        return 1
    fi
}
