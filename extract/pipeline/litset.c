/* litset: necessary literals of a PCRE2 pattern, for the rule prefilter. */
#include "pipeline/litset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define MAX_DEPTH 16

struct an {
	litset_macro_fn macro;
	void *ctx;
	int depth;
	int opaque;               /* an option or verb was met: no set at all */
	long work;                /* macro bodies analysed: bounded */
};

#define MAX_WORK 20000

/* 1 when p[0..len) holds an inline option ((?i), (?x)...) or a verb
 * ((*UCP)): they change what text matches, so no literal is safe. */
static int has_options(const char *p, size_t len)
{
	for (size_t i = 0; i + 2 < len; i++) {
		if (p[i] == '\\') {
			i++;
			continue;
		}
		if (p[i] == '(' && (p[i + 1] == '*' ||
		    (p[i + 1] == '?' && ((p[i + 2] >= 'a' && p[i + 2] <= 'z') ||
					 p[i + 2] == '^' || p[i + 2] == '-'))))
			return 1;
	}
	return 0;
}

static void set_add(struct litset *s, const char *p, size_t n)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->lit[i]) == n && memcmp(s->lit[i], p, n) == 0)
			return;
	VEC_GROW(s->lit, s->n + 1, s->cap);
	s->lit[s->n++] = xstrndup(p, n);
}

void litset_free(struct litset *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->lit[i]);
	free(s->lit);
	s->lit = NULL;
	s->n = s->cap = 0;
}

/* How selective a set is: its shortest literal, in bytes (longer literals
 * are rarer); 0 for an empty set. */
static size_t score(const struct litset *s)
{
	size_t m = (size_t)-1;

	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->lit[i]) < m)
			m = strlen(s->lit[i]);
	return s->n ? m : 0;
}

/* Offset just past the group that opens at p[i] == '(' (or len). */
static size_t group_end(const char *p, size_t len, size_t i)
{
	int depth = 0, in_class = 0;

	for (; i < len; i++) {
		if (p[i] == '\\') {
			i++;
			continue;
		}
		if (in_class) {
			in_class = p[i] != ']';
			continue;
		}
		if (p[i] == '[')
			in_class = 1;
		else if (p[i] == '(')
			depth++;
		else if (p[i] == ')' && --depth == 0)
			return i + 1;
	}
	return len;
}

static int is_quant(char c)
{
	return c == '?' || c == '*' || c == '+' || c == '{';
}

/* 1 when the quantifier at p[i] allows zero repetitions. */
static int quant_optional(const char *p, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	if (p[i] == '?' || p[i] == '*')
		return 1;
	return p[i] == '{' && i + 1 < len && p[i + 1] == '0';
}

/* Offset past the quantifier at p[i], if any (and a lazy/possessive mark). */
static size_t skip_quant(const char *p, size_t len, size_t i)
{
	if (i < len && p[i] == '{') {
		const char *c = memchr(p + i, '}', len - i);
		i = c ? (size_t)(c - p) + 1 : len;
	} else if (i < len && is_quant(p[i])) {
		i++;
	}
	if (i < len && (p[i] == '?' || p[i] == '+'))
		i++;
	return i;
}

static int analyze(struct an *a, const char *p, size_t len, struct litset *out);

/* The group opening at p[i] == '(': *end is set past its ')'.  When the
 * group is mandatory text (plain, (?: or (?<name>, not made optional by a
 * quantifier), its best set goes into sub and 1 is returned, else 0. */
static int group_set(struct an *a, const char *p, size_t len, size_t i,
		     size_t *end, struct litset *sub)
{
	size_t e = group_end(p, len, i);
	size_t in = i + 1, ie = e > i + 1 ? e - 1 : e;

	*end = e;
	if (in < ie && p[in] == '?') {
		/* (?: (?<name> are groups; lookarounds and
		 * options are not mandatory text */
		if (ie - in >= 2 && p[in + 1] == ':')
			in += 2;
		else if (ie - in >= 3 && p[in + 1] == '<' &&
			 p[in + 2] != '=' && p[in + 2] != '!') {
			const char *gt = memchr(p + in, '>', ie - in);
			in = gt ? (size_t)(gt - p) + 1 : ie;
		} else
			in = ie + 1;    /* skip it */
	}
	if (in <= ie && !quant_optional(p, len, e))
		return analyze(a, p + in, ie - in, sub);
	return 0;
}

