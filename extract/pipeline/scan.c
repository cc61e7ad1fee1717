/* scan: the sentence prefilter of sites and indicator literals; see scan.h. */
#include "pipeline/scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/litset.h"
#include "pipeline/number.h"
#include "base/utf8.h"
#include "base/xalloc.h"

/* Literals are keyed on their first KEY_LONG bytes (two CJK characters),
 * else their first KEY_CJK (one), else their first byte (short ASCII). */
#define KEY_LONG 6
#define KEY_CJK 3
#define HASH_BITS 16
#define BUCKET_BITS 12

enum { K_LONG, K_CJK, K_BYTE, NKEYS };

struct lit {
	char *p;
	size_t n;
	unsigned flag;            /* SCAN_SITE, SCAN_IND, SCAN_KW or SCAN_START */
	size_t kw;                /* SCAN_KW: the keyword's index */
	/* SCAN_START: whether it is a literal synonym, and the /regex/
	 * synonyms it is a prefix of (bit i: sc->re[i]) */
	int synonym;
	uint64_t res;
	uint64_t cls;             /* SCAN_PAT, SCAN_AFTER: the start classes */
};

/* The four passes: the gate (sites and indicators), the keywords, where a
 * synonym may start, and where a rule pattern may start. */
enum { P_GATE, P_KW, P_START, P_PAT, NPASSES };

struct keytab {
	uint64_t bits[(1u << HASH_BITS) / 64];
	/* literals of bucket b: idx[start[b] .. start[b + 1]) */
	uint32_t start[(1u << BUCKET_BITS) + 1];
	uint32_t *idx;
};

struct scan {
	struct lit *lit;
	size_t nlit, caplit;
	size_t nkw;               /* rules_keyword_count */
	/* what cannot be looked for, so is taken as found: the gate's flags
	 * (a regex synonym without a necessary literal; a literal shorter
	 * than three bytes that starts with a non-ASCII byte, which is not
	 * hashed) and such keywords (kw_always[i]) */
	unsigned always;
	signed char *kw_always;
	int start_always;         /* a synonym may start anywhere */
	size_t re[64];            /* the /regex/ synonyms, by rule-set index */
	size_t nre;
	/* rule patterns with the same starts (rule.starts) share a class;
	 * pat_class[pat_first[ri] + k] of pattern k of rule ri, or -1 */
	int *pat_class;
	size_t *pat_first;
	const struct pattern_starts *cls_starts[64];
	size_t ncls;
	uint64_t cls_always;      /* classes with a start not looked for */
	uint64_t cls_at_start;    /* classes that may start at offset 0 */
	struct keytab key[NPASSES][NKEYS];
	/* per pass: the first bytes of the (ASCII) K_BYTE literals and the
	 * first characters (first_key) of the K_LONG and K_CJK ones */
	unsigned char byte_first[NPASSES][256];
	uint64_t first[NPASSES][65536 / 64];
	/* (first_key) the characters number.c reads as numerals: where a
	 * pair of them (两千, 十二: number_cn_pair) may make a site */
	uint64_t numeral[65536 / 64];
	/* first[P_GATE] | numeral: where the gate has anything to look at */
	uint64_t hot[65536 / 64];
};

static const size_t key_len[NKEYS] = { KEY_LONG, KEY_CJK, 1 };

/* The first n (<= 8) bytes at p as an integer; p[0..n) must be readable. */
static inline uint64_t load(const char *p, size_t n)
{
	uint64_t v = 0;

	memcpy(&v, p, n);
	return v;
}

/* a[0..n) == b[0..n), both readable that far: two overlapping loads
 * instead of a call (literals are short; the probes are hot) */
