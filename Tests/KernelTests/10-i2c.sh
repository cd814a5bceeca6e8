# I2C on i2c-stub (plain register memory at 0x68 and 0x6a): WHO_AM_I preset, and a helper does
# what the chip would (clears the reset bits) so the drivers' whole start-up runs. Then the
# registers they wrote are read back from the kernel's side (i2cdump) and compared with the
# datasheets' values for the default settings (100 Hz, +-4 g, +-500 dps, 44 Hz low-pass, FIFO).
insmod /lib/modules/extra/i2c-stub.ko chip_addr=0x68,0x6a
bus=$(for d in /sys/class/i2c-dev/i2c-*; do grep -q "SMBus stub" "$d/name" && echo "${d##*-}"; done | head -n 1)
if [ -z "$bus" ]; then kt_fail "i2c-stub: no adapter"; return; fi
kt_pass "i2c-stub: adapter /dev/i2c-$bus"

# The chips' reset bits clear by themselves: MPU-6050 PWR_MGMT_1.DEVICE_RESET (0x6b bit 7),
# LSM6DSO CTRL3_C.SW_RESET (0x12 bit 0). A helper per chip, polling without pause while that
# chip's probe runs: the drivers look again after 100 ms (MPU) and 50 ms (LSM6DS), and each
# i2cget is a process start, slow under TCG.
# clear_bit_while_probing ADDRESS REGISTER MASK: in the background; prints its pid.
clear_bit_while_probing() {
    (
        while :; do
            v=$(i2cget -y "$bus" "$1" "$2" 2>/dev/null) || continue
            [ $((v & $3)) -ne 0 ] && i2cset -y "$bus" "$1" "$2" $((v & ~$3 & 0xff))
        done
    ) > /dev/null 2>&1 &
    echo $!
}
i2cset -y "$bus" 0x68 0x75 0x68   # MPU-6050 WHO_AM_I
i2cset -y "$bus" 0x6a 0x0f 0x6c   # LSM6DSO WHO_AM_I

# reg FILE ADDRESS: one register's value from an i2cdump of the chip.
reg() {
    row=$(printf '%02x' $(($2 & 0xf0)))
    col=$(($2 & 0x0f))
    awk -v row="$row:" -v col="$col" '$1 == row { print "0x" $(col + 2) }' "$1"
}
# expect_regs NAME DUMP REGISTER=VALUE...
expect_regs() {
    name=$1 dump=$2 bad=""
    shift 2
    for pair in "$@"; do
        r=${pair%=*} want=${pair#*=}
        got=$(reg "$dump" "$r")
        [ "$((got))" -eq "$((want))" ] || bad="$bad $r=$got(want $want)"
    done
    if [ -z "$bad" ]; then kt_pass "$name"; else kt_fail "$name:$bad"; cat "$dump"; fi
}

helper=$(clear_bit_while_probing 0x68 0x6b 0x80)
out=$(posture probe --bus "$bus" --address 0x68 2>&1)
kill "$helper"
kt_expect "i2c: probe finds and configures the MPU-6050 on i2c-stub" "$out" "MPU-6050" "configured: "
i2cdump -y "$bus" 0x68 b > /tmp/mpu.dump 2>/dev/null
# MPU-6050 register map rev 4.2: SMPLRT_DIV = 1 kHz / 100 Hz - 1 = 9; CONFIG.DLPF_CFG = 3 (44 Hz
# accel / 42 Hz gyro); GYRO_CONFIG.FS_SEL = 1 (+-500 dps) = 0x08; ACCEL_CONFIG.AFS_SEL = 1 (+-4 g)
# = 0x08; FIFO_EN: XG YG ZG ACCEL = 0x78; INT_ENABLE: FIFO_OFLOW | DATA_RDY = 0x11;
# USER_CTRL.FIFO_EN = 0x40; PWR_MGMT_1: CLKSEL = 1 (PLL, X gyro), awake = 0x01.
expect_regs "i2c: MPU-6050 registers are the datasheet's for 100 Hz, 4 g, 500 dps, 44 Hz" /tmp/mpu.dump \
    0x19=0x09 0x1a=0x03 0x1b=0x08 0x1c=0x08 0x23=0x78 0x37=0x00 0x38=0x11 0x6a=0x40 0x6b=0x01 0x6c=0x00

helper=$(clear_bit_while_probing 0x6a 0x12 0x01)
out=$(posture probe --bus "$bus" --address 0x6a 2>&1)
kill "$helper"
kt_expect "i2c: probe finds and configures the LSM6DSO on i2c-stub" "$out" "LSM6DSO" "configured: "
i2cdump -y "$bus" 0x6a b > /tmp/lsm.dump 2>/dev/null
# LSM6DSO datasheet: CTRL1_XL ODR_XL = 0100 (104 Hz), FS_XL = 10 (+-4 g), LPF2 off (bandwidth
# ODR/2 = 52 Hz, nearest to 44) = 0x48; CTRL2_G ODR_G = 0100, FS_G = 01 (+-500 dps) = 0x44;
# CTRL3_C BDU | IF_INC = 0x44; CTRL8_XL = 0; FIFO_CTRL3 BDR_GY = BDR_XL = 104 Hz = 0x44;
# FIFO_CTRL4 FIFO_MODE = 110 (continuous) = 0x06.
expect_regs "i2c: LSM6DSO registers are the datasheet's for 104 Hz, 4 g, 500 dps, ODR/2" /tmp/lsm.dump \
    0x10=0x48 0x11=0x44 0x12=0x44 0x17=0x00 0x09=0x44 0x0a=0x06

out=$(posture probe --bus "$bus" --address 0x69 2>&1)
kt_expect "i2c: an absent address gives a clear error" "$out" \
    "^  0x69: no device$" "no supported IMU found on /dev/i2c-$bus; check wiring"
