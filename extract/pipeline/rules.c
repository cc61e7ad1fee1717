/* rules: parse rule files, expand macros, compile the patterns with PCRE2. */
#include "pipeline/rules.h"
#include "base/fs.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdarg.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/litset.h"
#include "pipeline/normalize.h"
#include "pipeline/scan.h"
#include "base/xalloc.h"

#define MAX_MACRO_DEPTH 16

struct macro {
	char *name;
	char *pattern;
	const char *file;
	long line;
	size_t layer;
};

struct syn {
	char *text;               /* normalized synonym, or a raw regex */
	pcre2_code *re;           /* for /regex/ synonyms, anchored; else NULL */
	size_t ind;               /* index of the indicator */
	size_t len;
};

struct wordtab {
	struct word *w;
	size_t n, cap;
	char **codes;             /* code names (scope); qualifiers use a fixed list */
	size_t ncodes, capcodes;
	const char **labels;      /* per code, the first word declared (borrowed) */
	size_t nlabels;
};

/* A synonym alternation built once for a kinds list (as written; NULL:
 * every indicator) and reused by every %{IND...} that names the same
 * list: the indicators no longer change once the files are read. */
struct alt_memo {
	char *kinds;              /* NULL for all */
	size_t nkinds;
	struct buf alt;
};

struct rule_set {
	char **files;
	size_t nfiles, capfiles;
	struct macro *macros;
	size_t nmacros, capmacros;
	struct indicator *inds;
	size_t ninds, capinds;
	struct syn *syns;
	size_t nsyns, capsyns;
	struct rule *rules;
	size_t nrules, caprules;
	struct wordtab qual, scope, target;
	pcre2_code *any_ind;
	struct scan *scan;        /* the sentence prefilter, built last */
	struct litset_memo *memo; /* while the rules are compiled */
	pcre2_code *target_re;
	char **kws;               /* prefilter keywords, each once */
	size_t nkws, capkws;
	/* loading state */
	struct alt_memo *alts;    /* synonym_alt's alternations, by kinds */
	size_t nalts, capalts;
	rules_error_fn err;
	void *ctx;
	int nerr;
};

void rules_match_limits(pcre2_match_context *mc)
{
	pcre2_set_match_limit(mc, 1000000);
	pcre2_set_depth_limit(mc, 10000);
}

/* ---- errors ---- */

/* Reports an error at line/col (col in bytes from line start, converted to
 * code points) of file; src is the offending line. */
static void report(struct rule_set *rs, const char *file, long line,
		   const char *src, size_t srclen, size_t col_bytes,
		   const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void report(struct rule_set *rs, const char *file, long line,
		   const char *src, size_t srclen, size_t col_bytes,
		   const char *fmt, ...)
{
	struct diag d;
	va_list ap;

	diag_clear(&d);
	d.line = line;
	if (src) {
		if (col_bytes > srclen)
			col_bytes = srclen;
		d.col = utf8_count(src, col_bytes) + 1;
		size_t n = srclen < sizeof d.src - 1 ? srclen : sizeof d.src - 1;
		memcpy(d.src, src, n);
		d.src[n] = '\0';
		d.caret = utf8_width(src, col_bytes) + 1;
	}
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof d.msg, fmt, ap);
	va_end(ap);
	rs->nerr++;
	if (rs->err)
		rs->err(rs->ctx, file, &d);
}

/* ---- small string helpers ---- */

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static const char *trim_end(const char *p, const char *end)
{
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	return end;
}

/* Appends s[0..n) to b with PCRE2 metacharacters escaped. */
static void add_escaped(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr("\\^$.|?*+()[]{}/", s[i]) && s[i])
			buf_addc(b, '\\');
		buf_addc(b, s[i]);
	}
}

/* ---- word tables ---- */

static void wordtab_add(struct wordtab *t, const char *text, int code)
{
	VEC_GROW(t->w, t->n + 1, t->cap);
	t->w[t->n].text = xstrdup(text);
	t->w[t->n].len = strlen(text);
	t->w[t->n].code = code;
	t->w[t->n].re = NULL;
	if (code >= 0 && (size_t)code < t->ncodes) {
		if ((size_t)code >= t->nlabels) {
			t->labels = xreallocarray(t->labels, t->ncodes, sizeof *t->labels);
			for (size_t i = t->nlabels; i < t->ncodes; i++)
				t->labels[i] = NULL;
			t->nlabels = t->ncodes;
		}
		if (!t->labels[code])
			t->labels[code] = t->w[t->n].text;
	}
	t->n++;
}

static int word_cmp(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	size_t lx = x->len;

	(void)lx;
	return x->len < y->len ? 1 : x->len > y->len ? -1 : strcmp(x->text, y->text);
}

static void wordtab_free(struct wordtab *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->w[i].text);
		pcre2_code_free(t->w[i].re);
	}
	free(t->w);
	for (size_t i = 0; i < t->ncodes; i++)
		free(t->codes[i]);
	free(t->codes);
	free(t->labels);
}

/* Longest word starting at p. */
static int wordtab_at(const struct wordtab *t, const char *p, size_t n,
		      size_t *wlen)
{
	for (size_t i = 0; i < t->n; i++) {
		size_t l = t->w[i].len;
		if (l <= n && memcmp(p, t->w[i].text, l) == 0) {
			*wlen = l;
			return t->w[i].code;
		}
	}
	return -1;
}

/* The length of the text a /regex/ word matches at the end of p..p+n,
 * or 0. */
static size_t word_re_before(const pcre2_code *re, const char *p, size_t n)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	size_t l = 0;

	if (pcre2_match(re, (PCRE2_SPTR)p, n, 0, PCRE2_NO_UTF_CHECK, md,
			NULL) >= 0)
		l = n - pcre2_get_ovector_pointer(md)[0];
	pcre2_match_data_free(md);
	return l;
}

/* Longest word ending at p+n (a /regex/ word by the text it matches). */
static int wordtab_before(const struct wordtab *t, const char *p, size_t n,
			  size_t *wlen)
{
	int code = -1;

	*wlen = 0;
	for (size_t i = 0; i < t->n; i++) {
		size_t l = t->w[i].re ? word_re_before(t->w[i].re, p, n) :
			   t->w[i].len;
		if (l > *wlen && l <= n &&
		    (t->w[i].re || memcmp(p + n - l, t->w[i].text, l) == 0)) {
			*wlen = l;
			code = t->w[i].code;
		}
	}
	return code;
}

int rules_qualifier_at(const struct rule_set *rs, const char *p, size_t n,
		       size_t *wlen)
{
	return wordtab_at(&rs->qual, p, n, wlen);
}

int rules_qualifier_before(const struct rule_set *rs, const char *p, size_t n,
			   size_t *wlen)
{
	return wordtab_before(&rs->qual, p, n, wlen);
}

int rules_scope_before(const struct rule_set *rs, const char *p, size_t n,
		       size_t *wlen)
{
	return wordtab_before(&rs->scope, p, n, wlen);
}

const char *rules_scope_code(const struct rule_set *rs, int code)
{
	if (code < 0 || (size_t)code >= rs->scope.ncodes)
		return "";
	return rs->scope.codes[code];
}

const struct indicator *rules_indicator_find(const struct rule_set *rs,
					     const char *id, size_t *index)
{
	for (size_t i = 0; rs && id && i < rs->ninds; i++)
		if (strcmp(rs->inds[i].id, id) == 0) {
			if (index)
				*index = i;
			return &rs->inds[i];
		}
	return NULL;
}

const char *rules_scope_label(const struct rule_set *rs, const char *code)
{
	for (size_t i = 0; rs && code && i < rs->scope.nlabels; i++)
		if (rs->scope.labels[i] && strcmp(rs->scope.codes[i], code) == 0)
			return rs->scope.labels[i];
	return code;
}

const pcre2_code *rules_target_re(const struct rule_set *rs)
{
	return rs->target_re;
}

