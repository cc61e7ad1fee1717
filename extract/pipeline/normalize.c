/* normalize: one pass that folds a document into the form the rules are
 * written against, with a sparse map back to the original bytes and lines. */
#include "pipeline/normalize.h"
#include "base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "t2s_table.h"
#include "base/xalloc.h"

/* One map entry: from normalized offset norm up to the next entry, the two
 * texts move in step, norm + k coming from orig + k.  A character whose
 * length changes (１ -> 1, a traditional character whose simplified form is
 * longer) starts in step; the character after it opens a new entry.  Bytes
 * inside a multi-byte character are snapped back to its first byte before
 * the lookup, so every normalized byte maps to the start of the original
 * character it came from. */
struct norm_span {
	size_t norm;
	size_t orig;
};

/* Traditional -> simplified, as a direct array over the CJK range the
 * generated table covers; 0 means "unchanged".  Built on first use, read
 * only afterwards.  Entries outside the range (none today) fall back to a
 * binary search of the generated table. */
#define T2S_LO 0x3400u
#define T2S_HI 0x9FFFu

static uint32_t t2s_direct[T2S_HI - T2S_LO + 1];
static int t2s_outside;

/* One bit per BMP code point: set when the character is copied unchanged
 * (most CJK characters and punctuation), so the hot loop can skip fold_cp.
 * Word cp >> 6, bit cp & 63: the word comes from a three-byte character's
 * first two bytes, the bit from its last.  Built with t2s_direct, read only
 * afterwards. */
static uint64_t plain_bmp[0x10000 / 64];
static int tables_ready;

static void t2s_init(void)
{
	size_t n = sizeof t2s_table / sizeof t2s_table[0];

	for (size_t k = 0; k < n; k++) {
		unsigned from = t2s_table[k].from;

		if (from >= T2S_LO && from <= T2S_HI)
			t2s_direct[from - T2S_LO] = t2s_table[k].to;
		else
			t2s_outside = 1;
	}
	/* OpenCC maps a few characters to another traditional one (薴 -> 苧,
	 * 苧 -> 苎); follow such chains so that folding is idempotent. */
	for (unsigned k = 0; k <= T2S_HI - T2S_LO; k++) {
		for (int hop = 0; hop < 4; hop++) {
			uint32_t to = t2s_direct[k];

			if (to < T2S_LO || to > T2S_HI || !t2s_direct[to - T2S_LO] ||
			    t2s_direct[to - T2S_LO] == to)
				break;
			t2s_direct[k] = t2s_direct[to - T2S_LO];
		}
	}
}

/* The simplified form of cp outside the direct range, or 0. */
static unsigned t2s_search(unsigned cp)
{
	size_t lo = 0, hi = sizeof t2s_table / sizeof t2s_table[0];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t2s_table[mid].from < cp)
			lo = mid + 1;
		else if (t2s_table[mid].from > cp)
			hi = mid;
		else
			return t2s_table[mid].to;
	}
	return 0;
}

/* What the slow path does with one non-ASCII character. */
enum fold {
	FOLD_KEEP,      /* copy the original bytes */
	FOLD_TO,        /* write another code point */
	FOLD_SPACE,     /* horizontal white space */
	FOLD_DROP,      /* zero-width: nothing at all */
};

