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
# The guest's clock in milliseconds (no fork: /proc/uptime has 10 ms steps).
kt_now_ms() {
    read -r kt_up kt_idle < /proc/uptime
    kt_s=${kt_up%.*} kt_cs=${kt_up#*.}
    echo $((kt_s * 1000 + 1${kt_cs} * 10 - 1000))
}
