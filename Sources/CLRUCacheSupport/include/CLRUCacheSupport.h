#ifndef CLRU_CACHE_SUPPORT_H
#define CLRU_CACHE_SUPPORT_H

/// Asks the processor to start loading the cache line holding `address`, for reading soon. Only a hint: it never
/// faults (even for an address that is not mapped any more), reads nothing the program can see and changes no
/// memory, so it may be given an address computed from data another thread is changing.
static inline __attribute__((always_inline)) void clru_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
