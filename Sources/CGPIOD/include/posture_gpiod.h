// The small GPIO API posture needs, implemented once per libgpiod generation in posture_gpiod.c
// (1.x: Debian 12 / Raspberry Pi OS Bookworm; 2.x: Debian 13 / Trixie). Which one is compiled
// follows from the installed <gpiod.h>, so the Swift side (Sources/GPIO) is the same for both.
//
// Conventions: functions returning a pointer return NULL and set errno on failure; functions
// returning int return -1 and set errno. Nothing here is thread-safe: the Swift side serialises
// calls per chip (libgpiod 1.x lines belong to their chip).
#ifndef POSTURE_GPIOD_H
#define POSTURE_GPIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct posture_gpio_chip posture_gpio_chip;
typedef struct posture_gpio_line posture_gpio_line;

/// 1 or 2: the libgpiod generation this was compiled against.
int posture_gpiod_generation(void);
/// The library's own version string ("1.6.3", "2.2.1").
const char *posture_gpiod_version(void);

posture_gpio_chip *posture_gpio_chip_open(const char *path);
void posture_gpio_chip_close(posture_gpio_chip *chip);
/// The device name (gpiochip0), the driver's label and the line count, read once at open.
const char *posture_gpio_chip_name(posture_gpio_chip *chip);
const char *posture_gpio_chip_label(posture_gpio_chip *chip);
unsigned int posture_gpio_chip_line_count(posture_gpio_chip *chip);

typedef struct {
    bool used;
    bool output;
    bool active_low;
    bool has_name;
    bool has_consumer;
    char name[64];
    char consumer[64];
} posture_gpio_line_info;

/// What the kernel reports now about one line.
int posture_gpio_get_line_info(posture_gpio_chip *chip, unsigned int offset, posture_gpio_line_info *info);

typedef enum { POSTURE_GPIO_BIAS_AS_IS, POSTURE_GPIO_BIAS_DISABLED, POSTURE_GPIO_BIAS_PULL_UP,
               POSTURE_GPIO_BIAS_PULL_DOWN } posture_gpio_bias;
typedef enum { POSTURE_GPIO_EDGES_RISING, POSTURE_GPIO_EDGES_BOTH } posture_gpio_edges;

/// An output, initially inactive (logical 0).
posture_gpio_line *posture_gpio_request_output(posture_gpio_chip *chip, unsigned int offset, bool active_low,
                                               const char *consumer);
/// An input with edge events.
posture_gpio_line *posture_gpio_request_input(posture_gpio_chip *chip, unsigned int offset, bool active_low,
                                              posture_gpio_bias bias, posture_gpio_edges edges,
                                              const char *consumer);
/// Releases the line (the kernel keeps an output's level) and frees it.
void posture_gpio_line_release(posture_gpio_line *line);

/// Logical levels (active-low inverted by the kernel or libgpiod).
int posture_gpio_line_set(posture_gpio_line *line, bool active);
/// 1 active, 0 inactive, -1 error.
int posture_gpio_line_get(posture_gpio_line *line);

/// Waits for an edge: 1 one is pending, 0 timed out, -1 error. A negative timeout waits forever.
int posture_gpio_line_wait(posture_gpio_line *line, int64_t timeout_ns);

typedef struct {
    bool rising;
    /// The kernel's timestamp (CLOCK_MONOTONIC).
    uint64_t timestamp_ns;
} posture_gpio_edge;

/// Reads up to `capacity` pending edges (blocks when none is pending: wait first). Count or -1.
int posture_gpio_line_read_edges(posture_gpio_line *line, posture_gpio_edge *edges, unsigned int capacity);
/// The file descriptor that becomes readable on an edge (for poll), or -1.
int posture_gpio_line_fd(posture_gpio_line *line);

#endif