static enum fold fold_cp(unsigned cp, unsigned *to)
{
	if (cp >= T2S_LO && cp <= T2S_HI) {
		*to = t2s_direct[cp - T2S_LO];
		return *to ? FOLD_TO : FOLD_KEEP;
	}
	if (cp >= 0xFF01 && cp <= 0xFF5E) {
		/* ～ is a range sign in 1～11月, like the other dashes */
		*to = cp == 0xFF5E ? '-' : cp - 0xFEE0;
		return FOLD_TO;
	}
	switch (cp) {
	case 0x00A0: case 0x202F: case 0x205F: case 0x3000:
		return FOLD_SPACE;
	case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
	case 0xFEFF:
		return FOLD_DROP;
	case 0x2018: case 0x2019:
		*to = '\'';
		return FOLD_TO;
	case 0x201C: case 0x201D:
		*to = '"';
		return FOLD_TO;
	case 0x2013: case 0x2014: case 0x2015: case 0x2212: case 0x301C:
		*to = '-';
		return FOLD_TO;
	case 0x2105:    /* ℅, which OCR and some fonts give for % */
		*to = '%';
		return FOLD_TO;
	}
	if (cp >= 0x2000 && cp <= 0x200A)       /* en space .. hair space */
		return FOLD_SPACE;
	if (t2s_outside && (*to = t2s_search(cp)) != 0)
		return FOLD_TO;
	return FOLD_KEEP;
}

static void tables_init(void)
{
	unsigned to;

	t2s_init();
	for (unsigned cp = 0x800; cp < 0x10000; cp++)
		if ((cp < 0xD800 || cp > 0xDFFF) && fold_cp(cp, &to) == FOLD_KEEP)
			plain_bmp[cp >> 6] |= (uint64_t)1 << (cp & 63);
	tables_ready = 1;
}

/* Copies the run of characters from p[j] on that are copied unchanged
 * (printable ASCII, and three-byte characters with their bit in plain_bmp:
 * most of Chinese text) to out, which has room for the rest of p; returns
 * where the run ends.  Copying while scanning spares a memcpy per run (runs
 * are short: spaces and line breaks end them).  plain_bmp has no bit for
 * what would be an overlong form (below U+0800) or a surrogate, so E0 and
 * ED need no range check of their own. */
static size_t plain_run(const unsigned char *p, size_t j, size_t len,
			char *out)
{
	while (j < len) {
		unsigned b = p[j];

		if (b - 0x21u < 0x5Eu) {        /* '!' .. '~' */
			*out++ = (char)b;
			j++;
			continue;
		}
		if ((b & 0xF0) != 0xE0 || len - j < 3 ||
		    ((p[j + 1] ^ 0x80u) | (p[j + 2] ^ 0x80u)) >= 0x40u ||
		    !((plain_bmp[((b & 0xF) << 6) | (p[j + 1] & 0x3F)] >>
		       (p[j + 2] & 0x3F)) & 1))
			break;
		memcpy(out, p + j, 3);
		out += 3;
		j += 3;
	}
	return j;
}

/* Length of the white space, zero-width character, CR or NUL at p[j], or 0
 * when p[j] is anything else (a blank line holds only these). */
static size_t blank_len(const unsigned char *p, size_t len, size_t j)
{
	unsigned cp, to;
	size_t k;

	if (j >= len)
		return 0;
	switch (p[j]) {
	case ' ': case '\t': case '\v': case '\f': case '\r': case '\0':
		return 1;
	}
	if (p[j] < 0xC2)
		return 0;
	k = utf8_decode(p + j, len - j, &cp);
	if (k > 1) {
		enum fold f = fold_cp(cp, &to);

		if (f == FOLD_SPACE || f == FOLD_DROP)
			return k;
	}
	return 0;
}

static int is_alpha(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26;
}

/* State of one norm_build pass. */
struct nstate {
	struct norm *n;
	char *out;
	size_t o, cap;
	size_t delta;       /* orig - norm in the current span, mod SIZE_MAX+1 */
	size_t ws_orig;     /* where the pending white space started */
	int ws_pending;     /* white space (or a joined line break) seen */
	int at_line_start;  /* nothing emitted yet on this original line */
	int heading;        /* this original line starts with '#' */
	size_t line_o;      /* where this line's text starts in out */
	int paragraphs;     /* blank lines separate paragraphs (see blank_mode) */
};

/* Makes room for k more bytes and the final NUL. */
static void need(struct nstate *s, size_t k)
{
	if (s->cap - s->o > k + 1)
		return;
	while (s->cap - s->o <= k + 1)
		s->cap *= 2;
	s->out = xrealloc(s->out, s->cap);
}

