// A hint to the processor to start loading a cache line, which Swift cannot give by itself:
// lookups that will miss the cache are started together, so that their waits overlap.
#ifndef PRECIS_PREFETCH_H
#define PRECIS_PREFETCH_H

static inline void precis_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address, 0, 3);
#else
  (void)address;
#endif
}

#endif
