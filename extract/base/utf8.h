/* utf8: the one UTF-8 decoder, encoder and validator of the project.
 * Strict everywhere: overlong forms, surrogates and values past U+10FFFF
 * are not UTF-8. */
#ifndef EXTRACT_UTF8_H
#define EXTRACT_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at p[0..n) (n >= 1), 1 for ASCII,
 * or 0 when the bytes there are not UTF-8. */
size_t utf8_seq(const unsigned char *p, size_t n);

/* Decodes the character at p[0..n) (n >= 1) into *cp and returns its
 * length; a byte that starts no valid sequence reads as U+FFFD, length 1. */
size_t utf8_decode(const unsigned char *p, size_t n, unsigned *cp);

/* Writes cp (at most U+10FFFF) at s, 1 to 4 bytes; returns the length. */
size_t utf8_encode(char *s, unsigned cp);

/* Length of a character from its first byte alone, for stepping through
 * text already known to be valid (a stray continuation byte steps 1). */
size_t utf8_len(unsigned char lead);

/* 1 when p[0..n) is valid UTF-8, else 0 with *bad the first bad byte. */
int utf8_valid(const char *p, size_t n, size_t *bad);

/* Number of code points in p[0..n) (for columns), and display width
 * (CJK wide characters count 2) for placing carets and sizing columns. */
long utf8_count(const char *p, size_t n);
long utf8_width(const char *p, size_t n);

/* A copy of s (xmalloc'd) with every byte that is not part of valid UTF-8
 * written \xNN, so it can go into a UTF-8 output (file names). */
char *utf8_escaped(const char *s);

#endif
