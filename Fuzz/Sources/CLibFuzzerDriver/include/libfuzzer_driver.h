#ifndef POSTURE_LIBFUZZER_DRIVER_H
#define POSTURE_LIBFUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver (compiler-rt FuzzerDriver.cpp, linked by -sanitize=fuzzer): parses the
   libFuzzer flags in argv and runs `callback` on every input. SwiftPM links an executable's
   `main` to its own entry (`--defsym main=<module>_main`), so libFuzzer's `main` is never
   used: each target's main.swift calls this instead. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
