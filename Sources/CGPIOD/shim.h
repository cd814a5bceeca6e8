#ifndef POSTURE_CGPIOD_SHIM_H
#define POSTURE_CGPIOD_SHIM_H
#include <gpiod.h>
#endif
