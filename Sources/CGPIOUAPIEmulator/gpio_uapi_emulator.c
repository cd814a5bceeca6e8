// The GPIO character-device uAPI v1 emulated behind LD_PRELOAD (see include/gpio_uapi_emulator.h for
// the environment). Built as a dynamic library product only: linking it into a Swift target would
// interpose open/ioctl/close in that process.
//
// The model follows drivers/gpio/gpiolib-cdev.c (v1 part): a chip fd answers CHIPINFO, LINEINFO,
// LINEHANDLE and LINEEVENT; a handle fd answers GET/SET_LINE_VALUES and SET_CONFIG; an event fd
// answers GET_LINE_VALUES and is readable with struct gpioevent_data records. Descriptors are real
// (/dev/null for chips and handles, a pipe for events) so poll/ppoll/read/close need no emulation.

#define _GNU_SOURCE
#include "gpio_uapi_emulator.h"

/* glibc on Linux only (the LFS64 variants, RTLD_NEXT, linux/gpio.h); elsewhere an empty library.
   stdio.h first: it defines __GLIBC__. */
#include <stdio.h>
#if defined(__linux__) && defined(__GLIBC__)

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define EMU_MAX_CHIPS 8
#define EMU_MAX_LINES 512
#define EMU_MAX_FDS 256
#define EMU_MAX_DIRS 8
#define EMU_MAX_PENDING 1024
#define EMU_GPIO_MAJOR 254
/* The kernel keeps at most 16 events per request; more are dropped. */
#define EMU_EVENT_FIFO 16

#define EMU_HANDLE_VALID_FLAGS                                                                                  \
    (GPIOHANDLE_REQUEST_INPUT | GPIOHANDLE_REQUEST_OUTPUT | GPIOHANDLE_REQUEST_ACTIVE_LOW |                     \
     GPIOHANDLE_REQUEST_OPEN_DRAIN | GPIOHANDLE_REQUEST_OPEN_SOURCE | GPIOHANDLE_REQUEST_BIAS_PULL_UP |         \
     GPIOHANDLE_REQUEST_BIAS_PULL_DOWN | GPIOHANDLE_REQUEST_BIAS_DISABLE)
#define EMU_BIAS_FLAGS                                                                                          \
    (GPIOHANDLE_REQUEST_BIAS_PULL_UP | GPIOHANDLE_REQUEST_BIAS_PULL_DOWN | GPIOHANDLE_REQUEST_BIAS_DISABLE)

struct emu_line {
    char name[32];
    char consumer[32];
    int requested;
    /* GPIOHANDLE_REQUEST_* flags of the current request. */
    uint32_t flags;
    /* Electrical level on the pin. */
    int level;
    /* Edge events wanted (GPIOEVENT_REQUEST_*), with the pipe's write end; -1 without events. */
    uint32_t event_flags;
    int event_write_fd;
    int event_read_fd;
    /* Bumped on every request, so edges scheduled for an earlier request are dropped. */
    uint64_t generation;
    /* Held by another process or a kernel driver (POSTURE_GPIO_EMU_HELD): never freed. */
    int held_outside;
};

struct emu_chip {
    int number;
    char path[48];
    char sysfs_dev[80];
    char name[32];
    char label[32];
    unsigned line_count;
    struct emu_line *lines;
};

enum emu_fd_kind { FD_CHIP = 1, FD_HANDLE, FD_EVENT };

struct emu_fd {
    int fd;
    enum emu_fd_kind kind;
    int chip;
    unsigned count;
    uint32_t offsets[GPIOHANDLES_MAX];
};

struct emu_script_entry {
    long long delay_ms;
    int chip;
    unsigned offset;
    int level;
};

struct emu_pending {
    long long due_ns;
    int chip;
    unsigned offset;
    int level;
    uint64_t generation;
};

struct emu_dir {
    DIR *dir;
    int next_chip;
    struct dirent entry;
    struct dirent64 entry64;
};

static struct {
    pthread_once_t once;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int scheduler_started;
    struct emu_chip chips[EMU_MAX_CHIPS];
    int chip_count;
    struct emu_fd fds[EMU_MAX_FDS];
    struct emu_script_entry *script;
    int script_count;
    struct emu_pending pending[EMU_MAX_PENDING];
    int pending_count;
    struct emu_dir dirs[EMU_MAX_DIRS];
    int log_fd;
    int deny;
    int no_bias;
} emu = { .once = PTHREAD_ONCE_INIT, .lock = PTHREAD_MUTEX_INITIALIZER, .log_fd = -1 };

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_stat)(const char *, struct stat *);
static int (*real_lstat)(const char *, struct stat *);
static int (*real_stat64)(const char *, struct stat64 *);
static int (*real_lstat64)(const char *, struct stat64 *);
static int (*real_access)(const char *, int);
static int (*real_ioctl)(int, unsigned long, ...);
static int (*real_close)(int);
static DIR *(*real_opendir)(const char *);
static struct dirent *(*real_readdir)(DIR *);
static struct dirent64 *(*real_readdir64)(DIR *);
static int (*real_closedir)(DIR *);
static int (*real_scandir)(const char *, struct dirent ***, int (*)(const struct dirent *),
                           int (*)(const struct dirent **, const struct dirent **));

// MARK: - Configuration