static inline int same(const char *a, const char *b, size_t n)
{
	if (n >= 8) {
		if (n > 16)
			return memcmp(a, b, n) == 0;
		return load(a, 8) == load(b, 8) &&
		       load(a + n - 8, 8) == load(b + n - 8, 8);
	}
	if (n >= 4)
		return load(a, 4) == load(b, 4) && load(a + n - 4, 4) == load(b + n - 4, 4);
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static inline uint32_t hash(uint64_t v)
{
	return (uint32_t)((v * 0x9E3779B97F4A7C15ull) >> (64 - HASH_BITS));
}

/* The key of the character at p (three bytes readable) in sc->first and
 * sc->hot: the code point of a three-byte character (all of CJK), which
 * is 16 bits, so no two characters share a bit; for other lead bytes the
 * same bits of whatever follows (the probe after a set bit compares the
 * bytes). */
static inline uint32_t first_key(const unsigned char *p)
{
	return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
	       (p[2] & 0x3F);
}

static inline int bit(const uint64_t *set, uint32_t h)
{
	return (set[h / 64] >> (h % 64)) & 1;
}

static int key_of(const char *p, size_t n)
{
	if ((unsigned char)p[0] < 0x80 || n < KEY_CJK)
		return K_BYTE;
	return n >= KEY_LONG ? K_LONG : K_CJK;
}

/* While the scanner is built: the literals by their text and flag, to
 * add each once (an open-addressed table of indices + 1). */
struct lit_index {
	uint32_t *slot;
	size_t cap;               /* a power of two */
};

static size_t lit_hash(const char *p, size_t n, unsigned flag)
{
	uint64_t h = 1469598103934665603ull ^ flag;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return (size_t)h;
}

static void index_put(struct lit_index *ix, const struct scan *sc, uint32_t i)
{
	size_t m = ix->cap - 1, h = lit_hash(sc->lit[i].p, sc->lit[i].n,
					     sc->lit[i].flag) & m;

	while (ix->slot[h])
		h = (h + 1) & m;
	ix->slot[h] = i + 1;
}

/* Literal p[0..n) with flag, added unless it is there (keywords are
 * added every time: each has its own index). */
static struct lit *add(struct scan *sc, struct lit_index *ix, const char *p,
		       size_t n, unsigned flag, size_t kw)
{
	size_t m = ix->cap - 1, h = lit_hash(p, n, flag) & m;

	for (; flag != SCAN_KW && ix->slot[h]; h = (h + 1) & m) {
		struct lit *l = &sc->lit[ix->slot[h] - 1];
		if (l->n == n && l->flag == flag && memcmp(l->p, p, n) == 0)
			return l;
	}
	VEC_GROW(sc->lit, sc->nlit + 1, sc->caplit);
	sc->lit[sc->nlit] = (struct lit){xstrndup(p, n), n, flag, kw, 0, 0, 0};
	if (2 * (sc->nlit + 1) > ix->cap) {     /* grow: rehash */
		free(ix->slot);
		ix->cap *= 2;
		ix->slot = xcalloc(ix->cap, sizeof *ix->slot);
		for (uint32_t i = 0; i < sc->nlit; i++)
			index_put(ix, sc, i);
	}
	index_put(ix, sc, (uint32_t)sc->nlit);
	return &sc->lit[sc->nlit++];
}

/* litset_macro_fn for synonyms: a macro is read as unknown, which only
 * makes the set smaller (or empty), never wrong. */
static const char *no_macro(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	(void)name;
	(void)n;
	return NULL;
}

/* The pass that looks for literal l. */
static int pass_of(const struct lit *l)
{
	return l->flag == SCAN_KW ? P_KW : l->flag == SCAN_START ? P_START :
	       l->flag == SCAN_PAT || l->flag == SCAN_AFTER ? P_PAT : P_GATE;
}

static void build_key(struct scan *sc, int pass, int k)
{
	struct keytab *kt = &sc->key[pass][k];
	size_t kl = key_len[k];

	memset(kt->start, 0, sizeof kt->start);
	for (size_t i = 0; i < sc->nlit; i++) {
		if (key_of(sc->lit[i].p, sc->lit[i].n) != k ||
		    pass_of(&sc->lit[i]) != pass)
			continue;
		uint32_t h = hash(load(sc->lit[i].p, kl));
		kt->bits[h / 64] |= 1ull << (h % 64);
		kt->start[(h >> (HASH_BITS - BUCKET_BITS)) + 1]++;
	}
	for (size_t b = 0; b < (1u << BUCKET_BITS); b++)
		kt->start[b + 1] += kt->start[b];
	kt->idx = xmalloc((kt->start[1u << BUCKET_BITS] + 1) * sizeof *kt->idx);
	uint32_t *fill = xcalloc(1u << BUCKET_BITS, sizeof *fill);
	for (size_t i = 0; i < sc->nlit; i++) {
		if (key_of(sc->lit[i].p, sc->lit[i].n) != k ||
		    pass_of(&sc->lit[i]) != pass)
			continue;
		uint32_t b = hash(load(sc->lit[i].p, kl)) >> (HASH_BITS - BUCKET_BITS);
		kt->idx[kt->start[b] + fill[b]++] = (uint32_t)i;
	}
	free(fill);
}

static int same_starts(const struct pattern_starts *a,
		       const struct pattern_starts *b)
{
	if (a->after != b->after || a->at_start != b->at_start ||
	    a->lit.n != b->lit.n)
		return 0;
	for (size_t i = 0; i < a->lit.n; i++)
		if (strcmp(a->lit.lit[i], b->lit.lit[i]) != 0)
			return 0;
	return 1;
}

/* The start classes of the rule patterns (up to 64; the rest are run
 * as they are), and their literals. */
static void pattern_classes(struct scan *sc, struct lit_index *ix,
			    const struct rule_set *rs)
{
	size_t nr = rules_count(rs), np = 0;

	sc->pat_first = xmalloc((nr + 1) * sizeof *sc->pat_first);
	for (size_t ri = 0; ri < nr; ri++) {
		sc->pat_first[ri] = np;
		np += rules_get(rs, ri)->nre;
	}
	sc->pat_class = xmalloc((np + 1) * sizeof *sc->pat_class);
	for (size_t ri = 0; ri < nr; ri++) {
		const struct rule *r = rules_get(rs, ri);
		for (size_t k = 0; k < r->nre; k++) {
			const struct pattern_starts *st = &r->starts[k];
			size_t c = 0;
			while (c < sc->ncls && !same_starts(sc->cls_starts[c], st))
				c++;
			if ((!st->lit.n && !st->at_start) || c == 64) {
				sc->pat_class[sc->pat_first[ri] + k] = -1;
				continue;
			}
			if (c == sc->ncls) {
				sc->cls_starts[sc->ncls++] = st;
				for (size_t i = 0; i < st->lit.n; i++)
					add(sc, ix, st->lit.lit[i], strlen(st->lit.lit[i]),
					    st->after ? SCAN_AFTER : SCAN_PAT, 0)->cls |= 1ull << c;
				if (st->at_start)
					sc->cls_at_start |= 1ull << c;
			}
			sc->pat_class[sc->pat_first[ri] + k] = (int)c;
		}
	}
}

struct scan *scan_new(const struct rule_set *rs)
{
	struct scan *sc = xcalloc(1, sizeof *sc);
	struct lit_index index = {xcalloc(1024, sizeof *index.slot), 1024};
	struct lit_index *ix = &index;

	for (size_t i = 0; i < rules_synonym_count(rs); i++) {
		const char *s = rules_synonym(rs, i, NULL);
		size_t n = strlen(s);
		struct litset ls;

		if (!n)
			continue;
		if (s[0] != '/') {
			add(sc, ix, s, n, SCAN_IND, 0);
			add(sc, ix, s, n, SCAN_START, 0)->synonym = 1;
			continue;
		}
		if (n < 2 || sc->nre == 64 || !litset_prefixes(s + 1, n - 2, &ls)) {
			sc->start_always = 1;
		} else {
			for (size_t k = 0; k < ls.n; k++)
				add(sc, ix, ls.lit[k], strlen(ls.lit[k]), SCAN_START, 0)->res |=
					1ull << sc->nre;
			litset_free(&ls);
			sc->re[sc->nre++] = i;
		}
		if (n < 2 || !litset_of(s + 1, n - 2, no_macro, NULL, &ls)) {
			sc->always |= SCAN_IND; /* no literal it cannot match without */
			continue;
		}
		for (size_t k = 0; k < ls.n; k++)
			add(sc, ix, ls.lit[k], strlen(ls.lit[k]), SCAN_IND, 0);
		litset_free(&ls);
	}
	for (size_t i = 0; number_site_marks[i]; i++)
		if (number_site_marks[i][0])
			add(sc, ix, number_site_marks[i], strlen(number_site_marks[i]),
			    SCAN_SITE, 0);
	pattern_classes(sc, ix, rs);
	sc->nkw = rules_keyword_count(rs);
	sc->kw_always = xcalloc(sc->nkw + 1, 1);
	for (size_t i = 0; i < sc->nkw; i++) {
		const char *w = rules_keyword(rs, i);
		if (w[0])
			add(sc, ix, w, strlen(w), SCAN_KW, i);
	}
	free(index.slot);
	for (size_t i = 0; i < sc->nlit; i++) {
		const struct lit *l = &sc->lit[i];
		int pass = pass_of(l);
		unsigned char b = (unsigned char)l->p[0];
		if (key_of(l->p, l->n) == K_BYTE && b >= 0x80) {
			if (l->flag == SCAN_KW)
				sc->kw_always[l->kw] = 1;
			else if (l->flag == SCAN_START)
				sc->start_always = 1;
			else if (l->flag == SCAN_PAT || l->flag == SCAN_AFTER)
				sc->cls_always |= l->cls;
			else
				sc->always |= l->flag;
		} else if (key_of(l->p, l->n) == K_BYTE) {
			sc->byte_first[pass][b] = 1;
		} else {
			uint32_t h = first_key((const unsigned char *)l->p);
			sc->first[pass][h / 64] |= 1ull << (h % 64);
		}
	}
	for (int pass = 0; pass < NPASSES; pass++)
		for (int k = 0; k < NKEYS; k++)
			build_key(sc, pass, k);
	/* every three-byte character from lead byte E4 on, asked once (the
	 * numeral test below is made only from E4 on) */
	for (unsigned cp = 0x4000; cp <= 0xFFFF; cp++) {
		char c[4];
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		utf8_encode(c, cp);
		if (number_char_before(c, 3)) {
			uint32_t h = first_key((const unsigned char *)c);
			sc->numeral[h / 64] |= 1ull << (h % 64);
		}
	}
	for (size_t w = 0; w < 65536 / 64; w++)
		sc->hot[w] = sc->first[P_GATE][w] | sc->numeral[w];
	return sc;
}

void scan_free(struct scan *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->nlit; i++)
		free(sc->lit[i].p);
	free(sc->lit);
	free(sc->kw_always);
	free(sc->pat_class);
	free(sc->pat_first);
	for (int k = 0; k < NKEYS; k++)
		for (int pass = 0; pass < NPASSES; pass++)
			free(sc->key[pass][k].idx);
	free(sc);
}