/* The offset of the ']' that closes the class opening at p[i] == '['
 * (a ']' first in it is a member), or len. */
static size_t class_end(const char *p, size_t len, size_t i)
{
	size_t k = i + 1;

	if (k < len && p[k] == '^')
		k++;
	if (k < len && p[k] == ']')
		k++;
	while (k < len && p[k] != ']')
		k += p[k] == '\\' ? 2 : 1;
	return k < len ? k : len;
}

/* Past the class ([...]), escape (\d) or anchor at p[i] and its
 * quantifier. */
static size_t skip_atom(const char *p, size_t len, size_t i)
{
	if (p[i] == '[') {
		i = class_end(p, len, i) + 1;
	} else {
		i += p[i] == '\\' ? 2 : 1;
	}
	return skip_quant(p, len, i);
}

/* The best set of one sequence (no top-level '|'). */
static int sequence(struct an *a, const char *p, size_t len, struct litset *best)
{
	struct buf run = {0};
	size_t i = 0, best_score = 0;
	int found = 0;

	memset(best, 0, sizeof *best);
	/* offer the literal run collected so far as a candidate */
#define FLUSH()                                                          \
	do {                                                             \
		if (run.len && run.len > best_score) {                   \
			litset_free(best);                               \
			set_add(best, run.p, run.len);                   \
			best_score = run.len;                            \
			found = 1;                                       \
		}                                                        \
		buf_clear(&run);                                         \
	} while (0)

	while (i < len) {
		char c = p[i];
		if (c == '(' || (c == '%' && i + 1 < len && p[i + 1] == '{')) {
			size_t end;
			struct litset sub = {0};
			int got = 0;
			FLUSH();
			if (c == '(') {
				got = group_set(a, p, len, i, &end, &sub);
			} else {
				const char *close = memchr(p + i, '}', len - i);
				if (!close) {           /* "%{" with no end: not a macro */
					a->opaque = 1;
					break;
				}
				end = (size_t)(close - p) + 1;
				const char *name = p + i + 2;
				const char *colon = memchr(name, ':', (size_t)(close - name));
				size_t nl = (size_t)((colon ? colon : close) - name);
				const char *body = a->macro(a->ctx, name, nl);
				if (++a->work > MAX_WORK)
					a->opaque = 1;  /* macros nested too richly: no set */
				if (body && !a->opaque && a->depth < MAX_DEPTH &&
				    !quant_optional(p, len, end)) {
					a->depth++;
					got = analyze(a, body, strlen(body), &sub);
					a->depth--;
				}
			}
			if (got && score(&sub) > best_score) {
				litset_free(best);
				*best = sub;
				best_score = score(best);
				found = 1;
			} else {
				litset_free(&sub);
			}
			i = skip_quant(p, len, end);
			continue;
		}
		if (c == '[' || c == '.' || c == '^' || c == '$' ||
		    (c == '\\' && i + 1 < len &&
		     ((p[i + 1] >= 'a' && p[i + 1] <= 'z') ||
		      (p[i + 1] >= 'A' && p[i + 1] <= 'Z') ||
		      (p[i + 1] >= '0' && p[i + 1] <= '9')))) {
			/* a class, an escape like \d, an anchor: not literal */
			FLUSH();
			i = skip_atom(p, len, i);
			continue;
		}
		/* one literal character (a UTF-8 sequence or an escaped sign) */
		size_t cs = i, cl = 1;
		if (c == '\\') {
			cs = i + 1;
			cl = 1;
		} else {
			unsigned char b = (unsigned char)c;
			cl = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
		}
		size_t next = cs + cl;
		if (next > len)
			next = len;
		if (next < len && is_quant(p[next])) {
			if (quant_optional(p, len, next)) {
				FLUSH();                /* this character may be absent */
			} else {
				buf_add(&run, p + cs, next - cs);
				FLUSH();                /* repeated: the run ends here */
			}
			i = skip_quant(p, len, next);
			continue;
		}
		buf_add(&run, p + cs, next - cs);
		i = next;
	}
	FLUSH();
#undef FLUSH
	buf_free(&run);
	return found;
}