static long long monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void emu_warn(const char *what, const char *text) {
    fprintf(stderr, "gpio-uapi-emulator: %s: '%s' ignored\n", what, text);
}

static int chip_index_by_number(int number) {
    for (int i = 0; i < emu.chip_count; i++)
        if (emu.chips[i].number == number) return i;
    return -1;
}

/* `[N=]label:lines[:prefix]` */
static void parse_chip(const char *text, int default_number) {
    char buffer[160];
    snprintf(buffer, sizeof buffer, "%s", text);
    char *spec = buffer;
    int number = default_number;
    char *equals = strchr(spec, '=');
    if (equals) {
        *equals = '\0';
        number = atoi(spec);
        spec = equals + 1;
    }
    char *colon = strchr(spec, ':');
    if (!colon || emu.chip_count >= EMU_MAX_CHIPS || number < 0 || chip_index_by_number(number) >= 0) {
        emu_warn("POSTURE_GPIO_EMU_CHIPS entry", text);
        return;
    }
    *colon = '\0';
    char *prefix = strchr(colon + 1, ':');
    if (prefix) *prefix++ = '\0';
    long lines = strtol(colon + 1, NULL, 10);
    if (lines <= 0 || lines > EMU_MAX_LINES) {
        emu_warn("POSTURE_GPIO_EMU_CHIPS line count", text);
        return;
    }
    struct emu_chip *chip = &emu.chips[emu.chip_count];
    chip->number = number;
    snprintf(chip->name, sizeof chip->name, "gpiochip%d", number);
    snprintf(chip->path, sizeof chip->path, "/dev/gpiochip%d", number);
    snprintf(chip->sysfs_dev, sizeof chip->sysfs_dev, "/sys/bus/gpio/devices/gpiochip%d/dev", number);
    snprintf(chip->label, sizeof chip->label, "%s", spec);
    chip->line_count = (unsigned)lines;
    chip->lines = calloc((size_t)lines, sizeof *chip->lines);
    if (!chip->lines) return;
    for (long i = 0; i < lines; i++) {
        chip->lines[i].event_write_fd = -1;
        chip->lines[i].event_read_fd = -1;
        if (prefix && *prefix) snprintf(chip->lines[i].name, sizeof chip->lines[i].name, "%s%ld", prefix, i);
    }
    emu.chip_count++;
}

/* `[chipN:]offset` -> chip index and offset; 0 on success. */
static int parse_line_ref(const char *text, int *chip, unsigned *offset) {
    int number = emu.chip_count > 0 ? emu.chips[0].number : 0;
    const char *colon = strchr(text, ':');
    if (colon) {
        if (strncmp(text, "gpiochip", 8) == 0) number = atoi(text + 8);
        else number = atoi(text);
        text = colon + 1;
    }
    char *end = NULL;
    long value = strtol(text, &end, 10);
    *chip = chip_index_by_number(number);
    if (*chip < 0 || end == text || value < 0 || (unsigned long)value >= emu.chips[*chip].line_count) return -1;
    *offset = (unsigned)value;
    return 0;
}

static void parse_held(const char *text) {
    char *copy = strdup(text);
    if (!copy) return;
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *equals = strchr(item, '=');
        int chip;
        unsigned offset;
        if (!equals) { emu_warn("POSTURE_GPIO_EMU_HELD entry", item); continue; }
        *equals = '\0';
        if (parse_line_ref(item, &chip, &offset) != 0) { emu_warn("POSTURE_GPIO_EMU_HELD line", item); continue; }
        struct emu_line *line = &emu.chips[chip].lines[offset];
        line->requested = 1;
        line->held_outside = 1;
        snprintf(line->consumer, sizeof line->consumer, "%s", equals + 1);
    }
    free(copy);
}

static void parse_script(const char *path) {
    FILE *file = fopen(path, "re");
    if (!file) {
        fprintf(stderr, "gpio-uapi-emulator: cannot read POSTURE_GPIO_EMU_SCRIPT %s: %s\n", path, strerror(errno));
        return;
    }
    char text[256];
    int capacity = 0;
    while (fgets(text, sizeof text, file)) {
        char *hash = strchr(text, '#');
        if (hash) *hash = '\0';
        char line_ref[64], edge[16];
        long long delay_ms;
        if (sscanf(text, "%lld %63s %15s", &delay_ms, line_ref, edge) != 3) {
            if (strspn(text, " \t\r\n") != strlen(text)) emu_warn("POSTURE_GPIO_EMU_SCRIPT line", text);
            continue;
        }
        struct emu_script_entry entry = { .delay_ms = delay_ms };
        if (parse_line_ref(line_ref, &entry.chip, &entry.offset) != 0 || delay_ms < 0) {
            emu_warn("POSTURE_GPIO_EMU_SCRIPT line", text);
            continue;
        }
        if (strcmp(edge, "rising") == 0) entry.level = 1;
        else if (strcmp(edge, "falling") == 0) entry.level = 0;
        else { emu_warn("POSTURE_GPIO_EMU_SCRIPT edge", edge); continue; }
        if (emu.script_count == capacity) {
            capacity = capacity ? capacity * 2 : 32;
            struct emu_script_entry *grown = realloc(emu.script, (size_t)capacity * sizeof *grown);
            if (!grown) break;
            emu.script = grown;
        }
        emu.script[emu.script_count++] = entry;
    }
    fclose(file);
}

