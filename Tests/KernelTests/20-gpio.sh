# GPIO on gpio-sim (configfs): banks labelled like a Pi's header controllers, lines named GPIOn.
# `posture` here is the Debian 13 build (libgpiod 2.x); /bookworm/posture the Debian 12 one (1.6).
sim=/sys/kernel/config/gpio-sim
if [ ! -d "$sim" ]; then kt_fail "gpio-sim: $sim missing (configfs or gpio-sim not loaded)"; return; fi

# make_chip NAME LABEL LINES: a live simulated chip; prints its sysfs directory.
make_chip() {
    mkdir "$sim/$1" "$sim/$1/bank0"
    echo "$3" > "$sim/$1/bank0/num_lines"
    echo "$2" > "$sim/$1/bank0/label"
    i=0
    while [ "$i" -lt "$3" ]; do
        mkdir "$sim/$1/bank0/line$i"
        echo "GPIO$i" > "$sim/$1/bank0/line$i/name"
        i=$((i + 1))
    done
    echo 1 > "$sim/$1/live"
    echo "/sys/devices/platform/$(cat "$sim/$1/dev_name")/$(cat "$sim/$1/bank0/chip_name")"
}
pi4=$(make_chip pi4 pinctrl-bcm2711 58)
pi4_chip=$(cat "$sim/pi4/bank0/chip_name")
config=/tmp/posture.toml
printf '[state]\ndirectory = "/tmp/state"\n[control]\nsocket = "/tmp/posture.sock"\n' > "$config"

out=$(posture gpio --config "$config" --no-play 2>&1)
kt_expect "gpio: the default gpio.chip finds pinctrl-bcm2711 by label" "$out" \
    "using $pi4_chip \[pinctrl-bcm2711\], 58 lines" 'motor +17 +"GPIO17", .*free -> output' 'button +27 +"GPIO27"' "^ok: "

# The slouch nudge (150 ms on, 100 off, 150 on) as the simulated line's value shows it.
value=$pi4/sim_gpio17/value
trace=/tmp/motor.trace
posture gpio --config "$config" --pattern slouch --line button=none > /tmp/play.out 2>&1 &
player=$!
last=x; : > "$trace"
kt_now_ms; deadline=$((kt_ms + 60000))
while kill -0 "$player" 2>/dev/null && [ "$kt_ms" -lt "$deadline" ]; do
    read -r level < "$value"
    kt_now_ms
    if [ "$level" != "$last" ]; then echo "$kt_ms $level" >> "$trace"; last=$level; fi
done
wait "$player"
# Durations of the 1, 0, 1 phases after the first rise.
durations=$(awk '$2 == 1 && !started { started = 1 } started { if (prev != "") printf "%d ", $1 - prev; prev = $1 }' "$trace")
set -- $durations
if [ $# -ge 3 ] && [ "$1" -ge 110 ] && [ "$1" -le 220 ] && [ "$2" -ge 60 ] && [ "$2" -le 170 ] \
    && [ "$3" -ge 110 ] && [ "$3" -le 220 ] && [ "$(tail -n 1 "$trace" | cut -d' ' -f2)" = 0 ]; then
    kt_pass "gpio: the slouch nudge on GPIO17 is on/off/on for $1/$2/$3 ms (150/100/150), then off"
else
    kt_fail "gpio: the slouch nudge on GPIO17: phases '$durations' ms, want about 150 100 150; trace:"
    sed 's/^/    | /' "$trace"; sed 's/^/    > /' /tmp/play.out
fi

# Button gestures: active-low with pull-up; gpio-sim's pull is the outside world pressing it.
pull=$pi4/sim_gpio27/pull
posture gpio --config "$config" --no-play --line motor=none --listen 5 > /tmp/listen.out 2>&1 &
listener=$!
kt_wait_held "$pi4_chip" 27 || kt_fail "gpio: posture gpio did not request GPIO27"
kt_expect "gpio: the button is requested active-low, pull-up, both edges" "$(gpioinfo -c "$pi4_chip" 27)" \
    "active-low" "edges=both" "bias=pull-up"
sleep 1   # from the request to listening
echo pull-down > "$pull"; usleep 200000; echo pull-up > "$pull"     # short
sleep 1
echo pull-down > "$pull"; sleep 2; echo pull-up > "$pull"           # long (1.5 s)
wait "$listener"
kt_expect "gpio: a short and a long press on GPIO27 (gpio-sim pull) are recognised" "$(cat /tmp/listen.out)" \
    "button: short press" "button: long press" "button: 2 gestures \(1 short, 1 long, 0 double\)"

# Data-ready: rising edges only are counted (a pulse train on GPIO22).
ready=$pi4/sim_gpio22/pull
posture gpio --config "$config" --no-play --line motor=none --line button=none --line data-ready=22 --listen 6 \
    > /tmp/ready.out 2>&1 &
listener=$!
kt_wait_held "$pi4_chip" 22 || kt_fail "gpio: posture gpio did not request GPIO22"
kt_expect "gpio: data-ready is requested with rising edges only" "$(gpioinfo -c "$pi4_chip" 22)" "edges=rising"
sleep 1
i=0
# Paced: gpio-sim raises its interrupt from irq_work, and two rises before it runs are one edge.
while [ "$i" -lt 20 ]; do echo pull-up > "$ready"; usleep 20000; echo pull-down > "$ready"; usleep 20000; i=$((i + 1)); done
wait "$listener"
kt_expect "gpio: 20 data-ready pulses on GPIO22 count 20 rising edges" "$(cat /tmp/ready.out)" "data-ready: 20 edges in"

# A line held by another consumer: the busy error names it.
gpioset -c "$pi4_chip" -C other-holder 17=0 &
holder=$!
sleep 1
out=$(posture gpio --config "$config" --no-play --line button=none 2>&1)
kill "$holder"; wait "$holder" 2>/dev/null
kt_expect "gpio: GPIO17 held by gpioset gives the busy error naming it" "$out" \
    "line 17 is busy \(EBUSY\): held by 'other-holder'"

# libgpiod 1.6 (the Debian 12 build) on this kernel, which has no GPIO uAPI v1: a clear error.
if [ -x /bookworm/posture ]; then
    out=$(/bookworm/run posture gpio --config "$config" --no-play --line button=none 2>&1)
    kt_expect "gpio: libgpiod 1.6 on a kernel without uAPI v1 says so and names libgpiod 2.x" "$out" \
        "no GPIO uAPI v1" "libgpiod 2.x"
fi

# A Pi 5: with pinctrl-rp1 present the default list finds it first.
rp1=$(make_chip pi5 pinctrl-rp1 54)
rp1_chip=$(cat "$sim/pi5/bank0/chip_name")
out=$(posture gpio --config "$config" --no-play 2>&1)
kt_expect "gpio: with pinctrl-rp1 present the default gpio.chip picks it (Pi 5)" "$out" \
    "using $rp1_chip \[pinctrl-rp1\], 54 lines" "^ok: "
echo 0 > "$sim/pi5/live"