/* Top-level alternatives: every one must give a set; their union. */
static int analyze(struct an *a, const char *p, size_t len, struct litset *out)
{
	size_t start = 0, i = 0;
	int depth = 0, in_class = 0;

	memset(out, 0, sizeof *out);
	if (has_options(p, len)) {
		a->opaque = 1;
		return 0;
	}
	for (;; i++) {
		if (i < len) {
			char c = p[i];
			if (c == '\\') {
				i++;
				continue;
			}
			if (in_class) {
				in_class = c != ']';
				continue;
			}
			if (c == '[')
				in_class = 1;
			else if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
			if (!(c == '|' && depth == 0))
				continue;
		}
		struct litset alt;
		if (!sequence(a, p + start, (i < len ? i : len) - start, &alt)) {
			litset_free(out);
			return 0;
		}
		for (size_t k = 0; k < alt.n; k++)
			set_add(out, alt.lit[k], strlen(alt.lit[k]));
		litset_free(&alt);
		if (i >= len)
			break;
		start = i + 1;
	}
	return out->n > 0;
}

int litset_of(const char *pat, size_t len, litset_macro_fn macro, void *ctx,
	      struct litset *out)
{
	struct an a = {macro, ctx, 0, 0, 0};

	if (analyze(&a, pat, len, out) && !a.opaque)
		return 1;
	litset_free(out);
	return 0;
}

/* ---- prefixes: what text every match starts with ---- */

#define PRE_MAX 12                /* bytes kept of a prefix */
#define PRE_SET 512               /* prefixes kept of a pattern */

struct pre {
	char s[PRE_MAX];
	unsigned char n;
	unsigned char open;       /* s is all the text matched so far */
};

struct pset {
	struct pre *v;
	size_t n, cap;
};

/* (duplicates are dropped once, by pset_unique: a set of tries' words
 * has hundreds) */
static void pset_add(struct pset *ps, const struct pre *x)
{
	VEC_GROW(ps->v, ps->n + 1, ps->cap);
	ps->v[ps->n++] = *x;
}

static int pre_cmp(const void *a, const void *b)
{
	const struct pre *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);

	if (c)
		return c;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return (int)x->open - (int)y->open;
}

static void pset_unique(struct pset *ps)
{
	size_t k = 0;

	if (ps->n > 1)
		qsort(ps->v, ps->n, sizeof *ps->v, pre_cmp);
	for (size_t i = 0; i < ps->n; i++)
		if (!k || pre_cmp(&ps->v[k - 1], &ps->v[i]) != 0)
			ps->v[k++] = ps->v[i];
	ps->n = k;
}

/* What an atom is: text, text that must follow but is not consumed (a
 * lookahead), no text, or what cannot be told. */
enum atom { A_TEXT, A_AHEAD, A_ZERO, A_UNKNOWN };

/* Where each group of the whole pattern ends: to[i] for pat[i] == '('
 * is the offset past its ')' (or the pattern's length), so that an
 * analysis that only looks at the start of a large group (a trie of
 * synonyms) does not read all of it, at every level. */
struct jumps {
	const char *pat;
	uint32_t *to;
	struct litset_memo *memo; /* may be NULL */
};

/* The prefixes of large groups already analysed (a trie of synonyms is
 * in most rule patterns, some twice), by their text and room. */
#define MEMO_MIN 256              /* bytes of group text worth a memo */

struct memo_entry {
	char *text;
	size_t len, room;
	uint64_t hash;
	int ok;
	struct pset ps;
};

struct litset_memo {
	struct memo_entry *v;
	size_t n, cap;
};

struct litset_memo *litset_memo_new(void)
{
	return xcalloc(1, sizeof(struct litset_memo));
}

void litset_memo_free(struct litset_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].text);
		free(m->v[i].ps.v);
	}
	free(m->v);
	free(m);
}