/* The alternation of a word table's words, longest first, escaped. */
static void wordtab_alt(const struct wordtab *t, struct buf *b)
{
	buf_adds(b, "(?:");
	for (size_t i = 0; i < t->n; i++) {
		const char *w = t->w[i].text;
		if (i)
			buf_addc(b, '|');
		if (w[0] == '/')        /* a /regex/ word */
			buf_add(b, w + 1, strlen(w) - 2);
		else
			add_escaped(b, w, strlen(w));
	}
	if (!t->n)
		buf_adds(b, "(*FAIL)");
	buf_addc(b, ')');
}

/* ---- word lists: "a | b | /re/" ---- */

/* Splits a '|' list into normalized items (a /regex/ item is kept as is,
 * slashes included).  Returns the number of items; *out is xmalloc'd. */
static size_t split_words(const char *p, const char *end, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;

	while (p < end) {
		p = skip_space(p, end);
		const char *q = p;
		if (*q == '/') {
			/* a regex item runs to the next "/ |" or the end */
			const char *r = q + 1;
			while (r < end && !(*r == '/' && (r + 1 == end ||
				skip_space(r + 1, end) == end || *skip_space(r + 1, end) == '|')))
				r++;
			q = r < end ? r + 1 : end;
		} else {
			while (q < end && *q != '|')
				q++;
		}
		const char *e = trim_end(p, q);
		if (e > p) {
			VEC_GROW(v, n + 1, cap);
			char *raw = xstrndup(p, (size_t)(e - p));
			size_t rl = strlen(raw);
			/* a /regex/ item is at least "/x/"; anything else is text */
			if (raw[0] == '/' && rl >= 3 && raw[rl - 1] == '/') {
				v[n++] = raw;
			} else {
				char *lit = norm_string(raw);
				free(raw);
				if (lit[0] == '/') {
					/* text that starts with '/' once normalized ("/"
					 * alone, " /"): a regex that matches it as it is,
					 * since a leading '/' marks regex items */
					struct buf b = {0};
					buf_addc(&b, '/');
					add_escaped(&b, lit, strlen(lit));
					buf_addc(&b, '/');
					free(lit);
					lit = b.p;
				}
				if (lit[0])
					v[n++] = lit;
				else            /* white space only: no word */
					free(lit);
			}
		}
		p = skip_space(q, end);
		if (p < end && *p == '|')
			p++;
	}
	*out = v;
	return n;
}