static void *next_symbol(const char *name) {
    void *symbol = dlsym(RTLD_NEXT, name);
    if (!symbol) fprintf(stderr, "gpio-uapi-emulator: %s not found in libc\n", name);
    return symbol;
}

/* fork(): the child must not inherit a lock held by another thread, and has no scheduler thread. */
static void before_fork(void) { pthread_mutex_lock(&emu.lock); }
static void after_fork_in_parent(void) { pthread_mutex_unlock(&emu.lock); }
static void after_fork_in_child(void) {
    emu.scheduler_started = 0;
    emu.pending_count = 0;
    pthread_mutex_unlock(&emu.lock);
}

static void emu_init(void) {
    real_open = next_symbol("open");
    real_open64 = next_symbol("open64");
    real_stat = next_symbol("stat");
    real_lstat = next_symbol("lstat");
    real_stat64 = next_symbol("stat64");
    real_lstat64 = next_symbol("lstat64");
    real_access = next_symbol("access");
    real_ioctl = next_symbol("ioctl");
    real_close = next_symbol("close");
    real_opendir = next_symbol("opendir");
    real_readdir = next_symbol("readdir");
    real_readdir64 = next_symbol("readdir64");
    real_closedir = next_symbol("closedir");
    real_scandir = next_symbol("scandir");

    pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&emu.wake, &attributes);
    pthread_condattr_destroy(&attributes);

    const char *chips = getenv("POSTURE_GPIO_EMU_CHIPS");
    if (chips) {
        char *copy = strdup(chips);
        char *save = NULL;
        int next_number = 0;
        for (char *item = copy ? strtok_r(copy, ",", &save) : NULL; item; item = strtok_r(NULL, ",", &save)) {
            parse_chip(item, next_number);
            if (emu.chip_count > 0) next_number = emu.chips[emu.chip_count - 1].number + 1;
        }
        free(copy);
    }
    const char *held = getenv("POSTURE_GPIO_EMU_HELD");
    if (held) parse_held(held);
    const char *script = getenv("POSTURE_GPIO_EMU_SCRIPT");
    if (script && *script) parse_script(script);
    const char *deny = getenv("POSTURE_GPIO_EMU_DENY");
    emu.deny = deny && strcmp(deny, "1") == 0;
    const char *no_bias = getenv("POSTURE_GPIO_EMU_NO_BIAS");
    emu.no_bias = no_bias && strcmp(no_bias, "1") == 0;
    const char *log = getenv("POSTURE_GPIO_EMU_LOG");
    if (log && *log) {
        emu.log_fd = real_open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (emu.log_fd < 0)
            fprintf(stderr, "gpio-uapi-emulator: cannot open POSTURE_GPIO_EMU_LOG %s: %s\n", log, strerror(errno));
    }
}

static void ensure_init(void) { pthread_once(&emu.once, emu_init); }

// MARK: - Lookup

static int chip_by_path(const char *path) {
    if (!path) return -1;
    for (int i = 0; i < emu.chip_count; i++)
        if (strcmp(path, emu.chips[i].path) == 0) return i;
    return -1;
}

static int chip_by_sysfs_dev(const char *path) {
    if (!path) return -1;
    for (int i = 0; i < emu.chip_count; i++)
        if (strcmp(path, emu.chips[i].sysfs_dev) == 0) return i;
    return -1;
}

/* Under emu.lock. */
static struct emu_fd *fd_entry(int fd) {
    for (int i = 0; i < EMU_MAX_FDS; i++)
        if (emu.fds[i].kind && emu.fds[i].fd == fd) return &emu.fds[i];
    return NULL;
}

/* Under emu.lock. */
static struct emu_fd *fd_add(int fd, enum emu_fd_kind kind, int chip) {
    for (int i = 0; i < EMU_MAX_FDS; i++) {
        if (!emu.fds[i].kind) {
            memset(&emu.fds[i], 0, sizeof emu.fds[i]);
            emu.fds[i].fd = fd;
            emu.fds[i].kind = kind;
            emu.fds[i].chip = chip;
            return &emu.fds[i];
        }
    }
    return NULL;
}

// MARK: - Log

static void flags_text(uint32_t flags, char *out, size_t size) {
    static const struct { uint32_t bit; const char *name; } names[] = {
        { GPIOHANDLE_REQUEST_ACTIVE_LOW, "active-low" },   { GPIOHANDLE_REQUEST_OPEN_DRAIN, "open-drain" },
        { GPIOHANDLE_REQUEST_OPEN_SOURCE, "open-source" }, { GPIOHANDLE_REQUEST_BIAS_PULL_UP, "pull-up" },
        { GPIOHANDLE_REQUEST_BIAS_PULL_DOWN, "pull-down" }, { GPIOHANDLE_REQUEST_BIAS_DISABLE, "bias-disabled" },
    };
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(flags & names[i].bit)) continue;
        int written = snprintf(out + used, size - used, "%s%s", used ? "," : "", names[i].name);
        if (written < 0 || (size_t)written >= size - used) break;
        used += (size_t)written;
    }
    if (used == 0) snprintf(out, size, "none");
}

