/* xalloc: allocation that never fails (it exits on out-of-memory), one
 * growth idiom for arrays (VEC_GROW) and a growable byte buffer.  Callers
 * never check the results. */
#ifndef EXTRACT_XALLOC_H
#define EXTRACT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* p = realloc(p, n * size), refusing a product that overflows. */
void *xreallocarray(void *p, size_t n, size_t size);

/* Prints "zhibiao: out of memory (N bytes)" and exits with status 2: for
 * allocations made outside x*() (PCRE2's, libcsv's, strdup by a library). */
_Noreturn void xalloc_die(size_t n);

/* Makes room for n elements in the array p whose capacity is cap (both
 * lvalues, cap of any integer type): grows it by half again, at least to n,
 * like git's ALLOC_GROW.  Elements past the old capacity are not cleared. */
#define VEC_GROW(p, n, cap)                                                \
	do {                                                               \
		if ((size_t)(n) > (size_t)(cap)) {                         \
			size_t vec_cap_ = (size_t)(cap) + (size_t)(cap) / 2 + 8; \
			if (vec_cap_ < (size_t)(n))                        \
				vec_cap_ = (size_t)(n);                    \
			(p) = xreallocarray((p), vec_cap_, sizeof *(p));   \
			(cap) = vec_cap_;                                  \
		}                                                          \
	} while (0)

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