static void free_words(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- macros ---- */

static const struct macro *find_macro(const struct rule_set *rs,
				      const char *name, size_t n)
{
	for (size_t i = 0; i < rs->nmacros; i++)
		if (strlen(rs->macros[i].name) == n &&
		    memcmp(rs->macros[i].name, name, n) == 0)
			return &rs->macros[i];
	return NULL;
}

static int kind_in(const char *kind, const char *list, size_t n)
{
	const char *p = list, *end = list + n;

	if (strcmp(kind, "none") == 0)
		return 1;       /* neighbours are in every list (rules.h) */
	while (p < end) {
		const char *q = memchr(p, ',', (size_t)(end - p));
		if (!q)
			q = end;
		if ((size_t)(q - p) == strlen(kind) && memcmp(p, kind, (size_t)(q - p)) == 0)
			return 1;
		p = q + 1;
	}
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Emits v[0..n) (sorted, distinct, all sharing their first `depth` bytes)
 * as a character trie: 规(?:上工业(?:增加值|总产值)|...).  A word that is
 * also the start of longer ones makes the rest optional and greedy, so the
 * longest synonym still wins, and a text position that starts no synonym
 * is rejected on its first character instead of by every alternative. */
static void trie(struct buf *b, char **v, size_t n, size_t depth)
{
	int terminal = v[0][depth] == '\0';
	size_t first = terminal, groups = 0;

	for (size_t i = first; i < n;) {
		size_t cl = utf8_len((unsigned char)v[i][depth]), j = i + 1;
		while (j < n && strncmp(v[j] + depth, v[i] + depth, cl) == 0)
			j++;
		groups++;
		i = j;
	}
	if (!groups)
		return;
	int wrap = groups > 1 || terminal;
	if (wrap)
		buf_adds(b, "(?:");
	size_t g = 0;
	for (size_t i = first; i < n; g++) {
		size_t cl = utf8_len((unsigned char)v[i][depth]), j = i + 1;
		while (j < n && strncmp(v[j] + depth, v[i] + depth, cl) == 0)
			j++;
		if (g)
			buf_addc(b, '|');
		add_escaped(b, v[i] + depth, cl);
		trie(b, v + i, j - i, depth + cl);
		i = j;
	}
	if (wrap)
		buf_adds(b, terminal ? ")?" : ")");
}

/* The alternation of synonyms of the indicators whose kind is in kinds
 * (all when kinds is NULL): the literals as a trie (longest first), then
 * the /regex/ synonyms — PCRE2 takes the first alternative that matches,
 * and a regex (研发投入) must not cut a longer literal (研发投入强度) short. */
static void synonym_alt_build(const struct rule_set *rs, const char *kinds,
			      size_t nkinds, struct buf *b)
{
	char **lit = xmalloc((rs->nsyns + 1) * sizeof *lit);
	size_t nlit = 0, nre = 0;

	for (size_t i = 0; i < rs->nsyns; i++)
		if (!kinds || kind_in(rs->inds[rs->syns[i].ind].kind, kinds, nkinds)) {
			if (rs->syns[i].text[0] == '/')
				nre++;
			else
				lit[nlit++] = rs->syns[i].text;
		}
	if (nlit > 1)
		qsort(lit, nlit, sizeof *lit, str_cmp);
	size_t k = 0;
	for (size_t i = 0; i < nlit; i++)       /* drop duplicates */
		if (!k || strcmp(lit[k - 1], lit[i]) != 0)
			lit[k++] = lit[i];
	nlit = k;
	buf_adds(b, "(?:");
	if (nlit)
		trie(b, lit, nlit, 0);
	int any = nlit > 0;
	for (size_t i = 0; i < rs->nsyns; i++) {
		const char *t = rs->syns[i].text;
		if (t[0] != '/' ||
		    !(!kinds || kind_in(rs->inds[rs->syns[i].ind].kind, kinds, nkinds)))
			continue;
		if (any)
			buf_addc(b, '|');
		any = 1;
		buf_add(b, t + 1, strlen(t) - 2);
	}
	if (!nlit && !nre)
		buf_adds(b, "(*FAIL)");
	buf_addc(b, ')');
	free(lit);
}

/* synonym_alt_build's alternation for kinds, appended to b: built on the
 * first request of a kinds list, then copied from rs->alts (a rule file
 * expands %{IND...} dozens of times over the same few lists). */
static void synonym_alt(struct rule_set *rs, const char *kinds, size_t nkinds,
			struct buf *b)
{
	for (size_t i = 0; i < rs->nalts; i++) {
		const struct alt_memo *m = &rs->alts[i];
		if ((!m->kinds) == (!kinds) && m->nkinds == nkinds &&
		    (!kinds || memcmp(m->kinds, kinds, nkinds) == 0)) {
			buf_add(b, m->alt.p, m->alt.len);
			return;
		}
	}
	VEC_GROW(rs->alts, rs->nalts + 1, rs->capalts);
	struct alt_memo *m = &rs->alts[rs->nalts++];
	*m = (struct alt_memo){.kinds = kinds ? xstrndup(kinds, nkinds) : NULL,
			       .nkinds = nkinds};
	synonym_alt_build(rs, kinds, nkinds, &m->alt);
	buf_add(b, m->alt.p, m->alt.len);
}

/* Forgets the alternations (once every pattern is expanded). */
static void synonym_alt_clear(struct rule_set *rs)
{
	for (size_t i = 0; i < rs->nalts; i++) {
		free(rs->alts[i].kinds);
		buf_free(&rs->alts[i].alt);
	}
	free(rs->alts);
	rs->alts = NULL;
	rs->nalts = rs->capalts = 0;
}

struct expand {
	struct rule_set *rs;
	struct buf out;
	size_t *src;              /* for each output byte, offset in the top pattern */
	size_t cap;
	const char *file;
	long line;
	const char *linetext;     /* the rule file line, for messages */
	size_t linelen;
	size_t base;              /* offset of the pattern in that line */
	int failed;
};

#define MAX_EXPANDED (1u << 20)   /* bytes of a pattern after expansion */

static void emit_bytes(struct expand *x, const char *p, size_t n, size_t at)
{
	if (x->failed)
		return;
	if (x->out.len + n > MAX_EXPANDED) {
		report(x->rs, x->file, x->line, x->linetext, x->linelen, x->base,
		       "the pattern is over %u bytes once its macros are expanded",
		       MAX_EXPANDED);
		x->failed = 1;
		return;
	}
	buf_add(&x->out, p, n);
	VEC_GROW(x->src, x->out.len, x->cap);
	for (size_t i = x->out.len - n; i < x->out.len; i++)
		x->src[i] = at;
}

/* The kinds of the indicators, each once, as "a, b, c" into b. */
static void known_kinds(const struct rule_set *rs, struct buf *b)
{
	for (size_t i = 0; i < rs->ninds; i++) {
		size_t j = 0;
		while (j < i && strcmp(rs->inds[j].kind, rs->inds[i].kind) != 0)
			j++;
		if (j == i)
			buf_printf(b, "%s%s", b->len ? ", " : "", rs->inds[i].kind);
	}
}

/* Every kind of the list k[0..n) ("money,rate") is the kind of some
 * indicator: 1, else 0 after reporting the first that is not, with the
 * kinds there are. */
static int kinds_known(struct expand *x, const char *k, size_t n, size_t at)
{
	const struct rule_set *rs = x->rs;

	for (const char *p = k, *end = k + n; p < end;) {
		const char *q = memchr(p, ',', (size_t)(end - p));
		if (!q)
			q = end;
		size_t i = 0;
		while (i < rs->ninds && !((size_t)(q - p) == strlen(rs->inds[i].kind) &&
					  memcmp(p, rs->inds[i].kind, (size_t)(q - p)) == 0))
			i++;
		if (i == rs->ninds) {
			struct buf b = {0};
			known_kinds(rs, &b);
			report(x->rs, x->file, x->line, x->linetext, x->linelen,
			       x->base + at, "unknown indicator kind '%.*s' (kinds: %s)",
			       (int)(q - p), p, b.p ? b.p : "none declared");
			buf_free(&b);
			return 0;
		}
		p = q + 1;
	}
	return 1;
}

/* Expands p[0..n); top_at is the offset in the top-level pattern to charge
 * bytes to when depth > 0. */
static void expand(struct expand *x, const char *p, size_t n, int depth,
		   size_t top_at, const char **stack)
{
	size_t i = 0;

	while (i < n && !x->failed) {
		size_t at = depth ? top_at : i;
		if (p[i] == '\\' && i + 1 < n) {
			emit_bytes(x, p + i, 2, at);
			i += 2;
			continue;
		}
		if (!(p[i] == '%' && i + 1 < n && p[i + 1] == '{')) {
			/* in a macro every byte is charged to top_at: the run up
			 * to the next escape or macro goes at once */
			size_t j = i + 1;
			while (depth && j < n && p[j] != '\\' && p[j] != '%')
				j++;
			emit_bytes(x, p + i, j - i, at);
			i = j;
			continue;
		}
		const char *name = p + i + 2;
		const char *close = memchr(name, '}', n - i - 2);
		if (!close) {
			report(x->rs, x->file, x->line, x->linetext, x->linelen,
			       x->base + at, "unterminated macro reference '%%{'");
			x->failed = 1;
			return;
		}
		const char *colon = memchr(name, ':', (size_t)(close - name));
		size_t nlen = (size_t)((colon ? colon : close) - name);
		const char *arg = colon ? colon + 1 : NULL;
		size_t alen = colon ? (size_t)(close - colon - 1) : 0;
		struct buf tmp = {0};
		int is_ind = (nlen == 3 && memcmp(name, "IND", 3) == 0) ||
			     (nlen == 4 && memcmp(name, "INDS", 4) == 0);
		if (is_ind && arg && !kinds_known(x, arg, alen, at)) {
			x->failed = 1;
			return;
		}
		if (nlen == 3 && memcmp(name, "IND", 3) == 0) {
			buf_adds(&tmp, "(?<ind>");
			synonym_alt(x->rs, arg, alen, &tmp);
			buf_addc(&tmp, ')');
		} else if (nlen == 4 && memcmp(name, "INDS", 4) == 0) {
			struct buf one = {0};
			synonym_alt(x->rs, arg, alen, &one);
			/* (?<ind>ONE(?:(?:、|和|及|与|以及|,)ONE)*) */
			buf_adds(&tmp, "(?<ind>");
			buf_add(&tmp, one.p, one.len);
			buf_adds(&tmp, "(?:(?:、|和|及|与|以及|,)");
			buf_add(&tmp, one.p, one.len);
			buf_adds(&tmp, ")*)");
			buf_free(&one);
		} else if (nlen == 4 && memcmp(name, "QUAL", 4) == 0) {
			wordtab_alt(&x->rs->qual, &tmp);
		} else if (nlen == 5 && memcmp(name, "SCOPE", 5) == 0) {
			wordtab_alt(&x->rs->scope, &tmp);
		} else if (nlen == 6 && memcmp(name, "TARGET", 6) == 0) {
			wordtab_alt(&x->rs->target, &tmp);
		} else {
			const struct macro *m = find_macro(x->rs, name, nlen);
			if (!m) {
				report(x->rs, x->file, x->line, x->linetext,
				       x->linelen, x->base + at,
				       "unknown macro '%.*s'", (int)nlen, name);
				x->failed = 1;
				return;
			}
			for (int d = 0; d < depth; d++)
				if (stack[d] == m->name) {
					report(x->rs, x->file, x->line, x->linetext,
					       x->linelen, x->base + at,
					       "macro '%s' refers to itself", m->name);
					x->failed = 1;
					return;
				}
			if (depth >= MAX_MACRO_DEPTH) {
				report(x->rs, x->file, x->line, x->linetext,
				       x->linelen, x->base + at,
				       "macros nested more than %d deep",
				       MAX_MACRO_DEPTH);
				x->failed = 1;
				return;
			}
			stack[depth] = m->name;
			buf_adds(&tmp, "(?:");
			size_t before = x->out.len;
			(void)before;
			emit_bytes(x, tmp.p, tmp.len, at);
			buf_free(&tmp);
			expand(x, m->pattern, strlen(m->pattern), depth + 1, at, stack);
			emit_bytes(x, ")", 1, at);
			i = (size_t)(close - p) + 1;
			continue;
		}
		emit_bytes(x, tmp.p, tmp.len, at);
		buf_free(&tmp);
		i = (size_t)(close - p) + 1;
	}
}

/* ---- compiling ---- */

/* A code's JIT compilation, done by the first thread to match it.
 * PCRE2 forbids matching a code while pcre2_jit_compile works on it, so
 * the others wait on mu; once done is set, nobody locks again. */
struct jit_once {
	atomic_int done;
	pthread_mutex_t mu;
};

static void jit_once_init(struct jit_once *j)
{
	atomic_init(&j->done, 0);
	if (pthread_mutex_init(&j->mu, NULL) != 0)
		xalloc_die(0);
}

static void jit_once_destroy(struct jit_once *j)
{
	pthread_mutex_destroy(&j->mu);
}

/* re, JIT-compiled once (a failed JIT compile falls back to the
 * interpreter, as before). */
static const pcre2_code *jit_once(struct jit_once *j, pcre2_code *re)
{
	if (atomic_load_explicit(&j->done, memory_order_acquire))
		return re;
	pthread_mutex_lock(&j->mu);
	if (!atomic_load_explicit(&j->done, memory_order_relaxed)) {
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
		atomic_store_explicit(&j->done, 1, memory_order_release);
	}
	pthread_mutex_unlock(&j->mu);
	return re;
}

const pcre2_code *rules_pattern(const struct rule *r, size_t k)
{
	return jit_once(&r->jit[k], r->re[k]);
}

/* Compiles pat without JIT (rule patterns: rules_pattern does it), or
 * reports PCRE2's error at its place in the rule file and returns NULL. */
static pcre2_code *compile_nojit(struct rule_set *rs, const char *pat,
				 size_t len, uint32_t flags, const char *file,
				 long line, const char *linetext,
				 size_t linelen, size_t base,
				 const size_t *srcmap)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len,
				       PCRE2_UTF | PCRE2_NO_UTF_CHECK | flags,
				       &errcode, &erroff, NULL);

	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		size_t at = srcmap ? (erroff < len ? srcmap[erroff] :
				      (len ? srcmap[len - 1] + 1 : 0)) : erroff;
		report(rs, file, line, linetext, linelen, base + at,
		       "%s (PCRE2 error %d at offset %zu of the expanded pattern)",
		       (const char *)msg, errcode, (size_t)erroff);
		return NULL;
	}
	return re;
}

