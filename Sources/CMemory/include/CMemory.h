#ifndef VIGIE_CMEMORY_H
#define VIGIE_CMEMORY_H

// How Vigie's process uses memory, where Swift cannot say it: libxml2's arenas
// (xml_arena.c) and malloc's settings for batch work (malloc_settings.c).

/// Keeps memory a batch frees for what it allocates next: by default glibc gives
/// freed memory back to the system as soon as 128 KiB are free at the top of a
/// heap, and faults it in again for the next document. Keeps up to `keep` bytes,
/// and serves requests of up to `keep / 2` from the heap rather than from mmap.
/// The peak stays where it was. Call before the batch's threads start.
void vigie_malloc_keep_freed(unsigned long keep);

// libxml2's memory, one arena per document.
//
// A parsed document is tens of thousands of small allocations (nodes, names,
// attribute values, text) that libxml2 mallocs one by one while parsing and
// frees one by one in xmlFreeDoc. Vigie frees a document as a whole, so while a
// document is being parsed its allocations are taken from chunks of an arena
// (a pointer bump each), libxml2's frees of them do nothing, and the arena's
// chunks go back to a pool when the document is gone.
//
// Every other libxml2 allocation (outside a parse, or too large for a chunk)
// still goes to malloc; the hooks tell an arena pointer from a malloc one by
// its address, inside or outside one reserved region, so either kind may be
// freed or reallocated anywhere, at any time.

typedef struct vigie_xml_arena vigie_xml_arena;

/// Installs the hooks in libxml2 (xmlMemSetup), then initialises libxml2. Once,
/// before any parse; later calls do nothing. Thread-safe.
void vigie_xml_arena_install(void);

/// Starts an arena for what libxml2 allocates on this thread, until
/// vigie_xml_arena_end. NULL (everything goes to malloc) when the hooks are not
/// installed or no memory could be reserved.
vigie_xml_arena *vigie_xml_arena_begin(void);

/// Stops taking this thread's allocations from `arena` (which stays valid).
void vigie_xml_arena_end(vigie_xml_arena *arena);

/// Gives the arena's memory back, once nothing allocated in it is read any more
/// (after xmlFreeDoc and xmlFreeParserCtxt). NULL does nothing.
void vigie_xml_arena_release(vigie_xml_arena *arena);

/// Bytes taken from chunks by `arena` so far (for tests).
unsigned long vigie_xml_arena_used(const vigie_xml_arena *arena);

/// Bytes of the region made into chunks so far, in use or pooled (for tests).
unsigned long vigie_xml_arena_reserved(void);

/// Whether `pointer` lies in the arenas' region (for tests).
int vigie_xml_arena_owns(const void *pointer);

#endif
