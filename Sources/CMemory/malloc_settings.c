#include "CMemory.h"

#include <malloc.h>

void vigie_malloc_keep_freed(unsigned long keep) {
    mallopt(M_TRIM_THRESHOLD, (int)keep);
    mallopt(M_MMAP_THRESHOLD, (int)(keep / 2));
}