/* compile_nojit, then JIT. */
static pcre2_code *compile(struct rule_set *rs, const char *pat, size_t len,
			   uint32_t flags, const char *file, long line,
			   const char *linetext, size_t linelen, size_t base,
			   const size_t *srcmap)
{
	pcre2_code *re = compile_nojit(rs, pat, len, flags, file, line,
				       linetext, linelen, base, srcmap);

	if (re)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);  /* falls back to the interpreter */
	return re;
}

static int group_number(const pcre2_code *re, const char *name)
{
	return pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
}

/* ---- parsing ---- */

struct pending_pattern {
	char *text;
	long line;
	char *linetext;
	size_t base;
};

struct pending_rule {
	struct rule r;
	struct pending_pattern *pat;
	size_t npat, cappat;
	int bad, bad_measure, bad_unit;
	size_t layer;
};

static struct example *add_example(struct example **v, size_t *n,
				   const char *file, long line,
				   const char *p, const char *end)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	struct example *e = &(*v)[(*n)++];
	const char *arrow = NULL;
	for (const char *q = p; q + 1 < end; q++)
		if (q[0] == '=' && q[1] == '>') {
			arrow = q;
			break;
		}
	e->file = file;
	e->line = line;
	char *t = xstrndup(p, (size_t)((arrow ? trim_end(p, arrow) : end) - p));
	e->text = norm_string(t);
	free(t);
	if (arrow) {
		const char *x = skip_space(arrow + 2, end);
		e->expect = xstrndup(x, (size_t)(end - x));
	} else {
		e->expect = NULL;
	}
	return e;
}

static void free_examples(struct example *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].expect);
	}
	free(v);
}

static void free_indicator(struct indicator *ind)
{
	free(ind->id);
	free(ind->kind);
	free(ind->display);
	free_examples(ind->ex, ind->nex);
}

/* A rule not compiled yet (a later layer replaces it). */
static void free_pending(struct pending_rule *pr)
{
	free(pr->r.id);
	free_examples(pr->r.ex, pr->r.nex);
	for (size_t i = 0; i < pr->npat; i++) {
		free(pr->pat[i].text);
		free(pr->pat[i].linetext);
	}
	free(pr->pat);
}

static int valid_id(const char *p, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)p[i]) || p[i] == '_' || p[i] == '.' ||
		      p[i] == '-'))
			return 0;
	return 1;
}

static const char *intern_file(struct rule_set *rs, const char *path)
{
	VEC_GROW(rs->files, rs->nfiles + 1, rs->capfiles);
	rs->files[rs->nfiles] = xstrdup(path);
	return rs->files[rs->nfiles++];
}

static int read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char tmp[8192];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(b, tmp, n);
	int bad = ferror(f);
	fclose(f);
	if (!b->p)
		buf_add(b, "", 0);
	return bad ? -1 : 0;
}

static void finish_rule(struct rule_set *rs, struct pending_rule *pr);

/* ---- one rule file, statement by statement ----
 *
 * A line is a stanza header at column 1 (KEYWORD ...: the statements
 * table) or an indented "key: value" of the stanza above (the keys
 * table).  Each kind of statement and each key has its handler. */

/* What the indented lines below belong to.  SKIP: the body of a statement
 * whose header was bad (reported once). */
enum stanza { IN_NONE, IN_IND = 1, IN_RULE = 2, IN_SKIP = 4 };

struct parser {
	struct rule_set *rs;
	const char *file;
	struct pending_rule **prs;
	size_t *nprs;
	enum stanza cur;
	struct pending_rule *pr;  /* the rule of IN_RULE */
	size_t ind;               /* the indicator of IN_IND */
	size_t layer;             /* of the rules path being read (0 first) */
	long line;
	const char *ls;           /* the line, trailing blanks trimmed */
	size_t linelen;
};

/* Reports an error at byte p of the current line. */
#define PERR(ps, p, ...) \
	report((ps)->rs, (ps)->file, (ps)->line, (ps)->ls, (ps)->linelen, \
	       (size_t)((p) - (ps)->ls), __VA_ARGS__)

/* Adds the synonyms of list v..end to indicator ind. */
static void add_synonyms(struct rule_set *rs, size_t ind, const char *v,
			 const char *end)
{
	char **w;
	size_t n = split_words(v, end, &w);

	VEC_GROW(rs->syns, rs->nsyns + n, rs->capsyns);
	for (size_t i = 0; i < n; i++)
		rs->syns[rs->nsyns++] = (struct syn){w[i], NULL, ind, strlen(w[i])};
	free(w);
}

/* Drops the synonyms of indicator ind (a later layer replaces it). */
static void drop_synonyms(struct rule_set *rs, size_t ind)
{
	size_t k = 0;

	for (size_t i = 0; i < rs->nsyns; i++) {
		if (rs->syns[i].ind == ind) {
			free(rs->syns[i].text);
			continue;
		}
		rs->syns[k++] = rs->syns[i];
	}
	rs->nsyns = k;
}

/* The keys; v..end is the value. */

static void key_example(struct parser *ps, const char *v, const char *end)
{
	if (ps->cur == IN_IND) {
		struct indicator *ind = &ps->rs->inds[ps->ind];
		add_example(&ind->ex, &ind->nex, ps->file, ps->line, v, end);
	} else {
		add_example(&ps->pr->r.ex, &ps->pr->r.nex, ps->file, ps->line, v,
			    end);
	}
}

static void key_names(struct parser *ps, const char *v, const char *end)
{
	add_synonyms(ps->rs, ps->ind, v, end);
}

static void key_display(struct parser *ps, const char *v, const char *end)
{
	struct indicator *ind = &ps->rs->inds[ps->ind];
	const char *ve = trim_end(v, end);

	if (ve == v || memchr(v, ' ', (size_t)(ve - v)) || ve - v > 32) {
		PERR(ps, v, "display takes one unit word (亿元, 万元, 元, or a classifier such as 家)");
		return;
	}
	free(ind->display);
	ind->display = xstrndup(v, (size_t)(ve - v));
}

static void key_measure(struct parser *ps, const char *v, const char *end)
{
	char *s = xstrndup(v, (size_t)(end - v));
	int m = measure_from_name(s);

	if (m < 0) {
		PERR(ps, v, "unknown measure '%s' (level, growth, share, rank, change, rate)", s);
		ps->pr->bad = ps->pr->bad_measure = 1;
	} else {
		ps->pr->r.measure = (enum measure)m;
	}
	free(s);
}

