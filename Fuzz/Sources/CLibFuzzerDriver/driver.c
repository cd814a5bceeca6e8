// Declarations only (include/libfuzzer_driver.h); the definitions come with -sanitize=fuzzer.
#include "libfuzzer_driver.h"