/* The flags of the literals of table k of the pass (P_GATE, or P_KW with
 * seen, where the keywords found are marked) that start at t+i and end by
 * e. */
/* The literals of table k of the pass that may start at t+i, whose first
 * key bytes are v: *n of them from the returned index (none when the
 * hash bit is clear). */
static inline const uint32_t *bucket(const struct scan *sc, int pass, int k,
				     uint64_t v, uint32_t *n)
{
	const struct keytab *kt = &sc->key[pass][k];
	uint32_t h = hash(v);

	*n = 0;
	if (!(kt->bits[h / 64] & (1ull << (h % 64))))
		return NULL;
	uint32_t b = h >> (HASH_BITS - BUCKET_BITS);
	*n = kt->start[b + 1] - kt->start[b];
	return kt->idx + kt->start[b];
}

/* Whether literal l lies whole at t+i, before e. */
static inline int lies_at(const struct lit *l, const char *t, size_t i, size_t e)
{
	return l->n <= e - i && same(t + i, l->p, l->n);
}

#define HOT static inline __attribute__((always_inline))

HOT unsigned probe(const struct scan *sc, int pass, int k, const char *t,
		   size_t i, size_t e, uint64_t v, signed char *seen)
{
	uint32_t n;
	const uint32_t *idx = bucket(sc, pass, k, v, &n);
	unsigned f = 0;

	for (uint32_t j = 0; j < n; j++) {
		const struct lit *l = &sc->lit[idx[j]];
		if (lies_at(l, t, i, e)) {
			f |= l->flag;
			if (seen && l->flag == SCAN_KW)
				seen[l->kw] = 1;
		}
	}
	return f;
}