static void key_unit(struct parser *ps, const char *v, const char *end)
{
	char *s = xstrndup(v, (size_t)(end - v));
	int u = unit_from_name(s);

	if (u <= 0) {
		PERR(ps, v, "unknown unit '%s' (CNY, percent, pp, rank, count)", s);
		ps->pr->bad = ps->pr->bad_unit = 1;
	} else {
		ps->pr->r.unit = (enum unit)u;
	}
	free(s);
}

static void key_sign(struct parser *ps, const char *v, const char *end)
{
	if (end - v == 1 && (*v == '-' || *v == '+')) {
		ps->pr->r.sign = *v == '-' ? -1 : 1;
	} else {
		PERR(ps, v, "sign is '+' or '-'");
		ps->pr->bad = 1;
	}
}

static void key_multiply(struct parser *ps, const char *v, const char *end)
{
	/* 1, 10, 100 ...: the power of ten */
	if (end - v >= 1 && *v == '1' &&
	    strspn(v + 1, "0") == (size_t)(end - v - 1)) {
		ps->pr->r.scale = (int)(end - v - 1);
	} else {
		PERR(ps, v, "multiply takes 1, 10, 100, ...");
		ps->pr->bad = 1;
	}
}

static void key_subject(struct parser *ps, const char *v, const char *end)
{
	if (end - v == 4 && memcmp(v, "each", 4) == 0) {
		ps->pr->r.subject = SUBJECT_EACH;
	} else if (end - v == 4 && memcmp(v, "last", 4) == 0) {
		ps->pr->r.subject = SUBJECT_LAST;
	} else {
		PERR(ps, v, "subject is 'last' or 'each'");
		ps->pr->bad = 1;
	}
}

static void key_status(struct parser *ps, const char *v, const char *end)
{
	if (end - v == 6 && memcmp(v, "target", 6) == 0) {
		ps->pr->r.goal = 1;
	} else if (end - v == 6 && memcmp(v, "actual", 6) == 0) {
		ps->pr->r.goal = 0;
	} else {
		PERR(ps, v, "status is 'target' or 'actual'");
		ps->pr->bad = 1;
	}
}

static void key_pattern(struct parser *ps, const char *v, const char *end)
{
	struct pending_rule *pr = ps->pr;

	VEC_GROW(pr->pat, pr->npat + 1, pr->cappat);
	pr->pat[pr->npat++] = (struct pending_pattern){
		xstrndup(v, (size_t)(end - v)), ps->line,
		xstrndup(ps->ls, ps->linelen), (size_t)(v - ps->ls)};
}

static const struct key_handler {
	const char *key;
	int in;                   /* the stanzas it belongs to (enum stanza) */
	void (*fn)(struct parser *ps, const char *v, const char *end);
} keys[] = {
	{"example", IN_IND | IN_RULE, key_example},
	{"names", IN_IND, key_names},
	{"display", IN_IND, key_display},
	{"measure", IN_RULE, key_measure},
	{"unit", IN_RULE, key_unit},
	{"sign", IN_RULE, key_sign},
	{"multiply", IN_RULE, key_multiply},
	{"subject", IN_RULE, key_subject},
	{"status", IN_RULE, key_status},
	{"pattern", IN_RULE, key_pattern},
};

/* An indented "key: value" line; q is its first non-blank byte. */
static void parse_key(struct parser *ps, const char *q)
{
	const char *le = ps->ls + ps->linelen;
	const char *colon = memchr(q, ':', (size_t)(le - q));

	if (ps->cur == IN_SKIP)
		return;
	if (!colon || ps->cur == IN_NONE) {
		PERR(ps, q, ps->cur == IN_NONE ? "indented line outside an indicator or rule"
					       : "expected 'key: value'");
		return;
	}
	size_t klen = (size_t)(trim_end(q, colon) - q);
	const char *v = skip_space(colon + 1, le);
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if ((keys[i].in & (int)ps->cur) && strlen(keys[i].key) == klen &&
		    memcmp(keys[i].key, q, klen) == 0) {
			keys[i].fn(ps, v, le);
			return;
		}
	PERR(ps, q, "unknown key '%.*s' in %s", (int)klen, q,
	     ps->cur == IN_IND ? "an indicator" : "a rule");
	if (ps->cur == IN_RULE)
		ps->pr->bad = 1;
}

/* The statements.  A header "KEYWORD NAME = VALUE" is handed over split:
 * name..name_end and val..end (rule has no '=': name..end is its id).
 * Each returns the stanza its indented lines belong to. */

static enum stanza stmt_rule(struct parser *ps, const char *id,
			     const char *id_end, const char *val,
			     const char *end)
{
	struct pending_rule **prs = ps->prs;
	size_t n = (size_t)(id_end - id);

	(void)val;
	(void)end;
	if (!valid_id(id, n)) {
		PERR(ps, id, "a rule needs an id of letters, digits, '_', '.', '-'");
		return IN_SKIP;
	}
	struct pending_rule *pr = NULL;
	for (size_t i = 0; i < *ps->nprs && !pr; i++)
		if (strlen((*prs)[i].r.id) == n && memcmp((*prs)[i].r.id, id, n) == 0)
			pr = &(*prs)[i];
	if (pr && pr->layer == ps->layer) {
		PERR(ps, id, "duplicate rule id '%.*s' (first at %s:%ld)",
		     (int)n, id, pr->r.file, pr->r.line);
		return IN_SKIP;
	}
	if (pr) {
		/* a later layer replaces the rule, in its place */
		free_pending(pr);
	} else {
		*prs = xrealloc(*prs, (*ps->nprs + 1) * sizeof **prs);
		pr = &(*prs)[(*ps->nprs)++];
	}
	memset(pr, 0, sizeof *pr);
	pr->layer = ps->layer;
	pr->r.id = xstrndup(id, n);
	pr->r.file = ps->file;
	pr->r.line = ps->line;
	pr->r.sign = 1;
	pr->r.measure = (enum measure)-1;
	ps->pr = pr;
	return IN_RULE;
}

static enum stanza stmt_macro(struct parser *ps, const char *name,
			      const char *name_end, const char *val,
			      const char *end)
{
	static const char *const builtin[] = {"IND", "INDS", "QUAL", "SCOPE", "TARGET"};
	struct rule_set *rs = ps->rs;
	size_t n = (size_t)(name_end - name);

	if (!valid_id(name, n)) {
		PERR(ps, name, "a macro name is letters, digits and '_'");
		return IN_SKIP;
	}
	for (size_t i = 0; i < sizeof builtin / sizeof *builtin; i++)
		if (strlen(builtin[i]) == n && memcmp(builtin[i], name, n) == 0) {
			PERR(ps, name, "'%.*s' is a built-in macro", (int)n, name);
			return IN_SKIP;
		}
	struct macro *m = (struct macro *)find_macro(rs, name, n);
	if (m && m->layer == ps->layer) {
		PERR(ps, name, "macro '%.*s' defined twice", (int)n, name);
		return IN_SKIP;
	}
	if (m) {
		/* a later layer replaces the macro */
		free(m->pattern);
		m->pattern = xstrndup(val, (size_t)(end - val));
		m->file = ps->file;
		m->line = ps->line;
		m->layer = ps->layer;
		return IN_NONE;
	}
	VEC_GROW(rs->macros, rs->nmacros + 1, rs->capmacros);
	rs->macros[rs->nmacros++] = (struct macro){
		xstrndup(name, n), xstrndup(val, (size_t)(end - val)), ps->file,
		ps->line, ps->layer};
	return IN_NONE;
}

/* The code of a word table's statement (scope CODE, qualifier CODE,
 * status target), or -1 reported. */
