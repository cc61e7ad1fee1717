/* utf8: strict decoding, encoding and validation of UTF-8. */
#include "base/utf8.h"

#include "base/xalloc.h"

#include <string.h>

size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
			return 0;
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80 || (c == 0xF0 && p[1] < 0x90) ||
		    (c == 0xF4 && p[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

size_t utf8_decode(const unsigned char *p, size_t n, unsigned *cp)
{
	size_t k = utf8_seq(p, n);

	switch (k) {
	case 1:
		*cp = p[0];
		return 1;
	case 2:
		*cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
		return 2;
	case 3:
		*cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) |
		      (p[2] & 0x3Fu);
		return 3;
	case 4:
		*cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
		      ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

size_t utf8_encode(char *s, unsigned c)
{
	if (c < 0x80) {
		s[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		s[0] = (char)(0xC0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		s[0] = (char)(0xE0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	s[0] = (char)(0xF0 | (c >> 18));
	s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	s[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	s[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

size_t utf8_len(unsigned char b)
{
	return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

#ifdef __SSE2__
#include <emmintrin.h>
#include <stdint.h>

/* 1 when the 64 bytes at b hold only ASCII and three-byte characters that
 * need no range check (E1..EF but ED, two continuation bytes): there the
 * continuation bytes 80..BF are exactly the one or two bytes after each
 * lead byte (*carry: those of the block before).  *lead3 gets the lead
 * bytes, one bit each. */
static int block_ok(const unsigned char *b, uint64_t *carry, uint64_t *lead3)
{
	uint64_t hi = 0, cont = 0, lead = 0;

	for (int k = 0; k < 4; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + 16 * k));
		__m128i l = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(-32)),
					  _mm_cmplt_epi8(x, _mm_set1_epi8(-16)));
		__m128i c = _mm_cmplt_epi8(x, _mm_set1_epi8(-64));

		l = _mm_andnot_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(-19)), l);
		hi |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << (16 * k);
		cont |= (uint64_t)(unsigned)_mm_movemask_epi8(c) << (16 * k);
		lead |= (uint64_t)(unsigned)_mm_movemask_epi8(l) << (16 * k);
	}
	*lead3 = lead;
	if ((hi & ~cont & ~lead) != 0 ||
	    cont != ((lead << 1) | (lead << 2) | *carry))
		return 0;
	/* lead bytes in the last two places continue in the next block */
	*carry = (lead >> 62) | (lead >> 63);
	return 1;
}

/* Steps over the blocks of 64 bytes from s[i] on that block_ok passes (the
 * last one padded with ASCII).  Returns where the first other block starts,
 * moved back to the start of a character cut by the block boundary, or n. */
static size_t valid_blocks(const unsigned char *s, size_t i, size_t n)
{
	uint64_t carry = 0, last = 0, lead3;
	unsigned char pad[64];

	for (; n - i >= 64; i += 64) {
		if (!block_ok(s + i, &carry, &lead3))
			goto stop;
		last = lead3;
	}
	if (i < n) {
		memset(pad, 'x', sizeof pad);
		memcpy(pad, s + i, n - i);
		if (block_ok(pad, &carry, &lead3) && !carry)
			return n;
	}
stop:
	return i - (last >> 63 ? 1 : (last >> 62) & 1 ? 2 : 0);
}
#else
/* Without SSE2, every character goes through utf8_seq. */
static size_t valid_blocks(const unsigned char *s, size_t i, size_t n)
{
	(void)s;
	(void)n;
	return i;
}
#endif

int utf8_valid(const char *p, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)p;

	for (size_t i = 0; i < n;) {
		/* whole blocks at a time, then a block's worth one character
		 * at a time (a two- or four-byte character, E0, ED, a bad
		 * byte, the end) */
		i = valid_blocks(s, i, n);
		for (size_t stop = i + 64; i < n && i < stop;) {
			size_t k = utf8_seq(s + i, n - i);
			if (!k) {
				*bad = i;
				return 0;
			}
			i += k;
		}
	}
	return 1;
}

long utf8_count(const char *p, size_t n)
{
	long k = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			k++;
	return k;
}

long utf8_width(const char *p, size_t n)
{
	long w = 0;
	size_t i = 0;

	while (i < n) {
		unsigned c;
		i += utf8_decode((const unsigned char *)p + i, n - i, &c);
		/* CJK, Hangul, full-width forms and CJK punctuation are wide */
		w += (c >= 0x1100 && (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) ||
				      (c >= 0xAC00 && c <= 0xD7A3) ||
				      (c >= 0xF900 && c <= 0xFAFF) ||
				      (c >= 0xFE30 && c <= 0xFE4F) ||
				      (c >= 0xFF00 && c <= 0xFF60) ||
				      (c >= 0xFFE0 && c <= 0xFFE6) ||
				      (c >= 0x20000 && c <= 0x3FFFD))) ? 2 : 1;
	}
	return w;
}

char *utf8_escaped(const char *s)
{
	struct buf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (p[n])
		n++;
	buf_add(&b, "", 0);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(p + i, n - i);
		if (!k) {
			buf_printf(&b, "\\x%02X", p[i]);
			i++;
			continue;
		}
		buf_add(&b, p + i, k);
		i += k;
	}
	return b.p;
}