/* probe for the non-ASCII character at t+i (KEY_CJK bytes readable),
 * whose first_key is h: its first-character bit, then the tables of
 * literals of two characters and of one. */
HOT unsigned probe_char(const struct scan *sc, int pass, const char *t,
			size_t i, size_t e, uint32_t h, signed char *seen)
{
	/* most characters start no literal: one bit says so */
	if (!(sc->first[pass][h / 64] & (1ull << (h % 64))))
		return 0;
	unsigned f = 0;
	if (e - i >= KEY_LONG)
		f = probe(sc, pass, K_LONG, t, i, e, load(t + i, KEY_LONG), seen);
	return f | probe(sc, pass, K_CJK, t, i, e, load(t + i, KEY_CJK), seen);
}

int scan_sentence(const struct scan *sc, const char *t, size_t s, size_t e)
{
	return scan_flags(sc, t, s, e) == (SCAN_SITE | SCAN_IND);
}

unsigned scan_flags(const struct scan *sc, const char *t, size_t s, size_t e)
{
	const unsigned char *p = (const unsigned char *)t;
	const unsigned all = SCAN_SITE | SCAN_IND;
	const unsigned char *byte_first = sc->byte_first[P_GATE];
	unsigned f = sc->always;

	/* by characters: a literal starts on one */
	for (size_t i = s; i < e;) {
		unsigned b = p[i];

		/* most characters are CJK ones that start nothing: one bit */
		if ((b & 0xF0) == 0xE0 && e - i >= KEY_CJK &&
		    !bit(sc->hot, first_key(p + i))) {
			i += 3;
			continue;
		}
		if (b < 0x80) {
			if ((unsigned)(b - '0') < 10u)
				f |= SCAN_SITE;
			else if (byte_first[b])
				f |= probe(sc, P_GATE, K_BYTE, t, i, e, load(t + i, 1),
					   NULL);
			if (f == all)
				return f;
			i++;
			continue;
		}
		if (e - i >= KEY_CJK) {
			uint32_t h = first_key(p + i);
			f |= probe_char(sc, P_GATE, t, i, e, h, NULL);
			/* 两千家, 三百项, 千三: a numeral without digits (the
			 * numeral bit first: a call per character would cost
			 * the scan) */
			if (!(f & SCAN_SITE) && b >= 0xE4 && e - i >= 2 * KEY_CJK &&
			    (sc->numeral[h / 64] & (1ull << (h % 64))) &&
			    number_cn_pair(t + i, e - i))
				f |= SCAN_SITE;
			if (f == all)
				return f;
		}
		i += (b & 0xF0) == 0xE0 ? 3 : utf8_len((unsigned char)b);
	}
	return f;
}

