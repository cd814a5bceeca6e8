#ifndef POSTURE_CI2C_SHIM_H
#define POSTURE_CI2C_SHIM_H
// libi2c's SMBus helpers and the kernel's i2c-dev ioctls (I2C_SLAVE, I2C_FUNCS).
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <i2c/smbus.h>
#include <sys/ioctl.h>
#endif