static inline void span_at(struct nstate *s, size_t orig)
{
	struct norm *n = s->n;

	if (orig - s->o == s->delta)
		return;
	VEC_GROW(n->map, n->nmap + 1, n->capmap);
	n->map[n->nmap].norm = s->o;
	n->map[n->nmap].orig = orig;
	n->nmap++;
	s->delta = orig - s->o;
}

static void line_push(struct norm *n, size_t start)
{
	VEC_GROW(n->line_start, n->nlines + 1, n->caplines);
	n->line_start[n->nlines++] = start;
}

/* Called before a visible character whose (folded) first byte is b: settles
 * pending white space ("Deep Seek" keeps one space, "80 0" none) and notes
 * whether the line is a heading.  The caller has made room for the space. */
static inline void before_char(struct nstate *s, unsigned char b)
{
	if (s->ws_pending) {
		s->ws_pending = 0;
		if (s->o > 0 && is_alpha(b) &&
		    is_alpha((unsigned char)s->out[s->o - 1])) {
			span_at(s, s->ws_orig);
			s->out[s->o++] = ' ';
		}
	}
	if (s->at_line_start) {
		s->at_line_start = 0;
		s->heading = b == '#';
	}
}

static void pend_space(struct nstate *s, size_t orig)
{
	if (!s->ws_pending) {
		s->ws_pending = 1;
		s->ws_orig = orig;
	}
}

/* Whether the text emitted so far ends a sentence: 。!?;: possibly followed
 * by closing quotes or brackets (。” and 。） end a sentence too). */
static int ends_sentence(const struct nstate *s)
{
	const unsigned char *q = (const unsigned char *)s->out;
	size_t o = s->o;

	for (int k = 0; k < 3 && o > 0; k++) {
		unsigned char b = q[o - 1];

		if (b == '!' || b == '?' || b == ';' || b == ':')
			return 1;
		if (b == '"' || b == '\'' || b == ')' || b == ']') {
			o--;
			continue;
		}
		if (o < 3 || q[o - 3] != 0xE3 || q[o - 2] != 0x80)
			return 0;
		if (b == 0x82)                  /* 。 */
			return 1;
		/* 》 」 』 】 */
		if (b != 0x8B && b != 0x8D && b != 0x8F && b != 0x91)
			return 0;
		o -= 3;
	}
	return 0;
}

/* 1 when the line p[s..e) ends a sentence in the original text (。！？!?;；
 * :： possibly before closing quotes), ignoring trailing white space. */
static int orig_line_ends_sentence(const unsigned char *p, size_t s, size_t e)
{
	while (e > s && (p[e - 1] == ' ' || p[e - 1] == '\t' || p[e - 1] == '\r'))
		e--;
	for (int k = 0; k < 3 && e > s; k++) {
		unsigned char b = p[e - 1];
		if (b == '!' || b == '?' || b == ';' || b == ':')
			return 1;
		if (b == '"' || b == ')')
			{ e--; continue; }
		if (e - s < 3)
			return 0;
		unsigned cp = ((p[e - 3] & 0x0Fu) << 12) | ((p[e - 2] & 0x3Fu) << 6) |
			      (p[e - 1] & 0x3Fu);
		if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B ||
		    cp == 0xFF1A)
			return 1;
		if (cp != 0x201D && cp != 0x300D && cp != 0xFF09 && cp != 0x300B)
			return 0;
		e -= 3;
	}
	return 0;
}

/* Records where every original line starts (n->line_start): after each
 * '\n', found sixteen bytes at a time where SSE2 is there to do it. */