void scan_keywords(const struct scan *sc, const char *t, size_t s, size_t e,
		   signed char *seen)
{
	const unsigned char *p = (const unsigned char *)t;
	const unsigned char *byte_first = sc->byte_first[P_KW];

	memcpy(seen, sc->kw_always, sc->nkw);
	for (size_t i = s; i < e;) {
		unsigned b = p[i];

		if (b < 0x80) {
			if (byte_first[b])
				probe(sc, P_KW, K_BYTE, t, i, e, load(t + i, 1), seen);
			i++;
			continue;
		}
		if (e - i >= KEY_CJK)
			probe_char(sc, P_KW, t, i, e, first_key(p + i), seen);
		i += (b & 0xF0) == 0xE0 ? 3 : utf8_len((unsigned char)b);
	}
}

size_t scan_next_start(const struct scan *sc, const char *t, size_t from,
		       size_t e, size_t lim)
{
	const unsigned char *p = (const unsigned char *)t;
	const unsigned char *byte_first = sc->byte_first[P_START];

	if (sc->start_always)
		return from;
	for (size_t i = from; i < e;) {
		unsigned b = p[i];

		if (b < 0x80) {
			if (byte_first[b] &&
			    probe(sc, P_START, K_BYTE, t, i, lim, load(t + i, 1), NULL))
				return i;
			i++;
			continue;
		}
		if (lim - i >= KEY_CJK &&
		    probe_char(sc, P_START, t, i, lim, first_key(p + i), NULL))
			return i;
		i += (b & 0xF0) == 0xE0 ? 3 : utf8_len((unsigned char)b);
	}
	return e;
}

