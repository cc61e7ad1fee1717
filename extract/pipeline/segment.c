/* segment: sentences and clauses of normalized text. */
#include "pipeline/segment.h"

#include <string.h>

#include "base/xalloc.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of a sentence terminator at t+i, or 0. */
static size_t terminator(const char *t, size_t len, size_t i)
{
	unsigned char c = (unsigned char)t[i];

	if (c == '!' || c == '?' || c == ';' || c == '\n')
		return 1;
	/* 。 E3 80 82, ！ and ？ are folded to ASCII by normalize */
	if (c == 0xE3 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
	    (unsigned char)t[i + 2] == 0x82)
		return 3;
	return 0;
}

/* How far to step from a byte that starts no terminator: a whole
 * character (the text is valid UTF-8); 0 for the first bytes of the
 * terminators above. */
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char stride[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, /* \n */
	R16(1),
	1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* ! */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, /* ; ? */
	R16(1), R16(1), R16(1), R16(1),
	R16(1), R16(1), R16(1), R16(1),                 /* 80..BF */
	R16(2), R16(2),                                 /* C0..DF */
	3, 3, 3, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* E0..EF; E3: 。 */
	4, 4, 4, 4, 4, 4, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1,
};
#undef R16


int segment_next(const char *t, size_t len, size_t *pos, struct sentence *s)
{
	size_t i = *pos;

	while (i < len && (t[i] == '\n' || t[i] == ' '))
		i++;
	if (i >= len)
		return 0;
	s->start = i;
	/* a heading is a line that starts with '#' */
	s->heading = t[i] == '#' && (i == 0 || t[i - 1] == '\n');
	if (s->heading) {
		const char *nl = memchr(t + i, '\n', len - i);
		s->end = nl ? (size_t)(nl - t) : len;
		*pos = s->end;
		return 1;
	}
	while (i < len) {
		/* hot: skip the characters that start no terminator */
		size_t k;
		while (i < len && (k = stride[(unsigned char)t[i]]) != 0)
			i += k;
		if (i >= len) {
			i = len;
			break;
		}
		size_t n = terminator(t, len, i);
		if (n) {
			i += t[i] == '\n' ? 0 : n;
			break;
		}
		i++;
	}
	s->end = i;
	*pos = i < len && t[i] == '\n' ? i + 1 : i;
	if (s->end == s->start) {       /* a lone line break */
		*pos = i + 1;
		return segment_next(t, len, pos, s);
	}
	return 1;
}

int segment_is_clause_break(const char *t, size_t start, size_t end, size_t i)
{
	if (t[i] == ':')
		return 1;
	if (t[i] != ',')
		return 0;
	/* 1,234 is one number */
	if (i > start && is_digit(t[i - 1]) && i + 3 < end &&
	    is_digit(t[i + 1]) && is_digit(t[i + 2]) && is_digit(t[i + 3]) &&
	    (i + 4 >= end || !is_digit(t[i + 4])))
		return 0;
	return 1;
}

size_t segment_clause(const char *t, const struct sentence *s, size_t off,
		      size_t *cs, size_t *ce)
{
	size_t idx = 0, begin = s->start;

	for (size_t i = s->start; i < off && i < s->end; i++)
		if (segment_is_clause_break(t, s->start, s->end, i)) {
			idx++;
			begin = i + 1;
		}
	size_t e = off;
	while (e < s->end && !segment_is_clause_break(t, s->start, s->end, e))
		e++;
	*cs = begin;
	*ce = e;
	return idx;
}

size_t segment_breaks(const char *t, const struct sentence *s, size_t **brk,
		      size_t *cap)
{
	size_t n = 0;

	for (size_t i = s->start; i < s->end; i++) {
		if (!segment_is_clause_break(t, s->start, s->end, i))
			continue;
		VEC_GROW(*brk, n + 1, *cap);
		(*brk)[n++] = i;
	}
	return n;
}

size_t segment_clause_in(const size_t *brk, size_t nbrk,
			 const struct sentence *s, size_t off, size_t *cs,
			 size_t *ce)
{
	/* k: the breaks before off (and before the end) */
	size_t lo = 0, hi = nbrk, lim = off < s->end ? off : s->end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (brk[mid] < lim)
			lo = mid + 1;
		else
			hi = mid;
	}
	*cs = lo ? brk[lo - 1] + 1 : s->start;
	/* the first break at or after off, as segment_clause walks to it */
	size_t k = lo;
	while (k < nbrk && brk[k] < off)
		k++;
	*ce = off >= s->end ? off : k < nbrk ? brk[k] : s->end;
	return lo;
}