static uint64_t fnv(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

static void jumps_build(struct jumps *j, const char *p, size_t len)
{
	uint32_t *stack = xmalloc((len + 1) * sizeof *stack);
	size_t depth = 0;

	j->pat = p;
	j->to = xmalloc((len + 1) * sizeof *j->to);
	for (size_t i = 0; i < len; i++) {
		j->to[i] = (uint32_t)len;
		if (p[i] == '\\') {
			if (i + 1 < len)
				j->to[++i] = (uint32_t)len;
			continue;
		}
		if (p[i] == '[') {             /* a class: its ( and ) are text */
			size_t k = class_end(p, len, i);
			for (size_t m = i + 1; m <= k && m < len; m++)
				j->to[m] = (uint32_t)len;
			i = k < len ? k : len;
			continue;
		}
		if (p[i] == '(')
			stack[depth++] = (uint32_t)i;
		else if (p[i] == ')' && depth)
			j->to[stack[--depth]] = (uint32_t)(i + 1);
	}
	free(stack);
}

/* Offset (in p) past the group opening at p[i] == '('. */
static size_t jump(const struct jumps *j, const char *p, size_t i)
{
	return j->to[p + i - j->pat] - (size_t)(p - j->pat);
}

/* The end of the alternative of p[0..len) that starts at i: the offset of
 * the next '|' outside groups, classes and escapes, or len. */
static size_t alt_end(const struct jumps *j, const char *p, size_t len,
		      size_t i)
{
	for (; i < len && p[i] != '|'; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '(')
			i = jump(j, p, i) - 1;  /* past the group */
		else if (p[i] == '[')
			i = class_end(p, len, i);
	}
	return i < len ? i : len;
}

static int alternatives(const struct jumps *j, const char *p, size_t len,
			size_t room, struct pset *out);

/* The UTF-8 length of the character at p[0] (a lead byte). */
static size_t char_len(unsigned char b)
{
	return b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
}

/* The character an escape \e stands for when it is one (\n, \t, \r, or
 * a sign), else 0. */
static char escaped(char e)
{
	if (e == 'n')
		return '\n';
	if (e == 't')
		return '\t';
	if (e == 'r')
		return '\r';
	if (!e || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
	    (e >= '0' && e <= '9'))
		return 0;
	return e;
}

static void one_char(struct pset *ps, const char *c, size_t n)
{
	struct pre x = {.n = (unsigned char)n, .open = 1};

	memcpy(x.s, c, n);
	pset_add(ps, &x);
}

/* The members of the class at p[0] == '[' (through p[len)), one
 * character each; A_UNKNOWN for a negated class, a range past ASCII or an
 * escape other than \d and signs. */
static enum atom class_set(const char *p, size_t len, struct pset *ps)
{
	size_t i = 1;

	if (i < len && p[i] == '^')
		return A_UNKNOWN;
	for (int first = 1; i < len && (p[i] != ']' || first); first = 0) {
		if (p[i] == '\\') {
			char e = i + 1 < len ? p[i + 1] : 0;
			char ch = escaped(e);
			if (e == 'd') {
				for (char d = '0'; d <= '9'; d++)
					one_char(ps, &d, 1);
			} else if (!ch) {
				return A_UNKNOWN;
			} else {
				one_char(ps, &ch, 1);
			}
			i += 2;
			continue;
		}
		size_t cl = char_len((unsigned char)p[i]);
		if (i + cl + 1 < len && p[i + cl] == '-' && p[i + cl + 1] != ']') {
			unsigned char lo = (unsigned char)p[i], hi = (unsigned char)p[i + cl + 1];
			if (lo >= 0x80 || hi >= 0x80 || hi < lo || p[i + cl + 1] == '\\')
				return A_UNKNOWN;
			for (unsigned c = lo; c <= hi; c++) {
				char ch = (char)c;
				one_char(ps, &ch, 1);
			}
			i += cl + 2;
			continue;
		}
		if (i + cl > len)
			return A_UNKNOWN;
		one_char(ps, p + i, cl);
		i += cl;
	}
	return i < len ? A_TEXT : A_UNKNOWN;
}

/* The atom at p[i]: what one occurrence of it starts with (A_TEXT, into
 * ps), or what must follow (A_AHEAD: (?=...), into ps), or that it
 * matches no text (A_ZERO: other lookarounds, anchors), or that
 * it cannot be told (A_UNKNOWN).  *end is set past it. */