/* Under emu.lock. One write per record, so records from threads never interleave. */
static void log_record(int chip, unsigned offset, const char *format, ...) {
    if (emu.log_fd < 0) return;
    char record[320];
    long long now = monotonic_ns();
    int used = snprintf(record, sizeof record, "%lld.%09lld %s %u ", now / 1000000000LL, now % 1000000000LL,
                        emu.chips[chip].name, offset);
    va_list arguments;
    va_start(arguments, format);
    used += vsnprintf(record + used, sizeof record - (size_t)used - 1, format, arguments);
    va_end(arguments);
    if (used > (int)sizeof record - 2) used = (int)sizeof record - 2;
    record[used++] = '\n';
    ssize_t ignored = write(emu.log_fd, record, (size_t)used);
    (void)ignored;
}

static int logical(const struct emu_line *line) {
    return line->level ^ !!(line->flags & GPIOHANDLE_REQUEST_ACTIVE_LOW);
}

// MARK: - Input edges

static void *scheduler_main(void *unused);

/* Under emu.lock: the pin is driven to `level` from outside; an edge goes to the event pipe. */
static void apply_input_level(int chip, unsigned offset, int level) {
    struct emu_line *line = &emu.chips[chip].lines[offset];
    if (line->level == level) return;
    line->level = level;
    int active = logical(line);
    uint32_t id = active ? GPIOEVENT_EVENT_RISING_EDGE : GPIOEVENT_EVENT_FALLING_EDGE;
    uint32_t wanted = active ? GPIOEVENT_REQUEST_RISING_EDGE : GPIOEVENT_REQUEST_FALLING_EDGE;
    log_record(chip, offset, "edge %s level=%d active=%d", active ? "rising" : "falling", level, active);
    if (line->event_write_fd < 0 || !(line->event_flags & wanted)) return;
    int queued = 0;
    if (real_ioctl(line->event_read_fd, FIONREAD, &queued) == 0
        && queued >= (int)(EMU_EVENT_FIFO * sizeof(struct gpioevent_data))) {
        log_record(chip, offset, "dropped fifo-full");
        return;
    }
    struct gpioevent_data event = { .timestamp = (uint64_t)monotonic_ns(), .id = id };
    ssize_t ignored = write(line->event_write_fd, &event, sizeof event);
    (void)ignored;
}

/* Under emu.lock: queues the script's changes for a line just requested as an input. */
static void schedule_script(int chip, unsigned offset) {
    struct emu_line *line = &emu.chips[chip].lines[offset];
    long long start = monotonic_ns();
    int added = 0;
    for (int i = 0; i < emu.script_count; i++) {
        const struct emu_script_entry *entry = &emu.script[i];
        if (entry->chip != chip || entry->offset != offset || emu.pending_count >= EMU_MAX_PENDING) continue;
        emu.pending[emu.pending_count++] = (struct emu_pending){
            .due_ns = start + entry->delay_ms * 1000000LL, .chip = chip, .offset = offset,
            .level = entry->level, .generation = line->generation };
        added = 1;
    }
    if (!added) return;
    if (!emu.scheduler_started) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&thread, &attributes, scheduler_main, NULL) == 0) emu.scheduler_started = 1;
        pthread_attr_destroy(&attributes);
    }
    pthread_cond_signal(&emu.wake);
}

/* Applies queued script changes when due; a change for a released line is dropped. */
static void *scheduler_main(void *unused) {
    (void)unused;
    pthread_mutex_lock(&emu.lock);
    for (;;) {
        int earliest = -1;
        for (int i = 0; i < emu.pending_count; i++)
            if (earliest < 0 || emu.pending[i].due_ns < emu.pending[earliest].due_ns) earliest = i;
        if (earliest < 0) {
            pthread_cond_wait(&emu.wake, &emu.lock);
            continue;
        }
        long long due = emu.pending[earliest].due_ns;
        if (monotonic_ns() < due) {
            struct timespec deadline = { .tv_sec = due / 1000000000LL, .tv_nsec = due % 1000000000LL };
            pthread_cond_timedwait(&emu.wake, &emu.lock, &deadline);
            continue;
        }
        struct emu_pending change = emu.pending[earliest];
        emu.pending[earliest] = emu.pending[--emu.pending_count];
        struct emu_line *line = &emu.chips[change.chip].lines[change.offset];
        /* An input turned output (SET_CONFIG) is driven by its requester, not by the outside. */
        if (line->requested && line->generation == change.generation && !line->held_outside
            && !(line->flags & GPIOHANDLE_REQUEST_OUTPUT))
            apply_input_level(change.chip, change.offset, change.level);
    }
    return NULL;
}

// MARK: - ioctl

/* The checks of linehandle_validate_flags() in gpiolib-cdev.c. */
static int validate_handle_flags(uint32_t flags) {
    if (flags & ~(uint32_t)EMU_HANDLE_VALID_FLAGS) return EINVAL;
    if ((flags & GPIOHANDLE_REQUEST_INPUT) && (flags & GPIOHANDLE_REQUEST_OUTPUT)) return EINVAL;
    if ((flags & GPIOHANDLE_REQUEST_OPEN_DRAIN) && (flags & GPIOHANDLE_REQUEST_OPEN_SOURCE)) return EINVAL;
    if (!(flags & GPIOHANDLE_REQUEST_OUTPUT)
        && (flags & (GPIOHANDLE_REQUEST_OPEN_DRAIN | GPIOHANDLE_REQUEST_OPEN_SOURCE)))
        return EINVAL;
    /* Kernels before 5.5 knew no bias flags: unknown flags are EINVAL. */
    if (emu.no_bias && (flags & EMU_BIAS_FLAGS)) return EINVAL;
    if (!(flags & (GPIOHANDLE_REQUEST_INPUT | GPIOHANDLE_REQUEST_OUTPUT)) && (flags & EMU_BIAS_FLAGS)) return EINVAL;
    uint32_t bias = flags & EMU_BIAS_FLAGS;
    if (bias & (bias - 1)) return EINVAL;
    return 0;
}

