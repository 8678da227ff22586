#ifndef VIGIE_CXLSXWRITER_SHIM_H
#define VIGIE_CXLSXWRITER_SHIM_H

// libxlsxwriter (Debian's libxlsxwriter-dev): the .xlsx exports. Only
// VigieOutput's XLSXWorkbook sees it; no pointer leaves that wrapper.
#include <xlsxwriter.h>

#endif
