/* xalloc: allocation that never fails (it exits on out-of-memory) and a
 * growable byte buffer.  Callers never check the results. */
#ifndef EXTRACT_XALLOC_H
#define EXTRACT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable byte string, always NUL-terminated once anything was added.
 * The struct owns p; buf_free releases it and leaves an empty buffer. */
struct buf {
	char *p;
	size_t len, cap;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_clear(struct buf *b);
void buf_free(struct buf *b);

#endif
