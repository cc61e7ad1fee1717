/* ingest: read one document whole and hand it on as UTF-8.
 *
 * Accepted encodings: UTF-8 with or without BOM (the BOM is dropped),
 * UTF-16LE/BE with BOM, and GB18030/GBK (which covers GB2312), the last three
 * converted with iconv.  Anything else (invalid UTF-8 that is not GB18030,
 * NUL bytes, binary data) is refused with the byte offset of the first bad
 * byte in the original file.  Line breaks are kept exactly, so line numbers
 * in the returned text are line numbers in the file. */
#ifndef EXTRACT_INGEST_H
#define EXTRACT_INGEST_H

#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/xalloc.h"

enum encoding {
	ENC_UTF8,
	ENC_UTF8_BOM,
	ENC_UTF16LE,
	ENC_UTF16BE,
	ENC_GB18030,
};

/* Converts raw bytes p[0..n) to UTF-8 in *out (appended, NUL-terminated).
 * On success returns 0 and sets *enc when enc is not NULL.  On bad input
 * returns -1 with d->byte (offset into p) and d->msg set; *out is then
 * unspecified but still owned by the caller. */
int ingest_bytes(const char *p, size_t n, struct buf *out,
		 enum encoding *enc, struct diag *d);

/* Reads the whole file at path (regular files only; "-" is not special here)
 * and converts it as ingest_bytes does.  System errors (missing, directory,
 * unreadable) return -1 with d->msg holding the reason (strerror). */
int ingest_file(const char *path, struct buf *out, enum encoding *enc,
		struct diag *d);

/* Reads a stream to its end and converts it as ingest_bytes does. */
int ingest_stream(FILE *f, struct buf *out, enum encoding *enc,
		  struct diag *d);

/* The name of an encoding for messages ("UTF-8", "GB18030", ...). */
const char *ingest_encoding_name(enum encoding enc);

#endif