/* Under emu.lock: EBUSY for a held line, logged with its holder. */
static int check_free(int chip, unsigned offset) {
    struct emu_line *line = &emu.chips[chip].lines[offset];
    if (!line->requested) return 0;
    log_record(chip, offset, "refused errno=EBUSY consumer=%s", line->consumer[0] ? line->consumer : "?");
    return EBUSY;
}

/* Under emu.lock: takes a line for a request that passed validation. */
static void claim_line(int chip, unsigned offset, uint32_t flags, const char *consumer, int output_value,
                       const char *direction) {
    struct emu_line *line = &emu.chips[chip].lines[offset];
    line->requested = 1;
    line->generation++;
    line->flags = flags;
    snprintf(line->consumer, sizeof line->consumer, "%.*s", 31, consumer[0] ? consumer : "?");
    if (flags & GPIOHANDLE_REQUEST_OUTPUT) {
        line->level = (!!output_value) ^ !!(flags & GPIOHANDLE_REQUEST_ACTIVE_LOW);
    } else if (flags & GPIOHANDLE_REQUEST_BIAS_PULL_UP) {
        line->level = 1;
    } else if (flags & GPIOHANDLE_REQUEST_BIAS_PULL_DOWN) {
        line->level = 0;
    }
    char flag_names[96];
    flags_text(flags, flag_names, sizeof flag_names);
    log_record(chip, offset, "request direction=%s flags=%s consumer=%s level=%d active=%d", direction, flag_names,
               line->consumer, line->level, logical(line));
}

/* Under emu.lock. */
static void release_line(int chip, unsigned offset) {
    struct emu_line *line = &emu.chips[chip].lines[offset];
    if (!line->requested || line->held_outside) return;
    log_record(chip, offset, "release level=%d", line->level);
    line->requested = 0;
    line->generation++;
    line->consumer[0] = '\0';
    line->event_flags = 0;
    if (line->event_write_fd >= 0) real_close(line->event_write_fd);
    line->event_write_fd = -1;
    line->event_read_fd = -1;
    /* The kernel keeps the direction and level of a released line, but forgets the request flags. */
    line->flags &= GPIOHANDLE_REQUEST_OUTPUT;
}

static int lineinfo(int chip, struct gpioline_info *info) {
    const struct emu_chip *c = &emu.chips[chip];
    if (info->line_offset >= c->line_count) return EINVAL;
    const struct emu_line *line = &c->lines[info->line_offset];
    uint32_t offset = info->line_offset;
    memset(info, 0, sizeof *info);
    info->line_offset = offset;
    memcpy(info->name, line->name, sizeof info->name);
    if (line->requested) {
        info->flags |= GPIOLINE_FLAG_KERNEL;
        memcpy(info->consumer, line->consumer, sizeof info->consumer);
    }
    if (line->flags & GPIOHANDLE_REQUEST_OUTPUT) info->flags |= GPIOLINE_FLAG_IS_OUT;
    if (line->flags & GPIOHANDLE_REQUEST_ACTIVE_LOW) info->flags |= GPIOLINE_FLAG_ACTIVE_LOW;
    if (line->flags & GPIOHANDLE_REQUEST_OPEN_DRAIN) info->flags |= GPIOLINE_FLAG_OPEN_DRAIN;
    if (line->flags & GPIOHANDLE_REQUEST_OPEN_SOURCE) info->flags |= GPIOLINE_FLAG_OPEN_SOURCE;
    if (line->flags & GPIOHANDLE_REQUEST_BIAS_PULL_UP) info->flags |= GPIOLINE_FLAG_BIAS_PULL_UP;
    if (line->flags & GPIOHANDLE_REQUEST_BIAS_PULL_DOWN) info->flags |= GPIOLINE_FLAG_BIAS_PULL_DOWN;
    if (line->flags & GPIOHANDLE_REQUEST_BIAS_DISABLE) info->flags |= GPIOLINE_FLAG_BIAS_DISABLE;
    return 0;
}