static void find_lines(struct norm *n, const unsigned char *p, size_t len)
{
	const unsigned char *q = p, *end = p + len;

	line_push(n, 0);
#if defined(__SSE2__) && defined(__GNUC__)
	for (; end - q >= 16; q += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')));

		if (!m)
			continue;
		/* room for a '\n' in every byte of the block */
		VEC_GROW(n->line_start, n->nlines + 16, n->caplines);
		size_t *ls = n->line_start + n->nlines, at = (size_t)(q - p) + 1;
		do {
			*ls++ = at + (size_t)__builtin_ctz(m);
			m &= m - 1;
		} while (m);
		n->nlines = (size_t)(ls - n->line_start);
	}
#endif
	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL)
		line_push(n, (size_t)(++q - p));
}

/* How a document uses blank lines.  Some put a blank line between every
 * wrapped line (OCR'd columns): there a blank line says nothing.  Others
 * put one between paragraphs: there it also ends an unpunctuated title.
 * The second kind is recognized by the lines before blank lines mostly
 * ending a sentence.  One quick pass over the line table (find_lines). */
static int blank_mode(const struct norm *n, const unsigned char *p)
{
	const size_t *ls = n->line_start;
	long ends = 0, open = 0;

	/* line k is p[ls[k]..ls[k + 1] - 1), its '\n' at ls[k + 1] - 1; the
	 * line after it is blank when it holds only spaces, tabs and CRs and
	 * a '\n' ends it */
	for (size_t k = 0; k + 2 < n->nlines; k++) {
		size_t j = ls[k + 1];

		while (p[j] == ' ' || p[j] == '\t' || p[j] == '\r')
			j++;
		if (j != ls[k + 2] - 1 || ls[k + 1] - 1 == ls[k])
			continue;
		if (orig_line_ends_sentence(p, ls[k], ls[k + 1] - 1))
			ends++;
		else
			open++;
	}
	return ends > 0 && ends >= open;
}

/* Handles the line break at p[nl] and any blank lines after it; returns
 * where the next line's first visible character is. */
static size_t line_break(struct nstate *s, const unsigned char *p, size_t len,
			 size_t nl)
{
	size_t j = nl + 1, w;
	int next_heading;

	int blank = 0;

	for (;;) {
		if ((w = blank_len(p, len, j)) != 0) {
			j += w;
		} else if (j < len && p[j] == '\n') {
			j++;
			blank = 1;
		} else {
			break;
		}
	}
	/* leading and trailing blank lines of the document vanish */
	if (j >= len || s->o == 0) {
		s->ws_pending = 0;
		return j;
	}
	next_heading = p[j] == '#' ||
		       (j + 3 <= len && p[j] == 0xEF && p[j + 1] == 0xBC &&
			p[j + 2] == 0x83);      /* ＃ */
	/* a short line and a blank line, in a document that keeps blank lines
	 * for paragraphs, is a title (about 30 characters at most) */
	int title = blank && s->paragraphs && s->o - s->line_o < 90;
	if (s->heading || next_heading || title || ends_sentence(s)) {
		s->ws_pending = 0;
		need(s, 1);
		span_at(s, nl);
		s->out[s->o++] = '\n';
	} else {
		/* join; between two ASCII letters the break counts as a space,
		 * unless the letters before it follow no space (Chinese text,
		 * punctuation): a column wrapped at a fixed width cuts words
		 * (GD|P) */
		size_t k = s->o;
		while (k > s->line_o && ((s->out[k - 1] | 0x20) >= 'a' &&
					 (s->out[k - 1] | 0x20) <= 'z'))
			k--;
		if (k == s->o || k == s->line_o || s->out[k - 1] == ' ')
			pend_space(s, nl);
	}
	s->at_line_start = 1;
	s->heading = 0;
	s->line_o = s->o;
	return j;
}

