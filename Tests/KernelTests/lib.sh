# Helpers for the guest checks (sourced by /init; busybox sh).
kt_pass() { echo "KT PASS $*"; }
kt_fail() { echo "KT FAIL $*"; }
# kt_expect NAME "what was seen" PATTERN...: passes when every grep -E pattern is in the text.
kt_expect() {
    name=$1 text=$2
    shift 2
    for pattern in "$@"; do
        if ! printf '%s\n' "$text" | grep -qE -- "$pattern"; then
            kt_fail "$name: missing /$pattern/ in:"
            printf '%s\n' "$text" | sed 's/^/    | /'
            return 1
        fi
    done
    kt_pass "$name"
}
# The guest's clock in milliseconds in $kt_ms (no fork, so fast in a loop; /proc/uptime has 10 ms steps).
kt_now_ms() {
    read -r kt_up kt_idle < /proc/uptime
    kt_s=${kt_up%.*} kt_cs=${kt_up#*.}
    kt_ms=$((kt_s * 1000 + 1${kt_cs} * 10 - 1000))
}
# kt_wait_held CHIP LINE [SECONDS]: until the kernel shows LINE of CHIP requested by a posture
# consumer (programs start slowly under TCG, and their stdout to a file is only flushed at exit).
# Fails after SECONDS (default 60).
kt_wait_held() {
    kt_tries=$((${3:-60} * 10))
    until gpioinfo -c "$1" "$2" 2>/dev/null | grep -q 'consumer="posture'; do
        kt_tries=$((kt_tries - 1))
        [ "$kt_tries" -gt 0 ] || return 1
        usleep 100000
    done
}