static int linehandle(int chip, struct gpiohandle_request *request) {
    const struct emu_chip *c = &emu.chips[chip];
    if (request->lines == 0 || request->lines > GPIOHANDLES_MAX) return EINVAL;
    int invalid = validate_handle_flags(request->flags);
    if (invalid) return invalid;
    for (uint32_t i = 0; i < request->lines; i++) {
        if (request->lineoffsets[i] >= c->line_count) return EINVAL;
        for (uint32_t j = 0; j < i; j++)
            if (request->lineoffsets[j] == request->lineoffsets[i]) return EBUSY;
        int busy = check_free(chip, request->lineoffsets[i]);
        if (busy) return busy;
    }
    int fd = real_open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0) return errno;
    struct emu_fd *entry = fd_add(fd, FD_HANDLE, chip);
    if (!entry) { real_close(fd); return EMFILE; }
    char consumer[32];
    snprintf(consumer, sizeof consumer, "%.*s", 31, request->consumer_label);
    entry->count = request->lines;
    int output = !!(request->flags & GPIOHANDLE_REQUEST_OUTPUT);
    for (uint32_t i = 0; i < request->lines; i++) {
        entry->offsets[i] = request->lineoffsets[i];
        claim_line(chip, request->lineoffsets[i], request->flags, consumer, request->default_values[i],
                   output ? "output" : (request->flags & GPIOHANDLE_REQUEST_INPUT) ? "input" : "as-is");
        if (request->flags & GPIOHANDLE_REQUEST_INPUT) schedule_script(chip, request->lineoffsets[i]);
    }
    request->fd = fd;
    return 0;
}

static int lineevent(int chip, struct gpioevent_request *request) {
    const struct emu_chip *c = &emu.chips[chip];
    if (request->lineoffset >= c->line_count) return EINVAL;
    if (request->eventflags & ~(uint32_t)GPIOEVENT_REQUEST_BOTH_EDGES) return EINVAL;
    uint32_t flags = request->handleflags;
    if (flags & (GPIOHANDLE_REQUEST_OUTPUT | GPIOHANDLE_REQUEST_OPEN_DRAIN | GPIOHANDLE_REQUEST_OPEN_SOURCE))
        return EINVAL;
    int invalid = validate_handle_flags(flags);
    if (invalid) return invalid;
    int busy = check_free(chip, request->lineoffset);
    if (busy) return busy;
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) return errno;
    /* The kernel drops events rather than blocking the interrupt: so does the write end. */
    fcntl(ends[1], F_SETFL, O_NONBLOCK);
    struct emu_fd *entry = fd_add(ends[0], FD_EVENT, chip);
    if (!entry) { real_close(ends[0]); real_close(ends[1]); return EMFILE; }
    entry->count = 1;
    entry->offsets[0] = request->lineoffset;
    char consumer[32];
    snprintf(consumer, sizeof consumer, "%.*s", 31, request->consumer_label);
    claim_line(chip, request->lineoffset, flags | GPIOHANDLE_REQUEST_INPUT, consumer, 0, "input");
    struct emu_line *line = &emu.chips[chip].lines[request->lineoffset];
    line->event_flags = request->eventflags;
    line->event_write_fd = ends[1];
    line->event_read_fd = ends[0];
    schedule_script(chip, request->lineoffset);
    request->fd = ends[0];
    return 0;
}

static int handle_set_values(struct emu_fd *entry, const struct gpiohandle_data *data) {
    struct emu_chip *c = &emu.chips[entry->chip];
    for (unsigned i = 0; i < entry->count; i++)
        if (!(c->lines[entry->offsets[i]].flags & GPIOHANDLE_REQUEST_OUTPUT)) return EPERM;
    for (unsigned i = 0; i < entry->count; i++) {
        struct emu_line *line = &c->lines[entry->offsets[i]];
        int level = (!!data->values[i]) ^ !!(line->flags & GPIOHANDLE_REQUEST_ACTIVE_LOW);
        if (level == line->level) continue;
        line->level = level;
        log_record(entry->chip, entry->offsets[i], "set level=%d active=%d", level, logical(line));
    }
    return 0;
}

static int handle_set_config(struct emu_fd *entry, const struct gpiohandle_config *config) {
    int invalid = validate_handle_flags(config->flags);
    if (invalid) return invalid;
    struct emu_chip *c = &emu.chips[entry->chip];
    for (unsigned i = 0; i < entry->count; i++) {
        struct emu_line *line = &c->lines[entry->offsets[i]];
        line->flags = config->flags;
        char flag_names[96];
        flags_text(config->flags, flag_names, sizeof flag_names);
        if (config->flags & GPIOHANDLE_REQUEST_OUTPUT)
            line->level = (!!config->default_values[i]) ^ !!(config->flags & GPIOHANDLE_REQUEST_ACTIVE_LOW);
        log_record(entry->chip, entry->offsets[i], "config direction=%s flags=%s level=%d active=%d",
                   (config->flags & GPIOHANDLE_REQUEST_OUTPUT) ? "output" : "input", flag_names, line->level,
                   logical(line));
    }
    return 0;
}

/* Under emu.lock; returns 0 or an errno. */
static int emulated_ioctl(struct emu_fd *entry, unsigned long request, void *argument) {
    if (!argument) return EFAULT;
    switch (entry->kind) {
    case FD_CHIP:
        switch (request) {
        case GPIO_GET_CHIPINFO_IOCTL: {
            struct gpiochip_info *info = argument;
            memset(info, 0, sizeof *info);
            memcpy(info->name, emu.chips[entry->chip].name, sizeof info->name);
            memcpy(info->label, emu.chips[entry->chip].label, sizeof info->label);
            info->lines = emu.chips[entry->chip].line_count;
            return 0;
        }
        case GPIO_GET_LINEINFO_IOCTL: return lineinfo(entry->chip, argument);
        case GPIO_GET_LINEHANDLE_IOCTL: return linehandle(entry->chip, argument);
        case GPIO_GET_LINEEVENT_IOCTL: return lineevent(entry->chip, argument);
        default: return EINVAL;
        }
    case FD_HANDLE:
    case FD_EVENT:
        if (request == GPIOHANDLE_GET_LINE_VALUES_IOCTL) {
            struct gpiohandle_data *data = argument;
            memset(data, 0, sizeof *data);
            for (unsigned i = 0; i < entry->count; i++)
                data->values[i] = (uint8_t)logical(&emu.chips[entry->chip].lines[entry->offsets[i]]);
            return 0;
        }
        if (entry->kind == FD_EVENT) return EINVAL;
        if (request == GPIOHANDLE_SET_LINE_VALUES_IOCTL) return handle_set_values(entry, argument);
        if (request == GPIOHANDLE_SET_CONFIG_IOCTL) return handle_set_config(entry, argument);
        return EINVAL;
    }
    return EINVAL;
}