/* The start literals of table k that lie whole in t[c, lim): the longest
 * literal synonym's length (into *best) and their regexes (into *res). */
static void starts_in(const struct scan *sc, int k, const char *t, size_t c,
		      size_t lim, size_t *best, uint64_t *res)
{
	uint32_t n;
	const uint32_t *idx = bucket(sc, P_START, k, load(t + c, key_len[k]), &n);

	for (uint32_t j = 0; j < n; j++) {
		const struct lit *l = &sc->lit[idx[j]];
		if (lies_at(l, t, c, lim)) {
			*res |= l->res;
			if (l->synonym && l->n > *best)
				*best = l->n;
		}
	}
}

/* What may start at t+c, lying whole before lim: the length of the
 * longest literal synonym there (0: none), and in *res the regexes
 * (sc->re) with a prefix there. */
static size_t start_at(const struct scan *sc, const char *t, size_t c,
		       size_t lim, uint64_t *res)
{
	size_t best = 0;

	*res = 0;
	if ((unsigned char)t[c] < 0x80) {
		starts_in(sc, K_BYTE, t, c, lim, &best, res);
		return best;
	}
	if (lim - c >= KEY_LONG)
		starts_in(sc, K_LONG, t, c, lim, &best, res);
	if (lim - c >= KEY_CJK)
		starts_in(sc, K_CJK, t, c, lim, &best, res);
	return best;
}

/* The any-indicator pattern is (?:literal trie|/regex/ synonyms...): at
 * one offset the longest literal synonym wins, else the first regex that
 * matches.  That is what is done here, only at the offsets where a
 * synonym may start (scan_next_start), with the literals found there and
 * the regexes with a prefix there: PCRE2 alone would try, and fail, the
 * whole alternation at every character. */
