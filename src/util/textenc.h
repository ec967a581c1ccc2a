/* textenc.h — the encodings an address file comes in (SPEC §2), made UTF-8. */
#ifndef TEXTENC_H
#define TEXTENC_H

#include <stddef.h>

#include "status.h"

/*
 * The n octets at in (in[n] is a NUL the caller adds, not part of the text), as a NUL-terminated UTF-8 string in *out (the caller
 * frees it): UTF-8 with or without a byte-order mark (the mark removed), or
 * UTF-16 LE or BE with one, as Windows PowerShell 5.1 writes files (converted
 * with iconv). Line ends are left as they are. SD_ERR_INPUT with why naming
 * the encoding it cannot read ("UTF-16 without a byte-order mark", "UTF-32",
 * "not UTF-8 (line 3)"), SD_ERR_NOMEM.
 */
enum sd_status textenc_to_utf8(const char *in, size_t n, char **out, char *why, size_t whylen);

#endif