// MARK: - Interposed libc calls

int ioctl(int fd, unsigned long request, ...) {
    va_list arguments;
    va_start(arguments, request);
    void *argument = va_arg(arguments, void *);
    va_end(arguments);
    ensure_init();
    pthread_mutex_lock(&emu.lock);
    struct emu_fd *entry = fd_entry(fd);
    if (!entry) {
        pthread_mutex_unlock(&emu.lock);
        return real_ioctl(fd, request, argument);
    }
    int code = emulated_ioctl(entry, request, argument);
    pthread_mutex_unlock(&emu.lock);
    if (code) { errno = code; return -1; }
    return 0;
}

int close(int fd) {
    ensure_init();
    pthread_mutex_lock(&emu.lock);
    struct emu_fd *entry = fd_entry(fd);
    if (entry) {
        if (entry->kind == FD_HANDLE || entry->kind == FD_EVENT)
            for (unsigned i = 0; i < entry->count; i++) release_line(entry->chip, entry->offsets[i]);
        entry->kind = 0;
    }
    pthread_mutex_unlock(&emu.lock);
    return real_close(fd);
}

/* A pipe holding the sysfs `dev` attribute ("254:N\n"), as libgpiod's is_gpiochip_cdev() reads it. */
static int open_sysfs_dev(int chip) {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) return -1;
    char text[24];
    int length = snprintf(text, sizeof text, "%d:%d\n", EMU_GPIO_MAJOR, emu.chips[chip].number);
    ssize_t ignored = write(ends[1], text, (size_t)length);
    (void)ignored;
    real_close(ends[1]);
    return ends[0];
}

static int open_chip(int chip) {
    if (emu.deny) { errno = EACCES; return -1; }
    int fd = real_open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0) return -1;
    pthread_mutex_lock(&emu.lock);
    struct emu_fd *entry = fd_add(fd, FD_CHIP, chip);
    pthread_mutex_unlock(&emu.lock);
    if (!entry) { real_close(fd); errno = EMFILE; return -1; }
    return fd;
}

/* -1 with errno set, or a descriptor; -2 when the path is not emulated. */
static int open_emulated(const char *path) {
    ensure_init();
    int chip = chip_by_path(path);
    if (chip >= 0) return open_chip(chip);
    chip = chip_by_sysfs_dev(path);
    if (chip >= 0) return open_sysfs_dev(chip);
    return -2;
}

/* open and open64; the mode argument exists only with O_CREAT or O_TMPFILE. */
#define EMU_DEFINE_OPEN(function, real_function)                                                                \
    int function(const char *path, int flags, ...) {                                                            \
        mode_t mode = 0;                                                                                        \
        if (flags & (O_CREAT | O_TMPFILE)) {                                                                    \
            va_list arguments;                                                                                  \
            va_start(arguments, flags);                                                                         \
            mode = va_arg(arguments, mode_t);                                                                   \
            va_end(arguments);                                                                                  \
        }                                                                                                       \
        int fd = open_emulated(path);                                                                           \
        return fd == -2 ? real_function(path, flags, mode) : fd;                                                \
    }

EMU_DEFINE_OPEN(open, real_open)
EMU_DEFINE_OPEN(open64, real_open64)

static void fill_stat(int chip, struct stat *info) {
    memset(info, 0, sizeof *info);
    info->st_mode = S_IFCHR | 0660;
    info->st_rdev = makedev(EMU_GPIO_MAJOR, (unsigned)emu.chips[chip].number);
    info->st_nlink = 1;
    info->st_blksize = 4096;
    clock_gettime(CLOCK_REALTIME, &info->st_mtim);
    info->st_atim = info->st_ctim = info->st_mtim;
}

/* stat and lstat (and the 64 variants): emulated chips are character devices, not symbolic links. */
#define EMU_DEFINE_STAT(function, stat_type, real_function, fill)                                               \
    int function(const char *path, struct stat_type *info) {                                                    \
        ensure_init();                                                                                          \
        int chip = chip_by_path(path);                                                                          \
        if (chip < 0) return real_function(path, info);                                                         \
        fill(chip, info);                                                                                       \
        return 0;                                                                                               \
    }

EMU_DEFINE_STAT(stat, stat, real_stat, fill_stat)
EMU_DEFINE_STAT(lstat, stat, real_lstat, fill_stat)