int scan_next_mention(const struct scan *sc, const struct rule_set *rs,
		      const char *t, size_t at, size_t e, size_t lim,
		      pcre2_match_data *md, size_t *ms, size_t *me)
{
	if (sc->start_always) {
		if (pcre2_match(rules_any_indicator(rs), (PCRE2_SPTR)t, lim, at,
				PCRE2_NO_UTF_CHECK, md, NULL) <= 0)
			return 0;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		*ms = ov[0];
		*me = ov[1];
		return ov[0] < e;
	}
	for (;;) {
		size_t c = scan_next_start(sc, t, at, e, lim);
		if (c >= e)
			return 0;
		uint64_t res;
		size_t n = start_at(sc, t, c, lim, &res);
		if (n) {
			*ms = c;
			*me = c + n;
			return 1;
		}
		for (size_t i = 0; res >> i; i++) {
			if (!(res >> i & 1))
				continue;
			const pcre2_code *re = rules_synonym_code(rs, sc->re[i]);
			if (pcre2_match(re, (PCRE2_SPTR)t, lim, c, PCRE2_NO_UTF_CHECK,
					md, NULL) > 0) {
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
				*ms = ov[0];
				*me = ov[1];
				return 1;
			}
		}
		at = c + utf8_len((unsigned char)t[c]);
	}
}

int scan_pattern_class(const struct scan *sc, size_t ri, size_t k)
{
	int c = sc->pat_class[sc->pat_first[ri] + k];

	return c >= 0 && !(sc->cls_always >> c & 1) ? c : -1;
}

/* The classes of the pattern starts at t+i that lie whole before e, in
 * table k: those that start there (into *here) and those that start
 * right after (SCAN_AFTER, one character: into *next). */
static void classes_in(const struct scan *sc, int k, const char *t, size_t i,
		       size_t e, uint64_t *here, uint64_t *next)
{
	uint32_t n;
	const uint32_t *idx = bucket(sc, P_PAT, k, load(t + i, key_len[k]), &n);

	for (uint32_t j = 0; j < n; j++) {
		const struct lit *l = &sc->lit[idx[j]];
		if (lies_at(l, t, i, e))
			*(l->flag == SCAN_AFTER ? next : here) |= l->cls;
	}
}

/* classes_in for the character at t+i, of the tables that apply. */
static void classes_at(const struct scan *sc, const char *t, size_t i,
		       size_t e, uint64_t *here, uint64_t *next)
{
	const unsigned char *p = (const unsigned char *)t;
	unsigned b = p[i];

	if (b < 0x80) {
		if (sc->byte_first[P_PAT][b])
			classes_in(sc, K_BYTE, t, i, e, here, next);
	} else if (e - i >= KEY_CJK && bit(sc->first[P_PAT], first_key(p + i))) {
		if (e - i >= KEY_LONG)
			classes_in(sc, K_LONG, t, i, e, here, next);
		classes_in(sc, K_CJK, t, i, e, here, next);
	}
}

size_t scan_pattern_starts(const struct scan *sc, const char *t, size_t s,
			   size_t e, struct scan_pos **v, size_t *cap)
{
	const unsigned char *p = (const unsigned char *)t;
	size_t n = 0;
	/* the classes that start at i because of the character before it:
	 * first the one before s (a lookbehind sees it), or the text's start */
	uint64_t next = s == 0 ? sc->cls_at_start : 0;
	if (s > 0) {
		size_t j = s - 1;
		uint64_t here = 0;
		while (j > 0 && s - j < 4 && (p[j] & 0xC0) == 0x80)
			j--;
		classes_at(sc, t, j, s, &here, &next);
	}
	for (size_t i = s; i < e;) {
		unsigned b = p[i];
		uint64_t cls = next;

		next = 0;
		classes_at(sc, t, i, e, &cls, &next);
		if (cls) {
			VEC_GROW(*v, n + 1, *cap);
			(*v)[n++] = (struct scan_pos){i, cls};
		}
		i += b < 0x80 ? 1 : (b & 0xF0) == 0xE0 ? 3 : utf8_len((unsigned char)b);
	}
	return n;
}

int scan_starts_anywhere(const struct scan *sc)
{
	return sc->start_always;
}

size_t scan_literal_count(const struct scan *sc)
{
	return sc->nlit;
}

int scan_always_indicator(const struct scan *sc)
{
	return (sc->always & SCAN_IND) != 0;
}