/* alternatives(), through the memo for a large group. */
static int group_prefixes(const struct jumps *j, const char *p, size_t len,
			  size_t room, struct pset *out)
{
	struct litset_memo *m = j->memo;

	if (!m || len < MEMO_MIN)
		return alternatives(j, p, len, room, out);
	uint64_t h = fnv(p, len);
	for (size_t i = 0; i < m->n; i++) {
		struct memo_entry *e = &m->v[i];
		if (e->hash == h && e->len == len && e->room == room &&
		    memcmp(e->text, p, len) == 0) {
			for (size_t k = 0; k < e->ps.n; k++)
				pset_add(out, &e->ps.v[k]);
			return e->ok;
		}
	}
	struct pset got = {0};
	int ok = alternatives(j, p, len, room, &got);
	for (size_t k = 0; k < got.n; k++)
		pset_add(out, &got.v[k]);
	VEC_GROW(m->v, m->n + 1, m->cap);
	m->v[m->n++] = (struct memo_entry){xstrndup(p, len), len, room, h, ok, got};
	return ok;
}

static enum atom atom(const struct jumps *j, const char *p, size_t len,
		      size_t i, size_t room, size_t *end, struct pset *ps)
{
	char c = p[i];

	if (c == '(') {
		size_t e = jump(j, p, i), in = i + 1, ie = e - 1;
		*end = e;
		if (e > len || p[e - 1] != ')')
			return A_UNKNOWN;
		if (in < ie && p[in] == '?') {
			if (ie - in >= 2 && p[in + 1] == '=')
				return alternatives(j, p + in + 2, ie - in - 2, room, ps) ?
				       A_AHEAD : A_ZERO;
			if (ie - in >= 2 && p[in + 1] == '!')
				return A_ZERO;
			if (ie - in >= 3 && p[in + 1] == '<' &&
			    (p[in + 2] == '=' || p[in + 2] == '!'))
				return A_ZERO;
			if (ie - in >= 2 && (p[in + 1] == ':' || p[in + 1] == '>')) {
				in += 2;
			} else if (ie - in >= 2 && (p[in + 1] == '<' || p[in + 1] == '\'' ||
						    p[in + 1] == 'P')) {
				const char *gt = memchr(p + in, p[in + 1] == '\'' ? '\'' : '>',
							ie - in);
				if (!gt || p[in + 1] == 'P')
					return A_UNKNOWN;
				in = (size_t)(gt - p) + 1;
				if (p[in - 1] == '\'') {
					gt = memchr(p + in, '\'', ie - in);
					if (!gt)
						return A_UNKNOWN;
					in = (size_t)(gt - p) + 1;
				}
			} else {
				return A_UNKNOWN;
			}
		}
		return group_prefixes(j, p + in, ie - in, room, ps) ? A_TEXT : A_UNKNOWN;
	}
	if (c == '[') {
		size_t k = class_end(p, len, i);
		*end = k < len ? k + 1 : len;
		return k < len ? class_set(p + i, *end - i, ps) : A_UNKNOWN;
	}
	if (c == '^' || c == '$') {
		*end = i + 1;
		return A_ZERO;
	}
	if (c == '\\') {
		char e = i + 1 < len ? p[i + 1] : 0;
		*end = i + 2;
		if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G')
			return A_ZERO;
		if (e == 'd') {
			for (char d = '0'; d <= '9'; d++)
				one_char(ps, &d, 1);
			return A_TEXT;
		}
		char ch = escaped(e);
		if (!ch)
			return A_UNKNOWN;
		one_char(ps, &ch, 1);
		return A_TEXT;
	}
	if (c == '.' || c == '*' || c == '+' || c == '?' || c == '{' || c == '|' ||
	    c == ')' || (c == '%' && i + 1 < len && p[i + 1] == '{')) {
		*end = i + 1;
		return A_UNKNOWN;
	}
	size_t cl = char_len((unsigned char)c);
	*end = i + cl;
	if (*end > len)
		return A_UNKNOWN;
	one_char(ps, p + i, cl);
	return A_TEXT;
}

/* The quantifier at p[i] (if any): its bounds (*max 2 stands for "more
 * than one"); returns the offset past it, lazy or possessive mark
 * included, or 0 for a '{' that is not a quantifier's. */