/* struct stat64 is struct stat on 64-bit Linux; this copies field by field to stay right elsewhere. */
static void fill_stat64(int chip, struct stat64 *info) {
    struct stat plain;
    fill_stat(chip, &plain);
    memset(info, 0, sizeof *info);
    info->st_mode = plain.st_mode;
    info->st_rdev = plain.st_rdev;
    info->st_nlink = plain.st_nlink;
    info->st_blksize = plain.st_blksize;
    info->st_mtim = plain.st_mtim;
    info->st_atim = plain.st_atim;
    info->st_ctim = plain.st_ctim;
}

EMU_DEFINE_STAT(stat64, stat64, real_stat64, fill_stat64)
EMU_DEFINE_STAT(lstat64, stat64, real_lstat64, fill_stat64)

int access(const char *path, int mode) {
    ensure_init();
    if (chip_by_sysfs_dev(path) >= 0) return (mode & (W_OK | X_OK)) ? (errno = EACCES, -1) : 0;
    if (chip_by_path(path) >= 0) return (emu.deny && (mode & (R_OK | W_OK))) ? (errno = EACCES, -1) : 0;
    return real_access(path, mode);
}

// MARK: - /dev listing

static int is_dev_directory(const char *path) { return strcmp(path, "/dev") == 0 || strcmp(path, "/dev/") == 0; }

DIR *opendir(const char *path) {
    ensure_init();
    DIR *dir = real_opendir(path);
    if (!dir || emu.chip_count == 0 || !is_dev_directory(path)) return dir;
    pthread_mutex_lock(&emu.lock);
    for (int i = 0; i < EMU_MAX_DIRS; i++) {
        if (!emu.dirs[i].dir) {
            memset(&emu.dirs[i], 0, sizeof emu.dirs[i]);
            emu.dirs[i].dir = dir;
            break;
        }
    }
    pthread_mutex_unlock(&emu.lock);
    return dir;
}

/* Under emu.lock: the next emulated chip absent from the real /dev, or -1. */
static int next_listed_chip(struct emu_dir *state) {
    while (state->next_chip < emu.chip_count) {
        int chip = state->next_chip++;
        struct stat real;
        if (real_lstat(emu.chips[chip].path, &real) != 0) return chip;
    }
    return -1;
}

static struct emu_dir *dir_state(DIR *dir) {
    for (int i = 0; i < EMU_MAX_DIRS; i++)
        if (emu.dirs[i].dir == dir) return &emu.dirs[i];
    return NULL;
}

/* readdir and readdir64: the real entries, then the emulated chips absent from the real /dev. */
#define EMU_DEFINE_READDIR(function, entry_type, real_function, storage)                                        \
    struct entry_type *function(DIR *dir) {                                                                     \
        ensure_init();                                                                                          \
        struct entry_type *entry = real_function(dir);                                                          \
        if (entry) return entry;                                                                                \
        pthread_mutex_lock(&emu.lock);                                                                          \
        struct emu_dir *state = dir_state(dir);                                                                 \
        int chip = state ? next_listed_chip(state) : -1;                                                        \
        if (chip >= 0) {                                                                                        \
            entry = &state->storage;                                                                            \
            memset(entry, 0, sizeof *entry);                                                                    \
            entry->d_ino = 0x6770696f00ULL + (unsigned)chip;                                                    \
            entry->d_type = DT_CHR;                                                                             \
            entry->d_reclen = sizeof *entry;                                                                    \
            snprintf(entry->d_name, sizeof entry->d_name, "%s", emu.chips[chip].name);                          \
        }                                                                                                       \
        pthread_mutex_unlock(&emu.lock);                                                                        \
        return entry;                                                                                           \
    }

EMU_DEFINE_READDIR(readdir, dirent, real_readdir, entry)
EMU_DEFINE_READDIR(readdir64, dirent64, real_readdir64, entry64)

int closedir(DIR *dir) {
    ensure_init();
    pthread_mutex_lock(&emu.lock);
    struct emu_dir *state = dir_state(dir);
    if (state) state->dir = NULL;
    pthread_mutex_unlock(&emu.lock);
    return real_closedir(dir);
}

/* libgpiod's chip iterator (gpiodetect, gpioinfo without arguments) scans /dev with scandir(). */
int scandir(const char *path, struct dirent ***list, int (*filter)(const struct dirent *),
            int (*compare)(const struct dirent **, const struct dirent **)) {
    ensure_init();
    int count = real_scandir(path, list, filter, compare);
    if (count < 0 || emu.chip_count == 0 || !is_dev_directory(path)) return count;
    for (int chip = 0; chip < emu.chip_count; chip++) {
        struct stat real;
        if (real_lstat(emu.chips[chip].path, &real) == 0) continue;
        struct dirent *entry = calloc(1, sizeof *entry);
        if (!entry) break;
        entry->d_ino = 0x6770696f00ULL + (unsigned)chip;
        entry->d_type = DT_CHR;
        entry->d_reclen = sizeof *entry;
        snprintf(entry->d_name, sizeof entry->d_name, "%s", emu.chips[chip].name);
        /* The filter may stat the entry: it runs without the lock, like everything here but the tables. */
        struct dirent **grown = (!filter || filter(entry)) ? realloc(*list, (size_t)(count + 1) * sizeof *grown) : NULL;
        if (!grown) { free(entry); continue; }
        grown[count++] = entry;
        *list = grown;
    }
    if (compare) qsort(*list, (size_t)count, sizeof **list, (int (*)(const void *, const void *))compare);
    return count;
}

#endif
