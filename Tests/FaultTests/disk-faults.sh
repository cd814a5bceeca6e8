#!/usr/bin/env bash
# A full disk and a read-only state directory under a running `posture run --mock` (#14 point 5):
# the daemon says clearly what cannot be written, keeps sampling and nudging, and exits 0 at the
# end. Needs root (it mounts small tmpfs file systems in a private mount namespace); .ci/test
# runs it when root or in CI. POSTURE_BINARY: the binary to test (default .build/debug/posture).
set -euo pipefail
cd "$(dirname "$0")/../.."
posture=$(readlink -f "${POSTURE_BINARY:-.build/debug/posture}")
[ -x "$posture" ] || { echo "FAIL: fault: $posture missing (swift build first)"; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "fault: skipped (not root)"; exit 0; }
work=$(mktemp -d /tmp/posture-faults.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The mounts live and die with this namespace.
unshare --mount --propagation private bash -euo pipefail -c '
    posture=$1 work=$2
    failed=0
    check() {   # check NAME LOG STATUS PATTERN...: every grep -E pattern is in LOG, STATUS is 0
        local name=$1 log=$2 status=$3 pattern
        shift 3
        if [ "$status" -ne 0 ]; then
            echo "FAIL: fault: $name: exit status $status"; sed "s/^/    | /" "$log" | tail -n 20; failed=1; return
        fi
        for pattern in "$@"; do
            if ! grep -qE -- "$pattern" "$log"; then
                echo "FAIL: fault: $name: missing /$pattern/ in:"; grep -v "fault (\|sensor" "$log" | sed "s/^/    | /" | tail -n 30
                failed=1; return
            fi
        done
        # A failing write is said once, not at every flush.
        local repeats
        repeats=$(grep -c "state not saved\|history write failed" "$log" || true)
        if [ "$repeats" -gt 2 ]; then
            echo "FAIL: fault: $name: the write failure was logged $repeats times (once each expected)"; failed=1; return
        fi
        echo "PASS: fault: $name"
        grep -E "No space|Read-only|history|state" "$log" | cut -c1-220 | sort | uniq -c | sed "s/^/    /"
    }
    # 300 s of the demo trace at 20x: calibration, a slouch nudge, several flushes.
    run() {   # run STATE_DIR LOG
        printf "[control]\nsocket = \"%s/control.sock\"\n[state]\nflush_interval_s = 5.0\n" "$work" > "$work/posture.toml"
        local status=0
        "$posture" run --mock --speed 20 --config "$work/posture.toml" --state-dir "$1" --stop-after 300 > "$2" 2>&1 || status=$?
        echo "$status"
    }

    mkdir -p "$work/full"
    mount -t tmpfs -o size=64k tmpfs "$work/full"
    mkdir "$work/full/state"
    dd if=/dev/zero of="$work/full/filler" bs=4k 2>/dev/null || true   # until ENOSPC
    status=$(run "$work/full/state" "$work/full.log")
    check "a full disk is reported and survived (sampling and nudges go on)" "$work/full.log" "$status" \
        "No space left on device" "nudge: slouch pattern" "stopped after [0-9]+ samples"

    mkdir -p "$work/ro"
    mount -t tmpfs -o size=1m tmpfs "$work/ro"
    mkdir "$work/ro/state"
    mount -o remount,ro "$work/ro"
    status=$(run "$work/ro/state" "$work/ro.log")
    check "a read-only state directory is reported and survived (sampling and nudges go on)" "$work/ro.log" "$status" \
        "Read-only file system" "history: .*is not writable: EROFS" "nudge: slouch pattern" "stopped after [0-9]+ samples"
    exit $failed
' disk-faults "$posture" "$work"