static size_t quantifier(const char *p, size_t len, size_t i, unsigned *min,
			 unsigned *max)
{
	*min = *max = 1;
	if (i >= len)
		return i;
	if (p[i] == '?' || p[i] == '*' || p[i] == '+') {
		*min = p[i] == '+';
		*max = p[i] == '?' ? 1 : 2;
		i++;
	} else if (p[i] == '{') {
		size_t j = i + 1;
		unsigned lo = 0, hi;
		if (j >= len || p[j] < '0' || p[j] > '9')
			return 0;
		while (j < len && p[j] >= '0' && p[j] <= '9')
			lo = lo * 10 + (unsigned)(p[j++] - '0');
		hi = lo;
		if (j < len && p[j] == ',') {
			j++;
			hi = 2;
			if (j < len && p[j] >= '0' && p[j] <= '9') {
				hi = 0;
				while (j < len && p[j] >= '0' && p[j] <= '9')
					hi = hi * 10 + (unsigned)(p[j++] - '0');
			}
		}
		if (j >= len || p[j] != '}')
			return 0;
		*min = lo > 0;
		*max = hi > 1 ? 2 : hi;
		i = j + 1;
	} else {
		return i;
	}
	if (i < len && (p[i] == '?' || p[i] == '+'))
		i++;
	return i;
}

/* The prefixes of one sequence (no top-level '|'), into out; 0 when they
 * cannot be told. */
static int sequence_prefixes(const struct jumps *j, const char *p, size_t len,
			     size_t room, struct pset *out)
{
	struct pset s = {0};
	size_t i = 0;
	int ok = 1;

	pset_add(&s, &(struct pre){.n = 0, .open = 1});
	while (i < len && ok) {
		struct pset it = {0};
		size_t end;
		unsigned min, max;
		/* what an atom can add: no more than the shortest open text
		 * has room for (the rest would be cut) */
		size_t shortest = room;
		for (size_t a = 0; a < s.n; a++)
			if (s.v[a].open && s.v[a].n < shortest)
				shortest = s.v[a].n;
		enum atom k = atom(j, p, len, i, room - shortest, &end, &it);
		size_t q = quantifier(p, len, end, &min, &max);
		if (!q)
			k = A_UNKNOWN;
		i = q ? q : len;
		if (k == A_AHEAD && min == 0)
			k = A_ZERO;
		if (k == A_ZERO || max == 0) {
			free(it.v);
			continue;
		}
		struct pset ns = {0};
		int open = 0;
		/* (a product far past the cap is not finished: it is closed
		 * below all the same) */
		for (size_t a = 0; a < s.n && ok && ns.n <= 4 * PRE_SET; a++) {
			const struct pre *x = &s.v[a];
			if (!x->open || min == 0)
				pset_add(&ns, x);
			if (!x->open)
				continue;
			if (k == A_UNKNOWN) {
				struct pre y = *x;
				y.open = 0;
				if (!x->n)
					ok = 0;        /* could start anywhere */
				else
					pset_add(&ns, &y);
				continue;
			}
			for (size_t b = 0; b < it.n; b++) {
				struct pre y = *x;
				const struct pre *z = &it.v[b];
				size_t take = 0;
				while (take < z->n && y.n + take + char_len(
					       (unsigned char)z->s[take]) <= room)
					take += char_len((unsigned char)z->s[take]);
				memcpy(y.s + y.n, z->s, take);
				y.n = (unsigned char)(y.n + take);
				/* (a lookahead's text is not consumed: what
				 * follows it is not appended) */
				y.open = take == z->n && z->open && max == 1 &&
					 k == A_TEXT && y.n < room;
				pset_add(&ns, &y);
			}
		}
		free(it.v);
		if (ns.n > PRE_SET && ns.n <= 4 * PRE_SET)
			pset_unique(&ns); /* (else duplicates go at the end) */
		if (ns.n > PRE_SET) {
			/* too many ways on: what is known so far is enough */
			free(ns.v);
			for (size_t a = 0; a < s.n; a++)
				s.v[a].open = 0;
			break;
		}
		free(s.v);
		s = ns;
		for (size_t a = 0; a < s.n; a++)
			open |= s.v[a].open;
		if (!open)
			break;
	}
	for (size_t a = 0; a < s.n && ok; a++)
		if (!s.v[a].n)
			ok = 0;                /* the sequence may match no text */
	for (size_t a = 0; a < s.n && ok; a++)
		pset_add(out, &s.v[a]);
	free(s.v);
	return ok;
}

/* Top-level alternatives: every one must give its prefixes. */
static int alternatives(const struct jumps *j, const char *p, size_t len,
			size_t room, struct pset *out)
{
	for (size_t start = 0;;) {
		size_t i = alt_end(j, p, len, start);
		if (!sequence_prefixes(j, p + start, i - start, room, out))
			return 0;
		if (i >= len)
			break;
		start = i + 1;
	}
	if (out->n > PRE_SET)
		pset_unique(out);
	return out->n <= PRE_SET;
}