static int word_code(struct parser *ps, struct wordtab *t, const char *name,
		     const char *code)
{
	struct rule_set *rs = ps->rs;

	if (t == &rs->qual) {
		int c = qualifier_index(code);
		if (c >= 0)
			return c;
		PERR(ps, name, "unknown qualifier '%s' (>=, >, ~, <=)", code);
		return -1;
	}
	if (t == &rs->target) {
		if (strcmp(code, "target") == 0)
			return 0;
		PERR(ps, name, "only 'status target = ...' is declared (actual is the default)");
		return -1;
	}
	for (size_t i = 0; i < t->ncodes; i++)
		if (strcmp(t->codes[i], code) == 0)
			return (int)i;
	VEC_GROW(t->codes, t->ncodes + 1, t->capcodes);
	t->codes[t->ncodes] = xstrdup(code);
	return (int)t->ncodes++;
}

/* A /regex/ word compiled to match at the end of a text (a scope right
 * before its rank: 全省16个州(市)第2位), or NULL reported. */
static pcre2_code *compile_word(struct parser *ps, const char *at,
				const char *w)
{
	struct buf b = {0};
	int errcode;
	PCRE2_SIZE erroff;

	buf_adds(&b, "(?:");
	buf_add(&b, w + 1, strlen(w) - 2);
	buf_adds(&b, ")\\z");
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)b.p, b.len,
				       PCRE2_UTF | PCRE2_NO_UTF_CHECK,
				       &errcode, &erroff, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		PERR(ps, at, "word %s: %s", w, (const char *)msg);
	} else {
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	}
	buf_free(&b);
	return re;
}

static enum stanza add_words(struct parser *ps, struct wordtab *t,
			     const char *name, const char *name_end,
			     const char *val, const char *end)
{
	char *code = xstrndup(name, (size_t)(name_end - name));
	int c = word_code(ps, t, name, code);

	free(code);
	if (c < 0)
		return IN_SKIP;
	char **w;
	size_t n = split_words(val, end, &w);
	for (size_t i = 0; i < n; i++) {
		wordtab_add(t, w[i], c);
		if (w[i][0] == '/')
			t->w[t->n - 1].re = compile_word(ps, name, w[i]);
	}
	free_words(w, n);
	return IN_NONE;
}

static enum stanza stmt_scope(struct parser *ps, const char *name,
			      const char *name_end, const char *val,
			      const char *end)
{
	return add_words(ps, &ps->rs->scope, name, name_end, val, end);
}

static enum stanza stmt_qualifier(struct parser *ps, const char *name,
				  const char *name_end, const char *val,
				  const char *end)
{
	return add_words(ps, &ps->rs->qual, name, name_end, val, end);
}

static enum stanza stmt_status(struct parser *ps, const char *name,
			       const char *name_end, const char *val,
			       const char *end)
{
	return add_words(ps, &ps->rs->target, name, name_end, val, end);
}

static enum stanza stmt_indicator(struct parser *ps, const char *name,
				  const char *name_end, const char *val,
				  const char *end)
{
	struct rule_set *rs = ps->rs;
	const char *id = name, *id_end = name;

	while (id_end < name_end && *id_end != ' ' && *id_end != '\t')
		id_end++;
	size_t n = (size_t)(id_end - id);
	const char *kind = skip_space(id_end, name_end);
	if (!valid_id(id, n) || kind == name_end) {
		PERR(ps, name, "expected 'indicator ID KIND = names'");
		return IN_SKIP;
	}
	struct indicator *ind = NULL;
	for (size_t i = 0; i < rs->ninds && !ind; i++)
		if (strlen(rs->inds[i].id) == n && memcmp(rs->inds[i].id, id, n) == 0)
			ind = &rs->inds[i];
	if (ind && ind->layer == ps->layer) {
		PERR(ps, id, "indicator '%.*s' declared twice (first at %s:%ld)",
		     (int)n, id, ind->file, ind->line);
		return IN_SKIP;
	}
	if (ind) {
		/* a later layer replaces the indicator, in its place */
		drop_synonyms(rs, (size_t)(ind - rs->inds));
		free_indicator(ind);
	} else {
		VEC_GROW(rs->inds, rs->ninds + 1, rs->capinds);
		ind = &rs->inds[rs->ninds++];
	}
	memset(ind, 0, sizeof *ind);
	ind->layer = ps->layer;
	ps->ind = (size_t)(ind - rs->inds);
	ind->id = xstrndup(id, n);
	ind->kind = xstrndup(kind, (size_t)(name_end - kind));
	ind->neighbour = strcmp(ind->kind, "none") == 0;
	ind->file = ps->file;
	ind->line = ps->line;
	add_synonyms(rs, ps->ind, val, end);
	return IN_IND;
}

static const struct stmt_handler {
	const char *keyword;
	int needs_eq;             /* "KEYWORD NAME = VALUE" */
	enum stanza (*fn)(struct parser *ps, const char *name,
			  const char *name_end, const char *val,
			  const char *end);
} statements[] = {
	{"macro", 1, stmt_macro},
	{"scope", 1, stmt_scope},
	{"qualifier", 1, stmt_qualifier},
	{"status", 1, stmt_status},
	{"indicator", 1, stmt_indicator},
	{"rule", 0, stmt_rule},
};
#define NSTATEMENTS (sizeof statements / sizeof *statements)

/* "(macro, scope, qualifier, status, indicator, rule)" */
static void statement_list(char *s, size_t n)
{
	size_t at = 0;

	for (size_t i = 0; i < NSTATEMENTS && at < n; i++)
		at += (size_t)snprintf(s + at, n - at, "%s%s", i ? ", " : "(",
				       statements[i].keyword);
	if (at < n)
		snprintf(s + at, n - at, ")");
}

/* The '=' of "NAME = VALUE" in q..le, or NULL; qualifier names contain
 * '=' themselves (>=), so a blank-surrounded one wins. */
static const char *find_eq(const char *q, const char *le)
{
	for (const char *e = q; e + 2 < le; e++)
		if (e[0] == ' ' && e[1] == '=' && (e[2] == ' ' || e[2] == '\t'))
			return e + 1;
	return q < le ? memchr(q, '=', (size_t)(le - q)) : NULL;
}

/* A stanza header at column 1. */
static void parse_statement(struct parser *ps)
{
	const char *kw = ps->ls, *le = ps->ls + ps->linelen, *q = kw;
	char list[128];

	while (q < le && *q != ' ' && *q != '\t')
		q++;
	size_t kwlen = (size_t)(q - kw);
	q = skip_space(q, le);
	const struct stmt_handler *h = NULL;
	for (size_t i = 0; i < NSTATEMENTS && !h; i++)
		if (strlen(statements[i].keyword) == kwlen &&
		    memcmp(statements[i].keyword, kw, kwlen) == 0)
			h = &statements[i];
	ps->cur = IN_SKIP;        /* until the header proves good */
	statement_list(list, sizeof list);
	if (h && !h->needs_eq) {
		ps->cur = h->fn(ps, q, le, le, le);
		return;
	}
	const char *eq = find_eq(q, le);
	if (!eq) {
		if (h)
			PERR(ps, kw, "expected '=' after the name");
		else
			PERR(ps, kw, "unknown statement %s", list);
		return;
	}
	if (!h) {
		PERR(ps, kw, "unknown statement '%.*s' %s", (int)kwlen, kw, list);
		return;
	}
	ps->cur = h->fn(ps, q, trim_end(q, eq), skip_space(eq + 1, le), le);
}

/* Reports a rule file that cannot be read. */
static void report_unreadable(struct rule_set *rs, const char *file)
{
	struct diag d;

	diag_clear(&d);
	diag_set(&d, "cannot read rule file: %s", strerror(errno));
	rs->nerr++;
	if (rs->err)
		rs->err(rs->ctx, file, &d);
}

/* Parses one rule file into rs; rules are collected in *prs for compiling
 * once every file (and so every macro and indicator) is known. */
static void parse_file(struct rule_set *rs, const char *path, size_t layer,
		       struct pending_rule **prs, size_t *nprs)
{
	struct buf b = {0};
	struct parser ps = {.rs = rs, .file = intern_file(rs, path), .prs = prs,
			    .nprs = nprs, .cur = IN_NONE, .layer = layer};

