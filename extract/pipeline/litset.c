/* litset: necessary literals of a PCRE2 pattern, for the rule prefilter. */
#include "pipeline/litset.h"

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

/* Past the class ([...]), escape (\d) or anchor at p[i] and its
 * quantifier. */
static size_t skip_atom(const char *p, size_t len, size_t i)
{
	if (p[i] == '[') {
		size_t j = i + 1;
		if (j < len && p[j] == '^')
			j++;
		if (j < len && p[j] == ']')
			j++;
		while (j < len && p[j] != ']')
			j += p[j] == '\\' ? 2 : 1;
		i = j + 1;
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