int litset_prefixes(const char *pat, size_t len, struct litset *out)
{
	return litset_prefixes_memo(pat, len, NULL, out);
}

int litset_prefixes_memo(const char *pat, size_t len, struct litset_memo *memo,
			 struct litset *out)
{
	struct pset ps = {0};
	struct jumps j;
	const struct pre *kept = NULL;

	jumps_build(&j, pat, len);
	j.memo = memo;
	int ok = !has_options(pat, len) && alternatives(&j, pat, len, PRE_MAX, &ps);
	free(j.to);
	pset_unique(&ps);

	memset(out, 0, sizeof *out);
	/* sorted, a text comes right before those it is a prefix of: 出口额
	 * says no more than 出口 */
	for (size_t i = 0; ok && i < ps.n; i++) {
		const struct pre *x = &ps.v[i];
		if (kept && kept->n <= x->n && memcmp(kept->s, x->s, kept->n) == 0)
			continue;
		VEC_GROW(out->lit, out->n + 1, out->cap);
		out->lit[out->n++] = xstrndup(x->s, x->n);
		kept = x;
	}
	free(ps.v);
	return ok && out->n > 0;
}

/* ---- after: what every match starts right after ---- */

/* The characters of a lookbehind's alternatives when each is one
 * character or a class of them (,|。|[、;]), into ps. */
static int one_chars(const struct jumps *j, const char *p, size_t len,
		     struct pset *ps)
{
	for (size_t start = 0;;) {
		size_t i = alt_end(j, p, len, start), end;
		unsigned min, max;
		struct pset one = {0};
		int ok = i > start &&
			 atom(j, p + start, i - start, 0, 0, &end, &one) == A_TEXT &&
			 quantifier(p + start, i - start, end, &min, &max) == i - start &&
			 min == 1 && max == 1;
		for (size_t k = 0; ok && k < one.n; k++)
			ok = one.v[k].n == char_len((unsigned char)one.v[k].s[0]);
		for (size_t k = 0; ok && k < one.n; k++)
			pset_add(ps, &one.v[k]);
		free(one.v);
		if (!ok)
			return 0;
		if (i >= len)
			return 1;
		start = i + 1;
	}
}

/* Whether every alternative of p[0..len) starts with a condition on what
 * comes before: ^ (*at_start), (?<=X) with X one character (into ps), or
 * a group of such alternatives. */
static int start_condition(const struct jumps *j, const char *p, size_t len,
			   struct pset *ps, int *at_start)
{
	for (size_t start = 0;;) {
		size_t i = alt_end(j, p, len, start);
		const char *a = p + start;
		size_t n = i - start;
		if (n >= 1 && a[0] == '^') {
			*at_start = 1;
		} else if (n >= 2 && a[0] == '(') {
			size_t e = jump(j, a, 0);
			unsigned min, max;
			if (e > n || a[e - 1] != ')' ||
			    quantifier(a, n, e, &min, &max) != e)
				return 0;
			if (e >= 5 && a[1] == '?' && a[2] == '<' && a[3] == '=') {
				if (!one_chars(j, a + 4, e - 5, ps))
					return 0;
			} else if (e >= 4 && a[1] == '?' && a[2] == ':') {
				if (!start_condition(j, a + 3, e - 4, ps, at_start))
					return 0;
			} else {
				return 0;
			}
		} else {
			return 0;
		}
		if (i >= len)
			return 1;
		start = i + 1;
	}
}

int litset_after(const char *pat, size_t len, struct litset *out, int *at_start)
{
	struct pset ps = {0};
	struct jumps j;

	memset(out, 0, sizeof *out);
	*at_start = 0;
	jumps_build(&j, pat, len);
	j.memo = NULL;
	int ok = !has_options(pat, len) && start_condition(&j, pat, len, &ps, at_start);
	free(j.to);
	pset_unique(&ps);
	for (size_t i = 0; ok && i < ps.n; i++)
		set_add(out, ps.v[i].s, ps.v[i].n);
	free(ps.v);
	if (!ok)
		litset_free(out);
	return ok && (out->n > 0 || *at_start);
}