	if (read_file(path, &b) < 0) {
		report_unreadable(rs, ps.file);
		buf_free(&b);
		return;
	}
	const char *p = b.p, *end = b.p + b.len;
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *le = trim_end(p, eol);
		ps.ls = p;
		ps.linelen = (size_t)(le - p);
		ps.line++;
		p = eol + 1;
		const char *q = skip_space(ps.ls, le);
		size_t bad_at;
		if (q == le || *q == '#')
			continue;
		if (!utf8_valid(ps.ls, ps.linelen, &bad_at)) {
			/* the line shown stops before the bad byte */
			report(rs, ps.file, ps.line, ps.ls, bad_at, bad_at,
			       "invalid UTF-8 (byte 0x%02X); rule files are UTF-8",
			       (unsigned char)ps.ls[bad_at]);
			ps.cur = IN_SKIP;
		} else if (q > ps.ls) {
			parse_key(&ps, q);
		} else {
			parse_statement(&ps);
		}
	}
	buf_free(&b);
}

/* litset_macro_fn: the pattern of a user macro; built-ins have none. */
static const char *macro_body(void *ctx, const char *name, size_t n)
{
	const struct macro *m = find_macro(ctx, name, n);

	return m ? m->pattern : NULL;
}

static size_t keyword_id(struct rule_set *rs, const char *w)
{
	for (size_t i = 0; i < rs->nkws; i++)
		if (strcmp(rs->kws[i], w) == 0)
			return i;
	VEC_GROW(rs->kws, rs->nkws + 1, rs->capkws);
	rs->kws[rs->nkws] = xstrdup(w);
	return rs->nkws++;
}

/* The prefilter keywords of pattern text (before expansion) into r. */
static void pattern_keywords(struct rule_set *rs, struct rule *r, size_t k,
			     const char *text)
{
	struct litset ls;

	r->kw[k] = NULL;
	r->nkw[k] = 0;
	if (!litset_of(text, strlen(text), macro_body, rs, &ls))
		return;
	r->kw[k] = xcalloc(ls.n, sizeof **r->kw);
	for (size_t i = 0; i < ls.n; i++)
		r->kw[k][i] = keyword_id(rs, ls.lit[i]);
	r->nkw[k] = ls.n;
	litset_free(&ls);
}

size_t rules_keyword_count(const struct rule_set *rs)
{
	return rs->nkws;
}


const char *rules_keyword(const struct rule_set *rs, size_t i)
{
	return rs->kws[i];
}

/* Where the matches of an expanded pattern can start. */
static void pattern_starts(struct rule_set *rs, const char *p, size_t n,
			   struct pattern_starts *st)
{
	if (litset_prefixes_memo(p, n, rs->memo, &st->lit))
		return;
	st->after = litset_after(p, n, &st->lit, &st->at_start);
}

static void finish_rule(struct rule_set *rs, struct pending_rule *pr)
{
	struct rule *r = &pr->r;

	/* (a measure or unit that was there but wrong is reported already) */
	if ((int)r->measure < 0 && !pr->bad_measure) {
		report(rs, r->file, r->line, NULL, 0, 0, "rule '%s' has no measure", r->id);
		pr->bad = 1;
	}
	if (r->unit == UNIT_NONE && !pr->bad_unit) {
		report(rs, r->file, r->line, NULL, 0, 0, "rule '%s' has no unit", r->id);
		pr->bad = 1;
	}
	if (!pr->npat) {
		report(rs, r->file, r->line, NULL, 0, 0, "rule '%s' has no pattern", r->id);
		pr->bad = 1;
	}
	r->re = xcalloc(pr->npat ? pr->npat : 1, sizeof *r->re);
	r->kw = xcalloc(pr->npat ? pr->npat : 1, sizeof *r->kw);
	r->nkw = xcalloc(pr->npat ? pr->npat : 1, sizeof *r->nkw);
	r->jit = xcalloc(pr->npat ? pr->npat : 1, sizeof *r->jit);
	r->starts = xcalloc(pr->npat ? pr->npat : 1, sizeof *r->starts);
	int ind_seen = -1;
	for (size_t i = 0; i < pr->npat; i++) {
		struct pending_pattern *pp = &pr->pat[i];
		const char *stack[MAX_MACRO_DEPTH];
		struct expand x = {.rs = rs, .file = r->file, .line = pp->line,
				   .linetext = pp->linetext, .linelen = strlen(pp->linetext),
				   .base = pp->base};
		expand(&x, pp->text, strlen(pp->text), 0, 0, stack);
		if (!x.failed) {
			pcre2_code *re = compile_nojit(
				rs, x.out.p ? x.out.p : "", x.out.len,
				PCRE2_USE_OFFSET_LIMIT, r->file, pp->line,
				pp->linetext, strlen(pp->linetext), pp->base, x.src);
			if (re) {
				int has_v = group_number(re, "v") > 0;
				int has_ind = group_number(re, "ind") > 0;
				if (!has_v) {
					report(rs, r->file, pp->line, pp->linetext,
					       strlen(pp->linetext), pp->base,
					       "the pattern captures no value: name it (?<v>...)");
					pcre2_code_free(re);
					pr->bad = 1;
				} else if (ind_seen >= 0 && has_ind != ind_seen) {
					report(rs, r->file, pp->line, pp->linetext,
					       strlen(pp->linetext), pp->base,
					       "all patterns of a rule must capture an indicator, or none");
					pcre2_code_free(re);
					pr->bad = 1;
				} else {
					ind_seen = has_ind;
					pattern_keywords(rs, r, r->nre, pp->text);
					pattern_starts(rs, x.out.p ? x.out.p : "", x.out.len,
						       &r->starts[r->nre]);
					jit_once_init(&r->jit[r->nre]);
					r->re[r->nre++] = re;
				}
			} else {
				pr->bad = 1;
			}
		} else {
			pr->bad = 1;
		}
		buf_free(&x.out);
		free(x.src);
	}
	r->has_ind = ind_seen > 0;
	/* a value is read only where its unit is written (number.c): a
	 * sentence without 元 cannot feed an amount rule */
	r->need = unit_marks(r->unit, r->scale > 0);
	for (size_t i = 0; i < pr->npat; i++) {
		free(pr->pat[i].text);
		free(pr->pat[i].linetext);
	}
	free(pr->pat);
}

static void free_rule(struct rule *r)
{
	free(r->id);
	for (size_t i = 0; i < r->nre; i++)
		pcre2_code_free(r->re[i]);
	free(r->re);
	for (size_t i = 0; i < r->nre; i++)
		jit_once_destroy(&r->jit[i]);
	free(r->jit);
	for (size_t i = 0; i < r->nre; i++) {
		free(r->kw[i]);
		litset_free(&r->starts[i].lit);
	}
	free(r->starts);
	free(r->kw);
	free(r->nkw);
	free_examples(r->ex, r->nex);
}

/* Reports an error about a rules path as a whole. */
static void report_path(struct rule_set *rs, const char *path, const char *fmt,
			...) __attribute__((format(printf, 3, 4)));

static void report_path(struct rule_set *rs, const char *path, const char *fmt,
			...)
{
	struct diag d;
	va_list ap;

	diag_clear(&d);
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof d.msg, fmt, ap);
	va_end(ap);
	rs->nerr++;
	if (rs->err)
		rs->err(rs->ctx, path, &d);
}

/* Reads one rules path, a folder (its *.rules in name order) or a file,
 * as layer `layer`. */
static void read_path(struct rule_set *rs, const char *path, size_t layer,
		      struct pending_rule **prs, size_t *nprs)
{
	DIR *dir = opendir(path);

