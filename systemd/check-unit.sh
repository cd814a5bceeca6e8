#!/bin/sh
# Checks the service files shipped in systemd/ and udev/:
#  1. `systemd-analyze security --offline=true`: the overall exposure level must be <= 2.0;
#  2. `systemd-analyze verify`: on a copy whose ExecStart points at an existing binary (the installed
#     /usr/local/bin/posture does not exist on a build machine): $POSTURE_BIN, else the package's
#     .build/{release,debug}/posture, else /bin/true (said so in the output);
#  3. the sysusers file, applied with `systemd-sysusers --root` to an empty temporary root;
#  4. the udev rules, parsed by `udevadm test` in a private mount namespace (needs root and unshare;
#     skipped with a message otherwise). Unknown groups are expected where the groups do not exist yet;
#  5. MemoryDenyWriteExecute=yes: runs `posture --help` under the kernel's equivalent (prctl PR_SET_MDWE,
#     Linux 6.3+, via python3): the Swift runtime must not need writable+executable memory.
# Exit status: 0 when all pass, 1 when one fails, 2 when systemd-analyze is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
unit="$here/posture.service"
sysusers="$here/posture.sysusers.conf"
rules="$repo/udev/60-posture.rules"
limit=2.0
status=0

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "check-unit: systemd-analyze not found (apt-get install systemd)" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Exposure level.
systemd-analyze security --offline=true --no-pager "$unit" >"$tmp/security.txt" 2>&1
figure=$(sed -n 's/.*Overall exposure level for posture\.service: \([0-9][0-9.]*\).*/\1/p' "$tmp/security.txt")
if [ -z "$figure" ]; then
    echo "security: FAIL (no exposure figure in the output)"
    cat "$tmp/security.txt"
    status=1
elif awk -v f="$figure" -v l="$limit" 'BEGIN { exit !(f <= l) }'; then
    echo "security: exposure level $figure (limit $limit) OK"
    grep '✗' "$tmp/security.txt" | sed 's/  */ /g; s/^/  /'
else
    echo "security: exposure level $figure is above $limit: FAIL"
    grep '✗' "$tmp/security.txt"
    status=1
fi

# 1b. Exposure with the network drop-in `posture install` adds for [mqtt] enabled = true (a broker
# at 192.168.1.10; Sources/PostureCLI/InstallNetworkDropIn.swift writes it): appended to a copy,
# as systemd merges a drop-in.
mkdir -p "$tmp/mqtt"
{ cat "$unit"; printf '[Service]\nPrivateNetwork=no\nRestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\nIPAddressDeny=any\nIPAddressAllow=192.168.1.10\n'; } \
    >"$tmp/mqtt/posture.service"
mqtt_figure=$(systemd-analyze security --offline=true --no-pager "$tmp/mqtt/posture.service" 2>&1 \
    | sed -n 's/.*Overall exposure level for posture\.service: \([0-9][0-9.]*\).*/\1/p')
if [ -n "$mqtt_figure" ] && awk -v f="$mqtt_figure" -v l="$limit" 'BEGIN { exit !(f <= l) }'; then
    echo "security with the MQTT drop-in: exposure level $mqtt_figure (limit $limit) OK"
else
    echo "security with the MQTT drop-in: exposure level ${mqtt_figure:-unknown} is above $limit: FAIL"
    status=1
fi

# 2. verify, on a copy with an existing ExecStart binary.
binary=${POSTURE_BIN:-}
if [ -z "$binary" ]; then
    for candidate in "$repo/.build/release/posture" "$repo/.build/debug/posture" /bin/true; do
        if [ -x "$candidate" ]; then binary=$candidate; break; fi
    done
fi
sed "s|/usr/local/bin/posture|$binary|" "$unit" >"$tmp/posture.service"
if systemd-analyze verify --no-pager "$tmp/posture.service" >"$tmp/verify.txt" 2>&1 && [ ! -s "$tmp/verify.txt" ]; then
    echo "verify: OK (ExecStart binary for the check: $binary)"
else
    echo "verify: FAIL (ExecStart binary for the check: $binary)"
    sed 's/^/  /' "$tmp/verify.txt"
    status=1
fi

# 3. sysusers into an empty root.
if command -v systemd-sysusers >/dev/null 2>&1; then
    mkdir -p "$tmp/root/etc"
    if systemd-sysusers --root="$tmp/root" "$sysusers" >"$tmp/sysusers.txt" 2>&1 \
        && grep -q '^posture:' "$tmp/root/etc/passwd" \
        && grep -q '^i2c:.*posture' "$tmp/root/etc/group" \
        && grep -q '^gpio:.*posture' "$tmp/root/etc/group"; then
        echo "sysusers: OK (user posture in groups i2c, gpio)"
    else
        echo "sysusers: FAIL"
        sed 's/^/  /' "$tmp/sysusers.txt"
        status=1
    fi
else
    echo "sysusers: skipped (systemd-sysusers not found)"
fi

# 4. udev rules syntax.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 && command -v udevadm >/dev/null 2>&1 \
    && [ -d /etc/udev/rules.d ] && [ -e /sys/class/tty/tty0 ]; then
    cp "$rules" "$tmp/60-posture.rules"
    if unshare -m sh -c 'mount -t tmpfs tmpfs /etc/udev/rules.d && cp "$1" /etc/udev/rules.d/ \
            && udevadm test /sys/class/tty/tty0' sh "$tmp/60-posture.rules" >"$tmp/udev.txt" 2>&1; then
        problems=$(grep '60-posture\.rules:' "$tmp/udev.txt" | grep -v "Unknown group")
        if [ -n "$problems" ]; then
            echo "udev: FAIL"
            printf '%s\n' "$problems" | sed 's/^/  /'
            status=1
        else
            echo "udev: OK (rules parsed by udevadm test$(grep -q 'Unknown group' "$tmp/udev.txt" && echo '; groups missing on this machine are created by sysusers'))"
        fi
    else
        echo "udev: skipped (could not run udevadm test in a private mount namespace)"
        sed 's/^/  /' "$tmp/udev.txt" | tail -3
    fi
else
    echo "udev: skipped (needs root, unshare and udevadm)"
fi

# 5. The Swift runtime under "memory deny write execute".
if [ "$(basename "$binary")" = posture ] && command -v python3 >/dev/null 2>&1; then
    python3 - "$binary" >"$tmp/mdwe.txt" 2>&1 <<'PY'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(65, 1, 0, 0, 0) != 0:  # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN
    print("unsupported"); sys.exit(0)
os.execv(sys.argv[1], [sys.argv[1], "--help"])
PY
    mdwe=$?
    if grep -q '^unsupported' "$tmp/mdwe.txt"; then
        echo "mdwe: skipped (kernel without PR_SET_MDWE)"
    elif [ $mdwe -eq 0 ]; then
        echo "mdwe: OK ($binary --help runs with write-xor-execute enforced)"
    else
        echo "mdwe: FAIL ($binary --help under PR_SET_MDWE exited $mdwe)"
        tail -3 "$tmp/mdwe.txt" | sed 's/^/  /'
        status=1
    fi
else
    echo "mdwe: skipped (needs a built posture binary and python3)"
fi

exit $status