void norm_build(struct norm *n, const char *orig, size_t len)
{
	const unsigned char *p = (const unsigned char *)orig;
	struct nstate s;
	size_t i = 0;

	if (!tables_ready)
		tables_init();
	memset(&s, 0, sizeof s);
	s.n = n;
	s.cap = len + len / 8 + 64;
	s.out = xrealloc(n->text, s.cap);
	s.at_line_start = 1;
	n->text = NULL;
	n->nmap = 0;
	n->nlines = 0;
	n->orig_len = len;
	find_lines(n, p, len);
	s.paragraphs = blank_mode(n, p);
	s.delta = 1;                    /* force the first entry {0, 0} */
	span_at(&s, 0);

	/* This loop is the hot path.  A run of characters that are copied
	 * unchanged is copied first (plain_run): it moves in step, so it
	 * needs one map check.  Anything else takes the slow path, one
	 * character at a time. */
	while (i < len) {
		unsigned c, cp, to = 0;
		enum fold f;
		size_t j, k;

		/* a pending space between two ASCII letters goes before the run
		 * (an ASCII letter starts a run) */
		if (s.ws_pending && is_alpha(p[i])) {
			need(&s, 1);
			before_char(&s, p[i]);
		}
		need(&s, len - i);
		j = plain_run(p, i, len, s.out + s.o);
		if (j > i) {
			before_char(&s, p[i]);
			span_at(&s, i);
			s.o += j - i;
			i = j;
			if (i >= len)
				break;
		}
		c = p[i];
		if (c < 0x80) {
			switch (c) {
			case ' ': case '\t': case '\v': case '\f':
				pend_space(&s, i);
				i++;
				continue;
			case '\r': case '\0':
				i++;
				continue;
			case '\n':
				i = line_break(&s, p, len, i);
				continue;
			}
			/* other control characters and DEL pass through */
			need(&s, 2);
			before_char(&s, (unsigned char)c);
			span_at(&s, i);
			s.out[s.o++] = (char)c;
			i++;
			continue;
		}
		k = utf8_decode(p + i, len - i, &cp);
		if (k == 1) {           /* a bad byte reads as U+FFFD */
			f = FOLD_TO;
			to = 0xFFFD;
		} else {
			f = fold_cp(cp, &to);
		}
		switch (f) {
		case FOLD_KEEP:
			need(&s, k + 1);
			before_char(&s, (unsigned char)c);
			span_at(&s, i);
			memcpy(s.out + s.o, p + i, k);
			s.o += k;
			break;
		case FOLD_TO:
			need(&s, 5);
			before_char(&s, (unsigned char)(to < 0x80 ? to : 0x80));
			span_at(&s, i);
			s.o += utf8_encode(s.out + s.o, to);
			break;
		case FOLD_SPACE:
			pend_space(&s, i);
			break;
		case FOLD_DROP:
			break;
		}
		i += k;
	}
	s.out[s.o] = '\0';
	n->text = s.out;
	n->len = s.o;
}

size_t norm_orig_offset(const struct norm *n, size_t off)
{
	size_t lo = 0, hi = n->nmap;

	if (off >= n->len || n->nmap == 0)
		return n->orig_len;
	while (off > 0 && ((unsigned char)n->text[off] & 0xC0) == 0x80)
		off--;
	/* the last entry with norm <= off; map[0].norm is 0 */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (n->map[mid].norm <= off)
			lo = mid;
		else
			hi = mid;
	}
	return n->map[lo].orig + (off - n->map[lo].norm);
}

long norm_line(const struct norm *n, size_t off)
{
	size_t orig = norm_orig_offset(n, off);
	size_t lo = 0, hi = n->nlines;

	if (n->nlines == 0)
		return 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (n->line_start[mid] <= orig)
			lo = mid;
		else
			hi = mid;
	}
	return (long)lo + 1;
}

void norm_free(struct norm *n)
{
	free(n->text);
	free(n->map);
	free(n->line_start);
	memset(n, 0, sizeof *n);
}

char *norm_string(const char *s)
{
	struct norm n;
	char *r;

	memset(&n, 0, sizeof n);
	norm_build(&n, s, strlen(s));
	r = n.text;
	n.text = NULL;
	norm_free(&n);
	return r;
}
