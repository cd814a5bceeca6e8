#ifndef POSTURE_GPIO_UAPI_EMULATOR_H
#define POSTURE_GPIO_UAPI_EMULATOR_H

/*
 * libposture-gpio-uapi-emulator.so: the kernel's GPIO character-device uAPI v1 (what libgpiod 1.6
 * uses) emulated in user space, loaded with LD_PRELOAD. It has no API of its own: it interposes
 * open/open64, stat/lstat (and the 64 variants), access, opendir/readdir/closedir and scandir on /dev, ioctl
 * and close, for the emulated paths and descriptors only. Everything else goes to libc.
 *
 * Environment (read once, at the first interposed call):
 *
 *   POSTURE_GPIO_EMU_CHIPS   chips, comma-separated: `[N=]label:lines[:name-prefix]`
 *                            e.g. `pinctrl-bcm2711:58:GPIO,4=pinctrl-rp1:54` gives /dev/gpiochip0
 *                            (lines named GPIO0..GPIO57) and /dev/gpiochip4. Without N, the chip
 *                            number is one more than the previous chip's (the first is 0).
 *   POSTURE_GPIO_EMU_LOG     file the transitions are appended to, one record a line:
 *                            `<CLOCK_MONOTONIC s> <chip> <offset> <what> key=value...` where what is
 *                            request (direction=, flags=, consumer=, level=, active=), set (level=,
 *                            active=), release (level=), edge (rising|falling: the logical edge
 *                            reported; level=, active=) or refused (errno=, consumer=).
 *                            `level` is the electrical level on the pin, `active` the logical one.
 *   POSTURE_GPIO_EMU_SCRIPT  file of input changes on the pin, one a line: `t_ms [chipN:]offset
 *                            rising|falling` (electrical: a button to GND pressed is `falling`),
 *                            `t_ms` from the moment the line is requested as an input; `#` comments.
 *   POSTURE_GPIO_EMU_HELD    lines held by someone else: `[chipN:]offset=consumer,...` (EBUSY).
 *   POSTURE_GPIO_EMU_DENY    `1`: opening a chip fails with EACCES (no access to /dev/gpiochip*).
 *   POSTURE_GPIO_EMU_NO_BIAS `1`: bias flags are refused with EINVAL, as by kernels before 5.5.
 */

#endif