	if (!dir) {
		if (errno == ENOTDIR)
			parse_file(rs, path, layer, prs, nprs);
		else
			report_path(rs, path, "cannot open rules: %s", strerror(errno));
		return;
	}
	size_t n;
	char **names = fs_list(dir, ".rules", 0, &n);
	for (size_t i = 0; i < n; i++) {
		char *p = path_join(path, names[i]);
		parse_file(rs, p, layer, prs, nprs);
		free(p);
	}
	fs_list_free(names, n);
	if (!n)
		report_path(rs, path, "no *.rules file in this directory");
}

struct rule_set *rules_load(const char *path, rules_error_fn err, void *ctx)
{
	return rules_load_layers(&path, 1, err, ctx);
}

struct rule_set *rules_load_layers(const char *const *paths, size_t npaths,
				   rules_error_fn err, void *ctx)
{
	struct rule_set *rs = xcalloc(1, sizeof *rs);
	struct pending_rule *prs = NULL;
	size_t nprs = 0;
	const char *path = npaths ? paths[0] : "";

	rs->err = err;
	rs->ctx = ctx;
	for (size_t i = 0; i < npaths; i++)
		read_path(rs, paths[i], i, &prs, &nprs);
	if (!npaths)
		report_path(rs, "rules", "no rules given");
	if (rs->qual.n > 1)
		qsort(rs->qual.w, rs->qual.n, sizeof *rs->qual.w, word_cmp);
	if (rs->scope.n > 1)
		qsort(rs->scope.w, rs->scope.n, sizeof *rs->scope.w, word_cmp);
	if (rs->target.n > 1)
		qsort(rs->target.w, rs->target.n, sizeof *rs->target.w, word_cmp);

	/* raw-regex synonyms compile anchored, for lookups (which anchor the
	 * end too, or check it, rules_lookup_in) */
	for (size_t i = 0; i < rs->nsyns; i++) {
		struct syn *s = &rs->syns[i];
		if (s->text[0] != '/')
			continue;
		struct indicator *ind = &rs->inds[s->ind];
		s->re = compile(rs, s->text + 1, strlen(s->text) - 2,
				PCRE2_ANCHORED, ind->file,
				ind->line, NULL, 0, 0, NULL);
	}
	for (size_t i = rs->nsyns; i-- > 0;)
		if (rs->syns[i].text[0] != '/')
			rs->inds[rs->syns[i].ind].name = rs->syns[i].text;
	for (size_t i = 0; i < rs->ninds; i++)
		if (!rs->inds[i].name)
			rs->inds[i].name = rs->inds[i].id;
	struct buf b = {0};
	synonym_alt(rs, NULL, 0, &b);
	rs->any_ind = compile(rs, b.p, b.len, 0, path, 0, NULL, 0, 0, NULL);
	buf_free(&b);
	if (rs->target.n) {
		wordtab_alt(&rs->target, &b);
		rs->target_re = compile(rs, b.p, b.len, 0, path, 0, NULL, 0, 0, NULL);
		buf_free(&b);
	}

	rs->rules = xcalloc(nprs ? nprs : 1, sizeof *rs->rules);
	rs->memo = litset_memo_new();
	for (size_t i = 0; i < nprs; i++) {
		finish_rule(rs, &prs[i]);
		rs->rules[rs->nrules++] = prs[i].r;
	}
	litset_memo_free(rs->memo);
	rs->memo = NULL;
	free(prs);
	synonym_alt_clear(rs);
	/* a layer may hold only indicators (or words): the set as a whole
	 * needs something to extract */
	if (!rs->nrules && !rs->ninds && !rs->nerr)
		report_path(rs, path, "no indicator or rule defined");
	if (rs->nerr) {
		rules_free(rs);
		return NULL;
	}
	rs->scan = scan_new(rs);
	return rs;
}

void rules_free(struct rule_set *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	free(rs->files);
	for (size_t i = 0; i < rs->nmacros; i++) {
		free(rs->macros[i].name);
		free(rs->macros[i].pattern);
	}
	free(rs->macros);
	for (size_t i = 0; i < rs->ninds; i++)
		free_indicator(&rs->inds[i]);
	free(rs->inds);
	for (size_t i = 0; i < rs->nsyns; i++) {
		free(rs->syns[i].text);
		pcre2_code_free(rs->syns[i].re);
	}
	free(rs->syns);
	for (size_t i = 0; i < rs->nrules; i++)
		free_rule(&rs->rules[i]);
	free(rs->rules);
	for (size_t i = 0; i < rs->nkws; i++)
		free(rs->kws[i]);
	free(rs->kws);
	synonym_alt_clear(rs);
	wordtab_free(&rs->qual);
	wordtab_free(&rs->scope);
	wordtab_free(&rs->target);
	pcre2_code_free(rs->any_ind);
	pcre2_code_free(rs->target_re);
	scan_free(rs->scan);
	free(rs);
}

size_t rules_count(const struct rule_set *rs)
{
	return rs->nrules;
}

const struct rule *rules_get(const struct rule_set *rs, size_t i)
{
	return &rs->rules[i];
}

size_t rules_indicator_count(const struct rule_set *rs)
{
	return rs->ninds;
}

const struct indicator *rules_indicator(const struct rule_set *rs, size_t i)
{
	return &rs->inds[i];
}

size_t rules_file_count(const struct rule_set *rs)
{
	return rs->nfiles;
}

const pcre2_code *rules_any_indicator(const struct rule_set *rs)
{
	return rs->any_ind;
}

const struct scan *rules_scan(const struct rule_set *rs)
{
	return rs->scan;
}

const struct indicator *rules_lookup(const struct rule_set *rs, const char *p,
				     size_t n)
{
	return rules_lookup_in(rs, p, n, 0, n, NULL);
}

const struct indicator *rules_lookup_in(const struct rule_set *rs,
					const char *t, size_t len, size_t s,
					size_t e, pcre2_match_data *md)
{
	size_t n = e - s;

	/* literals first: most lookups end here, without a regex */
	for (size_t i = 0; i < rs->nsyns; i++) {
		const struct syn *y = &rs->syns[i];
		if (!y->re && y->len == n && memcmp(y->text, t + s, n) == 0)
			return &rs->inds[y->ind];
	}
	pcre2_match_data *own = NULL;
	const struct indicator *found = NULL;
	for (size_t i = 0; i < rs->nsyns && !found; i++) {
		const struct syn *y = &rs->syns[i];
		if (!y->re)
			continue;
		if (!md && !(md = own = pcre2_match_data_create(1, NULL)))
			xalloc_die(0);
		/* the slice alone, else anchored in its context (lookarounds);
		 * >= 0: a match whose groups do not fit md still matched */
		if (pcre2_match(y->re, (PCRE2_SPTR)t + s, n, 0,
				PCRE2_ENDANCHORED | PCRE2_NO_UTF_CHECK, md, NULL) >= 0 ||
		    (pcre2_match(y->re, (PCRE2_SPTR)t, len, s,
				 PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, md, NULL) >= 0 &&
		     pcre2_get_ovector_pointer(md)[1] == e))
			found = &rs->inds[y->ind];
	}
	pcre2_match_data_free(own);
	return found;
}

size_t rules_synonym_count(const struct rule_set *rs)
{
	return rs->nsyns;
}

const char *rules_synonym(const struct rule_set *rs, size_t i, size_t *ind)
{
	if (ind)
		*ind = rs->syns[i].ind;
	return rs->syns[i].text;
}

const pcre2_code *rules_synonym_code(const struct rule_set *rs, size_t i)
{
	return rs->syns[i].re;
}

void rules_print_keywords(const struct rule_set *rs, FILE *out)
{
	for (size_t i = 0; i < rules_count(rs); i++) {
		const struct rule *r = rules_get(rs, i);
		for (size_t k = 0; k < r->nre; k++) {
			fprintf(out, "%s pattern %zu:", r->id, k + 1);
			if (!r->nkw[k])
				fputs(" (always run)", out);
			for (size_t j = 0; j < r->nkw[k]; j++)
				fprintf(out, " %s", rules_keyword(rs, r->kw[k][j]));
			fputc('\n', out);
		}
	}
}
