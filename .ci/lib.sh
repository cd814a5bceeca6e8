# Shared by the .ci scripts (sourced, not run): the download cache, idempotent apt installs and
# the Debian mirror this machine is configured with (read at run time: no host name is written
# into the repository; other suites are fetched from the same mirror by suite name only).

ci_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Downloads and build roots, reused by later runs (gitignored).
ci_cache=${POSTURE_CI_CACHE:-$ci_root/.ci-cache}
mkdir -p "$ci_cache"

ci_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs the Debian packages that are missing (nothing when all are there).
ci_apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    echo "ci: installing ${missing[*]}"
    ci_sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive ci_sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The first Debian archive URI of the apt sources (deb822 .sources or one-line .list files),
# skipping the security archive. POSTURE_DEBIAN_MIRROR overrides it.
ci_debian_mirror() {
    if [ -n "${POSTURE_DEBIAN_MIRROR:-}" ]; then echo "$POSTURE_DEBIAN_MIRROR"; return; fi
    local uri
    uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' \
        | grep -v -- '-security' | head -n 1)
    if [ -z "$uri" ]; then
        uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }' \
            | grep -v -- '-security' | head -n 1)
    fi
    [ -n "$uri" ] || { echo "ci: no Debian mirror in the apt sources (set POSTURE_DEBIAN_MIRROR)" >&2; return 1; }
    echo "${uri%/}"
}

ci_pass() { echo "PASS: $*"; }
ci_fail() { echo "FAIL: $*"; }
