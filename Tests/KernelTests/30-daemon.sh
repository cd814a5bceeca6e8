# `posture run` itself: the MPU-6050 on i2c-stub (10-i2c.sh), motor and button on gpio-sim (20-gpio.sh).
pi4=/sys/devices/platform/$(cat /sys/kernel/config/gpio-sim/pi4/dev_name)/$(cat /sys/kernel/config/gpio-sim/pi4/bank0/chip_name)
pi4_chip=$(cat /sys/kernel/config/gpio-sim/pi4/bank0/chip_name)
bus=$(for d in /sys/class/i2c-dev/i2c-*; do grep -q "SMBus stub" "$d/name" && echo "${d##*-}"; done | head -n 1)
config=/tmp/daemon.toml
printf '[log]\nlevel = "info"\n[sensor]\nbus = "%s"\naddress = 0x68\n[state]\ndirectory = "/tmp/daemon-state"\n[control]\nsocket = "/tmp/daemon.sock"\n' \
    "$bus" > "$config"
posture run --config "$config" > /tmp/daemon.out 2>&1 &
daemon=$!
kt_wait_held "$pi4_chip" 27 && sleep 1
info=$(gpioinfo -c "$pi4_chip" 2>&1)
kt_expect "daemon: posture run holds GPIO17 (motor) and GPIO27 (button) on gpio-sim" "$info" \
    '17[^0-9].*"GPIO17".*consumer="?posture' '27[^0-9].*"GPIO27".*consumer="?posture'
echo pull-down > "$pi4/sim_gpio27/pull"; usleep 200000; echo pull-up > "$pi4/sim_gpio27/pull"
sleep 2
kill -TERM "$daemon"; wait "$daemon"; status=$?
read -r motor < "$pi4/sim_gpio17/value"
kt_expect "daemon: a button press reaches posture run, which stops cleanly on SIGTERM with the motor off" \
    "$(cat /tmp/daemon.out; echo "exit status $status, motor $motor")" "button: short press -> " "exit status 0, motor 0"
