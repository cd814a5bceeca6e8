// posture_gpiod.h on libgpiod 1.x or 2.x, whichever <gpiod.h> is installed. 1.x's header defines
// GPIOD_LINE_BULK_MAX_LINES (line bulks); 2.x's has no line bulks and defines no macros at all, so
// that one macro tells the generations apart without a build flag or a pkg-config version check.
#include "posture_gpiod.h"

#include <errno.h>
#include <gpiod.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef GPIOD_LINE_BULK_MAX_LINES
#define POSTURE_GPIOD_GENERATION 1
#else
#define POSTURE_GPIOD_GENERATION 2
#endif

/// Edges read from the kernel per call; more stay queued for the next one.
#define POSTURE_EDGE_CAPACITY 16

struct posture_gpio_chip {
    struct gpiod_chip *chip;
    char name[32];
    char label[64];
    unsigned int line_count;
};

int posture_gpiod_generation(void) { return POSTURE_GPIOD_GENERATION; }

static void copy_text(char *out, size_t size, const char *text) {
    if (size == 0) return;
    out[0] = '\0';
    if (text) {
        strncpy(out, text, size - 1);
        out[size - 1] = '\0';
    }
}

static void fill_info(posture_gpio_line_info *info, const char *name, const char *consumer, bool used,
                      bool output, bool active_low) {
    memset(info, 0, sizeof(*info));
    info->used = used;
    info->output = output;
    info->active_low = active_low;
    info->has_name = name != NULL && name[0] != '\0';
    info->has_consumer = consumer != NULL && consumer[0] != '\0';
    copy_text(info->name, sizeof(info->name), name);
    copy_text(info->consumer, sizeof(info->consumer), consumer);
}

/// Keeps errno across cleanup calls that may change it.
#define KEEP_ERRNO(statement) do { int saved_errno_ = errno; statement; errno = saved_errno_; } while (0)

void posture_gpio_chip_close(posture_gpio_chip *chip) {
    if (!chip) return;
    gpiod_chip_close(chip->chip);
    free(chip);
}

const char *posture_gpio_chip_name(posture_gpio_chip *chip) { return chip->name; }
const char *posture_gpio_chip_label(posture_gpio_chip *chip) { return chip->label; }
unsigned int posture_gpio_chip_line_count(posture_gpio_chip *chip) { return chip->line_count; }

#if POSTURE_GPIOD_GENERATION == 1
// ---- libgpiod 1.x: lines belong to the chip; requests are per line. ----

struct posture_gpio_line {
    struct gpiod_line *line;
    struct gpiod_line_event events[POSTURE_EDGE_CAPACITY];
};

const char *posture_gpiod_version(void) { return gpiod_version_string(); }

posture_gpio_chip *posture_gpio_chip_open(const char *path) {
    errno = 0;
    struct gpiod_chip *handle = gpiod_chip_open(path);
    if (!handle) {
        if (errno == 0) errno = ENODEV;
        return NULL;
    }
    posture_gpio_chip *chip = calloc(1, sizeof(*chip));
    if (!chip) {
        KEEP_ERRNO(gpiod_chip_close(handle));
        return NULL;
    }
    chip->chip = handle;
    copy_text(chip->name, sizeof(chip->name), gpiod_chip_name(handle));
    copy_text(chip->label, sizeof(chip->label), gpiod_chip_label(handle));
    chip->line_count = gpiod_chip_num_lines(handle);
    return chip;
}

int posture_gpio_get_line_info(posture_gpio_chip *chip, unsigned int offset, posture_gpio_line_info *info) {
    errno = 0;
    // gpiod_chip_get_line refreshes the line's cached info from the kernel.
    struct gpiod_line *line = gpiod_chip_get_line(chip->chip, offset);
    if (!line) return -1;
    fill_info(info, gpiod_line_name(line), gpiod_line_consumer(line), gpiod_line_is_used(line),
              gpiod_line_direction(line) == GPIOD_LINE_DIRECTION_OUTPUT,
              gpiod_line_active_state(line) == GPIOD_LINE_ACTIVE_STATE_LOW);
    return 0;
}

static posture_gpio_line *wrap_line(struct gpiod_line *line) {
    posture_gpio_line *wrapped = calloc(1, sizeof(*wrapped));
    if (!wrapped) {
        KEEP_ERRNO(gpiod_line_release(line));
        return NULL;
    }
    wrapped->line = line;
    return wrapped;
}

posture_gpio_line *posture_gpio_request_output(posture_gpio_chip *chip, unsigned int offset, bool active_low,
                                               const char *consumer) {
    errno = 0;
    struct gpiod_line *line = gpiod_chip_get_line(chip->chip, offset);
    if (!line) return NULL;
    int flags = active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
    if (gpiod_line_request_output_flags(line, consumer, flags, 0) != 0) return NULL;
    return wrap_line(line);
}

