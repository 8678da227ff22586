#ifndef VIGIE_CLIBXML2_SHIM_H
#define VIGIE_CLIBXML2_SHIM_H

// xmlversion.h first, then hide ICU: Foundation on Linux carries its own ICU
// module and a module that sees both fails a clean build.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/entities.h>
#include <libxml/encoding.h>
#include <libxml/xmlsave.h>
#include <libxml/uri.h>

// xmlFree is a mutable global function pointer: Swift 6 refuses to touch it
// directly, so call it through this wrapper.
static inline void vigie_xmlFree(void *ptr) { xmlFree(ptr); }

#endif
