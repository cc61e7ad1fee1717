/* Byte-level matching helpers shared by the number and period scanners:
 * ASCII digits and a literal at a position of a (p, len) slice.  Inline
 * because both scanners call them on every byte they try. */
#ifndef EXTRACT_TEXT_H
#define EXTRACT_TEXT_H

#include <stddef.h>
#include <string.h>

/* 1 when c is an ASCII digit 0-9, else 0. */
static inline int text_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Length of s (not empty) when p[i..len) starts with it, else 0. */
static inline size_t text_lit(const char *p, size_t len, size_t i,
			      const char *s)
{
	/* hot: most tries fail on the first byte, before strlen */
	if (i >= len || p[i] != s[0])
		return 0;
	size_t n = strlen(s);

	if (len - i < n || memcmp(p + i, s, n) != 0)
		return 0;
	return n;
}

#endif
