#ifndef POSTURE_ALLOCATION_COUNTER_H
#define POSTURE_ALLOCATION_COUNTER_H

/// Heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign)
/// made by the process so far. Linked only into the posture-bench executable.
unsigned long long posture_allocation_count(void);
/// 1 where allocations are counted (glibc), 0 elsewhere.
int posture_allocation_counting_available(void);

#endif
