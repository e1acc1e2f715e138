// glibc's allocator settings (mallopt), which the Glibc module does not import.
#if defined(__linux__)
#include <malloc.h>
#endif