posture_gpio_line *posture_gpio_request_input(posture_gpio_chip *chip, unsigned int offset, bool active_low,
                                              posture_gpio_bias bias, posture_gpio_edges edges,
                                              const char *consumer) {
    errno = 0;
    struct gpiod_line *line = gpiod_chip_get_line(chip->chip, offset);
    if (!line) return NULL;
    int flags = active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
    switch (bias) {
    case POSTURE_GPIO_BIAS_AS_IS: break;
    case POSTURE_GPIO_BIAS_DISABLED: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE; break;
    case POSTURE_GPIO_BIAS_PULL_UP: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP; break;
    case POSTURE_GPIO_BIAS_PULL_DOWN: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN; break;
    }
    int requested = edges == POSTURE_GPIO_EDGES_RISING
        ? gpiod_line_request_rising_edge_events_flags(line, consumer, flags)
        : gpiod_line_request_both_edges_events_flags(line, consumer, flags);
    if (requested != 0) return NULL;
    return wrap_line(line);
}

void posture_gpio_line_release(posture_gpio_line *line) {
    if (!line) return;
    gpiod_line_release(line->line);
    free(line);
}

int posture_gpio_line_set(posture_gpio_line *line, bool active) {
    errno = 0;
    return gpiod_line_set_value(line->line, active ? 1 : 0) == 0 ? 0 : -1;
}

int posture_gpio_line_get(posture_gpio_line *line) {
    errno = 0;
    return gpiod_line_get_value(line->line);
}

int posture_gpio_line_wait(posture_gpio_line *line, int64_t timeout_ns) {
    errno = 0;
    if (timeout_ns < 0) return gpiod_line_event_wait(line->line, NULL);
    struct timespec timeout = { .tv_sec = (time_t)(timeout_ns / 1000000000),
                                .tv_nsec = (long)(timeout_ns % 1000000000) };
    return gpiod_line_event_wait(line->line, &timeout);
}

int posture_gpio_line_read_edges(posture_gpio_line *line, posture_gpio_edge *edges, unsigned int capacity) {
    if (capacity > POSTURE_EDGE_CAPACITY) capacity = POSTURE_EDGE_CAPACITY;
    errno = 0;
    int count = gpiod_line_event_read_multiple(line->line, line->events, capacity);
    for (int index = 0; index < count; index++) {
        edges[index].rising = line->events[index].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
        edges[index].timestamp_ns = (uint64_t)line->events[index].ts.tv_sec * 1000000000u
            + (uint64_t)line->events[index].ts.tv_nsec;
    }
    return count;
}

int posture_gpio_line_fd(posture_gpio_line *line) { return gpiod_line_event_get_fd(line->line); }

#else
// ---- libgpiod 2.x: settings, line and request configs; a request holds its lines. ----

struct posture_gpio_line {
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *events;
    unsigned int offset;
};

const char *posture_gpiod_version(void) { return gpiod_api_version(); }

posture_gpio_chip *posture_gpio_chip_open(const char *path) {
    errno = 0;
    struct gpiod_chip *handle = gpiod_chip_open(path);
    if (!handle) {
        if (errno == 0) errno = ENODEV;
        return NULL;
    }
    struct gpiod_chip_info *info = gpiod_chip_get_info(handle);
    if (!info) {
        KEEP_ERRNO(gpiod_chip_close(handle));
        return NULL;
    }
    posture_gpio_chip *chip = calloc(1, sizeof(*chip));
    if (!chip) {
        KEEP_ERRNO(gpiod_chip_info_free(info); gpiod_chip_close(handle));
        return NULL;
    }
    chip->chip = handle;
    copy_text(chip->name, sizeof(chip->name), gpiod_chip_info_get_name(info));
    copy_text(chip->label, sizeof(chip->label), gpiod_chip_info_get_label(info));
    chip->line_count = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return chip;
}

int posture_gpio_get_line_info(posture_gpio_chip *chip, unsigned int offset, posture_gpio_line_info *info) {
    errno = 0;
    struct gpiod_line_info *line = gpiod_chip_get_line_info(chip->chip, offset);
    if (!line) return -1;
    fill_info(info, gpiod_line_info_get_name(line), gpiod_line_info_get_consumer(line),
              gpiod_line_info_is_used(line), gpiod_line_info_get_direction(line) == GPIOD_LINE_DIRECTION_OUTPUT,
              gpiod_line_info_is_active_low(line));
    gpiod_line_info_free(line);
    return 0;
}

