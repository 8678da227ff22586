#include "CMemory.h"

#include <libxml/parser.h>
#include <libxml/xmlmemory.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

// The region: address space reserved once (PROT_NONE, no memory behind it),
// carved into chunks made readable and writable as they are first needed.
// A released arena's chunks wait in a pool for the next document, so the region
// only grows to what the documents parsed at the same time needed at most.
enum {
    chunk_size = 128 * 1024,
    // Larger requests (libxml2's copy of the whole input, big text) go to malloc:
    // a chunk wastes at most this much at its end.
    largest = 8 * 1024,
    // Each allocation is preceded by its size (for realloc), keeping malloc's 16-byte alignment.
    header = 16,
    // Pooled chunks past this many (32 MiB) give their pages back to the system
    // (they stay usable): one huge page must not keep a long-running watch large.
    pool_resident = 256,
};
static const size_t region_size = (size_t)8 << 30;

static char *region_start;
static char *region_end;
static char *region_next;  // the first chunk never handed out
static void *pool;  // released chunks, linked through their first word
static unsigned long pooled;  // how many
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

struct vigie_xml_arena {
    char *next;  // where the next allocation goes, in the current chunk
    char *end;  // the current chunk's end
    void *chunks;  // every chunk taken, linked through their first word
    unsigned long used;
    vigie_xml_arena *outer;  // the arena that was current on this thread before
};

static _Thread_local vigie_xml_arena *current;

static inline int owns(const void *p) {
    return (const char *)p >= region_start && (const char *)p < region_end;
}

int vigie_xml_arena_owns(const void *pointer) { return owns(pointer); }

static void *take_chunk(void) {
    pthread_mutex_lock(&pool_lock);
    void *chunk = pool;
    if (chunk) {
        pool = *(void **)chunk;
        pooled -= 1;
    } else if (region_next + chunk_size <= region_end) {
        chunk = region_next;
        if (mprotect(chunk, chunk_size, PROT_READ | PROT_WRITE) == 0) {
            region_next += chunk_size;
        } else {
            chunk = NULL;
        }
    }
    pthread_mutex_unlock(&pool_lock);
    return chunk;
}

// Room for `size` bytes (a multiple of 16, header included) in `arena`, or NULL.
static void *bump(vigie_xml_arena *arena, size_t size) {
    if ((size_t)(arena->end - arena->next) < size) {
        char *chunk = take_chunk();
        if (!chunk) return NULL;
        *(void **)chunk = arena->chunks;
        arena->chunks = chunk;
        arena->next = chunk + header;  // the link takes the first 16 bytes
        arena->end = chunk + chunk_size;
    }
    void *p = arena->next;
    arena->next += size;
    arena->used += size;
    return p;
}

static void *arena_malloc(size_t size) {
    vigie_xml_arena *arena = current;
    if (arena && size <= largest) {
        size_t rounded = (size + header + 15) & ~(size_t)15;
        char *p = bump(arena, rounded);
        if (p) {
            *(size_t *)p = size;
            return p + header;
        }
    }
    return malloc(size);
}

static void arena_free(void *p) {
    if (!owns(p)) free(p);
    // An arena's memory is given back all at once, when its document is freed.
}

static void *arena_realloc(void *p, size_t size) {
    if (!p) return arena_malloc(size);
    if (!owns(p)) return realloc(p, size);
    char *block = (char *)p - header;
    size_t old = *(size_t *)block;
    vigie_xml_arena *arena = current;
    // The arena's latest allocation grows in place (a text node's content read in pieces).
    if (arena && size <= largest) {
        size_t rounded = (size + header + 15) & ~(size_t)15;
        size_t had = (old + header + 15) & ~(size_t)15;
        if (block + had == arena->next && (size_t)(arena->end - block) >= rounded) {
            arena->next = block + rounded;
            arena->used += rounded - had;
            *(size_t *)block = size;
            return p;
        }
    }
    void *moved = arena_malloc(size);
    if (moved) memcpy(moved, p, old < size ? old : size);
    return moved;
}

static char *arena_strdup(const char *s) {
    size_t length = strlen(s) + 1;
    char *copy = arena_malloc(length);
    if (copy) memcpy(copy, s, length);
    return copy;
}

static void install(void) {
    void *reserved = mmap(NULL, region_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (reserved != MAP_FAILED) {
        region_start = region_next = reserved;
        region_end = region_start + region_size;
        xmlMemSetup(arena_free, arena_malloc, arena_realloc, arena_strdup);
    }
    // libxml2's global tables, allocated now and kept for good: never in an arena.
    xmlInitParser();
}

void vigie_xml_arena_install(void) { pthread_once(&install_once, install); }

vigie_xml_arena *vigie_xml_arena_begin(void) {
    if (!region_start) return NULL;
    vigie_xml_arena *arena = calloc(1, sizeof *arena);
    if (!arena) return NULL;
    arena->outer = current;
    current = arena;
    return arena;
}

void vigie_xml_arena_end(vigie_xml_arena *arena) {
    if (arena && current == arena) current = arena->outer;
}

void vigie_xml_arena_release(vigie_xml_arena *arena) {
    if (!arena) return;
    void *chunk = arena->chunks;
    pthread_mutex_lock(&pool_lock);
    while (chunk) {
        void *next = *(void **)chunk;
        if (pooled >= pool_resident) madvise(chunk, chunk_size, MADV_DONTNEED);
        *(void **)chunk = pool;
        pool = chunk;
        pooled += 1;
        chunk = next;
    }
    pthread_mutex_unlock(&pool_lock);
    free(arena);
}

unsigned long vigie_xml_arena_reserved(void) {
    pthread_mutex_lock(&pool_lock);
    unsigned long reserved = (unsigned long)(region_next - region_start);
    pthread_mutex_unlock(&pool_lock);
    return reserved;
}

unsigned long vigie_xml_arena_used(const vigie_xml_arena *arena) { return arena ? arena->used : 0; }