/// One line with these settings, as one request.
static posture_gpio_line *request_line(posture_gpio_chip *chip, unsigned int offset, const char *consumer,
                                       struct gpiod_line_settings *settings, bool with_edges) {
    struct gpiod_line_config *line_config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    posture_gpio_line *line = calloc(1, sizeof(*line));
    struct gpiod_line_request *request = NULL;
    if (line && line_config && request_config
        && gpiod_line_config_add_line_settings(line_config, &offset, 1, settings) == 0) {
        gpiod_request_config_set_consumer(request_config, consumer);
        request = gpiod_chip_request_lines(chip->chip, request_config, line_config);
    }
    if (request && with_edges) {
        line->events = gpiod_edge_event_buffer_new(POSTURE_EDGE_CAPACITY);
        if (!line->events) KEEP_ERRNO(gpiod_line_request_release(request); request = NULL);
    }
    KEEP_ERRNO(gpiod_request_config_free(request_config); gpiod_line_config_free(line_config);
               gpiod_line_settings_free(settings));
    if (!request) {
        KEEP_ERRNO(free(line));
        return NULL;
    }
    line->request = request;
    line->offset = offset;
    return line;
}

posture_gpio_line *posture_gpio_request_output(posture_gpio_chip *chip, unsigned int offset, bool active_low,
                                               const char *consumer) {
    errno = 0;
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    if (!settings) return NULL;
    gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT);
    gpiod_line_settings_set_active_low(settings, active_low);
    gpiod_line_settings_set_output_value(settings, GPIOD_LINE_VALUE_INACTIVE);
    return request_line(chip, offset, consumer, settings, false);
}

posture_gpio_line *posture_gpio_request_input(posture_gpio_chip *chip, unsigned int offset, bool active_low,
                                              posture_gpio_bias bias, posture_gpio_edges edges,
                                              const char *consumer) {
    errno = 0;
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    if (!settings) return NULL;
    gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT);
    gpiod_line_settings_set_active_low(settings, active_low);
    enum gpiod_line_bias wanted = GPIOD_LINE_BIAS_AS_IS;
    switch (bias) {
    case POSTURE_GPIO_BIAS_AS_IS: break;
    case POSTURE_GPIO_BIAS_DISABLED: wanted = GPIOD_LINE_BIAS_DISABLED; break;
    case POSTURE_GPIO_BIAS_PULL_UP: wanted = GPIOD_LINE_BIAS_PULL_UP; break;
    case POSTURE_GPIO_BIAS_PULL_DOWN: wanted = GPIOD_LINE_BIAS_PULL_DOWN; break;
    }
    gpiod_line_settings_set_bias(settings, wanted);
    gpiod_line_settings_set_edge_detection(settings, edges == POSTURE_GPIO_EDGES_RISING
                                                         ? GPIOD_LINE_EDGE_RISING : GPIOD_LINE_EDGE_BOTH);
    return request_line(chip, offset, consumer, settings, true);
}

void posture_gpio_line_release(posture_gpio_line *line) {
    if (!line) return;
    gpiod_line_request_release(line->request);
    if (line->events) gpiod_edge_event_buffer_free(line->events);
    free(line);
}

int posture_gpio_line_set(posture_gpio_line *line, bool active) {
    errno = 0;
    return gpiod_line_request_set_value(line->request, line->offset,
                                        active ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) == 0 ? 0 : -1;
}

int posture_gpio_line_get(posture_gpio_line *line) {
    errno = 0;
    enum gpiod_line_value value = gpiod_line_request_get_value(line->request, line->offset);
    return value == GPIOD_LINE_VALUE_ERROR ? -1 : (value == GPIOD_LINE_VALUE_ACTIVE ? 1 : 0);
}

int posture_gpio_line_wait(posture_gpio_line *line, int64_t timeout_ns) {
    errno = 0;
    return gpiod_line_request_wait_edge_events(line->request, timeout_ns);
}

int posture_gpio_line_read_edges(posture_gpio_line *line, posture_gpio_edge *edges, unsigned int capacity) {
    if (!line->events) {
        errno = EINVAL;
        return -1;
    }
    if (capacity > POSTURE_EDGE_CAPACITY) capacity = POSTURE_EDGE_CAPACITY;
    errno = 0;
    int count = gpiod_line_request_read_edge_events(line->request, line->events, capacity);
    for (int index = 0; index < count; index++) {
        struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(line->events, (unsigned long)index);
        edges[index].rising = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE;
        edges[index].timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
    }
    return count;
}

int posture_gpio_line_fd(posture_gpio_line *line) { return gpiod_line_request_get_fd(line->request); }

#endif
