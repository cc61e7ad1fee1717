/* rules: parse rule files, expand macros, compile the patterns with PCRE2. */
#include "pipeline/rules.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdarg.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/litset.h"
#include "pipeline/normalize.h"
#include "base/xalloc.h"

#define MAX_MACRO_DEPTH 16

struct macro {
	char *name;
	char *pattern;
	const char *file;
	long line;
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
	size_t ncodes;
	const char **labels;      /* per code, the first word declared (borrowed) */
	size_t nlabels;
};

struct rule_set {
	char **files;
	size_t nfiles;
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
	pcre2_code *target_re;
	char **kws;               /* prefilter keywords, each once */
	size_t nkws;
	/* loading state */
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
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->w = xrealloc(t->w, t->cap * sizeof *t->w);
	}
	t->w[t->n].text = xstrdup(text);
	t->w[t->n].len = strlen(text);
	t->w[t->n].code = code;
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
	for (size_t i = 0; i < t->n; i++)
		free(t->w[i].text);
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

/* Longest word ending at p+n. */
static int wordtab_before(const struct wordtab *t, const char *p, size_t n,
			  size_t *wlen)
{
	for (size_t i = 0; i < t->n; i++) {
		size_t l = t->w[i].len;
		if (l <= n && memcmp(p + n - l, t->w[i].text, l) == 0) {
			*wlen = l;
			return t->w[i].code;
		}
	}
	return -1;
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
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				v = xrealloc(v, cap * sizeof *v);
			}
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
static void synonym_alt(const struct rule_set *rs, const char *kinds,
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
	if (x->out.len > x->cap) {
		x->cap = x->out.len * 2;
		x->src = xrealloc(x->src, x->cap * sizeof *x->src);
	}
	for (size_t i = x->out.len - n; i < x->out.len; i++)
		x->src[i] = at;
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
			emit_bytes(x, p + i, 1, at);
			i++;
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
		if (nlen == 3 && memcmp(name, "IND", 3) == 0) {
			buf_adds(&tmp, "(?<ind>");
			synonym_alt(x->rs, arg, alen, &tmp);
			buf_addc(&tmp, ')');
		} else if (nlen == 4 && memcmp(name, "INDS", 4) == 0) {
			struct buf one = {0};
			synonym_alt(x->rs, arg, alen, &one);
			buf_printf(&tmp, "(?<ind>%s(?:(?:、|和|及|与|以及|,)%s)*)",
				   one.p, one.p);
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

static pcre2_code *compile(struct rule_set *rs, const char *pat, size_t len,
			   uint32_t flags, const char *file, long line,
			   const char *linetext, size_t linelen, size_t base,
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
	size_t npat;
	int bad, bad_measure, bad_unit;
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
	rs->files = xrealloc(rs->files, (rs->nfiles + 1) * sizeof *rs->files);
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

/* Parses one rule file into rs; rules are collected in *prs for compiling
 * once every file (and so every macro and indicator) is known. */
static void parse_file(struct rule_set *rs, const char *path,
		       struct pending_rule **prs, size_t *nprs)
{
	struct buf b = {0};
	const char *file = intern_file(rs, path);

	if (read_file(path, &b) < 0) {
		struct diag d;
		diag_clear(&d);
		diag_set(&d, "cannot read rule file: %s", strerror(errno));
		rs->nerr++;
		if (rs->err)
			rs->err(rs->ctx, file, &d);
		buf_free(&b);
		return;
	}
	/* SKIP: the body of a statement whose header was bad (reported once) */
	enum { NONE, IND, RULE, SKIP } cur = NONE;
	struct pending_rule *pr = NULL;
	long line = 0;
	const char *p = b.p, *end = b.p + b.len;
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *ls = p, *le = trim_end(p, eol);
		line++;
		p = eol + 1;
		const char *q = skip_space(ls, le);
		if (q == le || *q == '#')
			continue;
		size_t linelen = (size_t)(le - ls);
		size_t bad_at;
		if (!utf8_valid(ls, linelen, &bad_at)) {
			report(rs, file, line, ls, bad_at, bad_at,
			       "invalid UTF-8 (byte 0x%02X); rule files are UTF-8",
			       (unsigned char)ls[bad_at]);
			cur = SKIP;
			continue;
		}
		if (q > ls) {
			/* "key: value" of the current stanza */
			if (cur == SKIP)
				continue;
			const char *colon = q;
			while (colon < le && *colon != ':')
				colon++;
			if (colon == le || cur == NONE) {
				report(rs, file, line, ls, linelen, (size_t)(q - ls),
				       cur == NONE ? "indented line outside an indicator or rule"
						   : "expected 'key: value'");
				continue;
			}
			size_t klen = (size_t)(trim_end(q, colon) - q);
			const char *v = skip_space(colon + 1, le);
			size_t voff = (size_t)(v - ls);
#define KEY(s) (klen == strlen(s) && memcmp(q, s, klen) == 0)
			if (KEY("example")) {
				if (cur == IND) {
					struct indicator *ind = &rs->inds[rs->ninds - 1];
					add_example(&ind->ex, &ind->nex, file, line, v, le);
				} else {
					add_example(&pr->r.ex, &pr->r.nex, file, line, v, le);
				}
			} else if (cur == IND && KEY("names")) {
				char **w;
				size_t n = split_words(v, le, &w);
				for (size_t i = 0; i < n; i++) {
					if (rs->nsyns == rs->capsyns) {
						rs->capsyns = rs->capsyns ? rs->capsyns * 2 : 64;
						rs->syns = xrealloc(rs->syns, rs->capsyns * sizeof *rs->syns);
					}
					rs->syns[rs->nsyns++] = (struct syn){w[i], NULL, rs->ninds - 1, strlen(w[i])};
				}
				free(w);
			} else if (cur == RULE && KEY("measure")) {
				char *s = xstrndup(v, (size_t)(le - v));
				int m = measure_from_name(s);
				if (m < 0) {
					report(rs, file, line, ls, linelen, voff,
					       "unknown measure '%s' (level, growth, share, rank, change, rate)", s);
					pr->bad = pr->bad_measure = 1;
				} else {
					pr->r.measure = (enum measure)m;
				}
				free(s);
			} else if (cur == RULE && KEY("unit")) {
				char *s = xstrndup(v, (size_t)(le - v));
				int u = unit_from_name(s);
				if (u <= 0) {
					report(rs, file, line, ls, linelen, voff,
					       "unknown unit '%s' (CNY, percent, pp, rank, count)", s);
					pr->bad = pr->bad_unit = 1;
				} else {
					pr->r.unit = (enum unit)u;
				}
				free(s);
			} else if (cur == RULE && KEY("sign")) {
				if (le - v == 1 && *v == '-')
					pr->r.sign = -1;
				else if (le - v == 1 && *v == '+')
					pr->r.sign = 1;
				else {
					report(rs, file, line, ls, linelen, voff, "sign is '+' or '-'");
					pr->bad = 1;
				}
			} else if (cur == RULE && KEY("multiply")) {
				if (le - v >= 1 && *v == '1' && strspn(v + 1, "0") == (size_t)(le - v - 1)) {
					pr->r.scale = (int)(le - v - 1);
				} else {
					report(rs, file, line, ls, linelen, voff,
					       "multiply takes 1, 10, 100, ...");
					pr->bad = 1;
				}
			} else if (cur == RULE && KEY("subject")) {
				if (le - v == 4 && memcmp(v, "each", 4) == 0)
					pr->r.subject = SUBJECT_EACH;
				else if (le - v == 4 && memcmp(v, "last", 4) == 0)
					pr->r.subject = SUBJECT_LAST;
				else {
					report(rs, file, line, ls, linelen, voff,
					       "subject is 'last' or 'each'");
					pr->bad = 1;
				}
			} else if (cur == RULE && KEY("pattern")) {
				pr->pat = xrealloc(pr->pat, (pr->npat + 1) * sizeof *pr->pat);
				pr->pat[pr->npat++] = (struct pending_pattern){
					xstrndup(v, (size_t)(le - v)), line,
					xstrndup(ls, linelen), voff};
			} else {
				report(rs, file, line, ls, linelen, (size_t)(q - ls),
				       "unknown key '%.*s' in %s", (int)klen, q,
				       cur == IND ? "an indicator" : "a rule");
				if (cur == RULE)
					pr->bad = 1;
			}
#undef KEY
			continue;
		}
		/* a stanza header: KEYWORD ... */
		const char *kw = q;
		while (q < le && *q != ' ' && *q != '\t')
			q++;
		size_t kwlen = (size_t)(q - kw);
		q = skip_space(q, le);
		/* "NAME = VALUE"; qualifier names contain '=' themselves (>=) */
		const char *eq = NULL;
		for (const char *e2 = q; e2 + 2 < le && !eq; e2++)
			if (e2[0] == ' ' && e2[1] == '=' && (e2[2] == ' ' || e2[2] == '\t'))
				eq = e2 + 1;
		if (!eq && q < le)
			eq = memchr(q, '=', (size_t)(le - q));
#define KW(s) (kwlen == strlen(s) && memcmp(kw, s, kwlen) == 0)
		cur = SKIP;             /* until the header proves good */
		if (KW("rule")) {
			if (!valid_id(q, (size_t)(le - q))) {
				report(rs, file, line, ls, linelen, (size_t)(q - ls),
				       "a rule needs an id of letters, digits, '_', '.', '-'");
				continue;
			}
			for (size_t i = 0; i < *nprs; i++)
				if (strlen((*prs)[i].r.id) == (size_t)(le - q) &&
				    memcmp((*prs)[i].r.id, q, (size_t)(le - q)) == 0) {
					report(rs, file, line, ls, linelen, (size_t)(q - ls),
					       "duplicate rule id '%.*s' (first at %s:%ld)",
					       (int)(le - q), q, (*prs)[i].r.file, (*prs)[i].r.line);
					goto next;
				}
			*prs = xrealloc(*prs, (*nprs + 1) * sizeof **prs);
			pr = &(*prs)[(*nprs)++];
			memset(pr, 0, sizeof *pr);
			pr->r.id = xstrndup(q, (size_t)(le - q));
			pr->r.file = file;
			pr->r.line = line;
			pr->r.sign = 1;
			pr->r.measure = (enum measure)-1;
			cur = RULE;
			continue;
		}
		if (!eq) {
			report(rs, file, line, ls, linelen, (size_t)(kw - ls),
			       KW("macro") || KW("scope") || KW("qualifier") ||
			       KW("status") || KW("indicator") ?
			       "expected '=' after the name" :
			       "unknown statement (macro, scope, qualifier, status, indicator, rule)");
			continue;
		}
		const char *name = q, *name_end = trim_end(q, eq);
		const char *val = skip_space(eq + 1, le);
		if (KW("macro")) {
			if (!valid_id(name, (size_t)(name_end - name))) {
				report(rs, file, line, ls, linelen, (size_t)(name - ls),
				       "a macro name is letters, digits and '_'");
				continue;
			}
			static const char *const builtin[] = {"IND", "INDS", "QUAL", "SCOPE", "TARGET"};
			int reserved = 0;
			for (size_t i = 0; i < sizeof builtin / sizeof *builtin; i++)
				reserved |= strlen(builtin[i]) == (size_t)(name_end - name) &&
					    memcmp(builtin[i], name, (size_t)(name_end - name)) == 0;
			if (reserved) {
				report(rs, file, line, ls, linelen, (size_t)(name - ls),
				       "'%.*s' is a built-in macro", (int)(name_end - name), name);
				continue;
			}
			if (find_macro(rs, name, (size_t)(name_end - name))) {
				report(rs, file, line, ls, linelen, (size_t)(name - ls),
				       "macro '%.*s' defined twice", (int)(name_end - name), name);
				continue;
			}
			if (rs->nmacros == rs->capmacros) {
				rs->capmacros = rs->capmacros ? rs->capmacros * 2 : 32;
				rs->macros = xrealloc(rs->macros, rs->capmacros * sizeof *rs->macros);
			}
			rs->macros[rs->nmacros++] = (struct macro){
				xstrndup(name, (size_t)(name_end - name)),
				xstrndup(val, (size_t)(le - val)), file, line};
			cur = NONE;
		} else if (KW("scope") || KW("qualifier") || KW("status")) {
			char *code = xstrndup(name, (size_t)(name_end - name));
			struct wordtab *t = KW("scope") ? &rs->scope :
					    KW("qualifier") ? &rs->qual : &rs->target;
			int c = -1;
			if (t == &rs->qual) {
				c = qualifier_index(code);
				if (c < 0)
					report(rs, file, line, ls, linelen, (size_t)(name - ls),
					       "unknown qualifier '%s' (>=, >, ~, <=)", code);
			} else if (t == &rs->target) {
				c = 0;
				if (strcmp(code, "target") != 0) {
					report(rs, file, line, ls, linelen, (size_t)(name - ls),
					       "only 'status target = ...' is declared (actual is the default)");
					c = -1;
				}
			} else {
				for (size_t i = 0; i < t->ncodes; i++)
					if (strcmp(t->codes[i], code) == 0)
						c = (int)i;
				if (c < 0) {
					t->codes = xrealloc(t->codes, (t->ncodes + 1) * sizeof *t->codes);
					t->codes[t->ncodes] = xstrdup(code);
					c = (int)t->ncodes++;
				}
			}
			if (c >= 0) {
				char **w;
				size_t n = split_words(val, le, &w);
				for (size_t i = 0; i < n; i++)
					wordtab_add(t, w[i], c);
				free_words(w, n);
				cur = NONE;
			}
			free(code);
		} else if (KW("indicator")) {
			const char *id = name, *id_end = name;
			while (id_end < name_end && *id_end != ' ' && *id_end != '\t')
				id_end++;
			const char *kind = skip_space(id_end, name_end);
			if (!valid_id(id, (size_t)(id_end - id)) || kind == name_end) {
				report(rs, file, line, ls, linelen, (size_t)(name - ls),
				       "expected 'indicator ID KIND = names'");
				continue;
			}
			for (size_t i = 0; i < rs->ninds; i++)
				if (strlen(rs->inds[i].id) == (size_t)(id_end - id) &&
				    memcmp(rs->inds[i].id, id, (size_t)(id_end - id)) == 0) {
					report(rs, file, line, ls, linelen, (size_t)(id - ls),
					       "indicator '%.*s' declared twice (first at %s:%ld)",
					       (int)(id_end - id), id, rs->inds[i].file, rs->inds[i].line);
					goto next;
				}
			if (rs->ninds == rs->capinds) {
				rs->capinds = rs->capinds ? rs->capinds * 2 : 64;
				rs->inds = xrealloc(rs->inds, rs->capinds * sizeof *rs->inds);
			}
			struct indicator *ind = &rs->inds[rs->ninds++];
			memset(ind, 0, sizeof *ind);
			ind->id = xstrndup(id, (size_t)(id_end - id));
			ind->kind = xstrndup(kind, (size_t)(name_end - kind));
			ind->file = file;
			ind->line = line;
			char **w;
			size_t n = split_words(val, le, &w);
			for (size_t i = 0; i < n; i++) {
				if (rs->nsyns == rs->capsyns) {
					rs->capsyns = rs->capsyns ? rs->capsyns * 2 : 64;
					rs->syns = xrealloc(rs->syns, rs->capsyns * sizeof *rs->syns);
				}
				rs->syns[rs->nsyns++] = (struct syn){w[i], NULL, rs->ninds - 1, strlen(w[i])};
			}
			free(w);
			cur = IND;
		} else {
			report(rs, file, line, ls, linelen, (size_t)(kw - ls),
			       "unknown statement '%.*s' (macro, scope, qualifier, status, indicator, rule)",
			       (int)kwlen, kw);
		}
#undef KW
next:;
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
	rs->kws = xrealloc(rs->kws, (rs->nkws + 1) * sizeof *rs->kws);
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
	int ind_seen = -1;
	for (size_t i = 0; i < pr->npat; i++) {
		struct pending_pattern *pp = &pr->pat[i];
		const char *stack[MAX_MACRO_DEPTH];
		struct expand x = {.rs = rs, .file = r->file, .line = pp->line,
				   .linetext = pp->linetext, .linelen = strlen(pp->linetext),
				   .base = pp->base};
		expand(&x, pp->text, strlen(pp->text), 0, 0, stack);
		if (!x.failed) {
			pcre2_code *re = compile(rs, x.out.p ? x.out.p : "", x.out.len, 0,
						 r->file, pp->line, pp->linetext,
						 strlen(pp->linetext), pp->base, x.src);
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
		free(r->kw[i]);
	free(r->kw);
	free(r->nkw);
	free_examples(r->ex, r->nex);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct rule_set *rules_load(const char *path, rules_error_fn err, void *ctx)
{
	struct rule_set *rs = xcalloc(1, sizeof *rs);
	struct pending_rule *prs = NULL;
	size_t nprs = 0;
	DIR *dir;

	rs->err = err;
	rs->ctx = ctx;
	if ((dir = opendir(path))) {
		char **names = NULL;
		size_t n = 0;
		struct dirent *de;
		while ((de = readdir(dir))) {
			size_t l = strlen(de->d_name);
			if (l > 6 && strcmp(de->d_name + l - 6, ".rules") == 0 &&
			    de->d_name[0] != '.') {
				names = xrealloc(names, (n + 1) * sizeof *names);
				names[n++] = xstrdup(de->d_name);
			}
		}
		closedir(dir);
		if (n > 1)
			qsort(names, n, sizeof *names, name_cmp);
		for (size_t i = 0; i < n; i++) {
			struct buf p = {0};
			buf_printf(&p, "%s%s%s", path,
				   path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
			parse_file(rs, p.p, &prs, &nprs);
			buf_free(&p);
			free(names[i]);
		}
		free(names);
		if (!n) {
			struct diag d;
			diag_clear(&d);
			diag_set(&d, "no *.rules file in this directory");
			rs->nerr++;
			if (err)
				err(ctx, path, &d);
		}
	} else if (errno == ENOTDIR) {
		parse_file(rs, path, &prs, &nprs);
	} else {
		struct diag d;
		diag_clear(&d);
		diag_set(&d, "cannot open rules: %s", strerror(errno));
		rs->nerr++;
		if (err)
			err(ctx, path, &d);
	}
	if (rs->qual.n > 1)
		qsort(rs->qual.w, rs->qual.n, sizeof *rs->qual.w, word_cmp);
	if (rs->scope.n > 1)
		qsort(rs->scope.w, rs->scope.n, sizeof *rs->scope.w, word_cmp);
	if (rs->target.n > 1)
		qsort(rs->target.w, rs->target.n, sizeof *rs->target.w, word_cmp);

	/* raw-regex synonyms compile anchored, for lookups */
	for (size_t i = 0; i < rs->nsyns; i++) {
		struct syn *s = &rs->syns[i];
		if (s->text[0] != '/')
			continue;
		struct indicator *ind = &rs->inds[s->ind];
		s->re = compile(rs, s->text + 1, strlen(s->text) - 2,
				PCRE2_ANCHORED | PCRE2_ENDANCHORED, ind->file,
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
	for (size_t i = 0; i < nprs; i++) {
		finish_rule(rs, &prs[i]);
		rs->rules[rs->nrules++] = prs[i].r;
	}
	free(prs);
	if (!rs->nrules && !rs->nerr) {
		struct diag d;
		diag_clear(&d);
		diag_set(&d, "no rule defined");
		rs->nerr++;
		if (err)
			err(ctx, path, &d);
	}
	if (rs->nerr) {
		rules_free(rs);
		return NULL;
	}
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
	for (size_t i = 0; i < rs->ninds; i++) {
		free(rs->inds[i].id);
		free(rs->inds[i].kind);
		free_examples(rs->inds[i].ex, rs->inds[i].nex);
	}
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
	wordtab_free(&rs->qual);
	wordtab_free(&rs->scope);
	wordtab_free(&rs->target);
	pcre2_code_free(rs->any_ind);
	pcre2_code_free(rs->target_re);
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

const struct indicator *rules_lookup(const struct rule_set *rs, const char *p,
				     size_t n)
{
	/* literals first: most lookups end here, without a regex */
	for (size_t i = 0; i < rs->nsyns; i++) {
		const struct syn *s = &rs->syns[i];
		if (!s->re && s->len == n && memcmp(s->text, p, n) == 0)
			return &rs->inds[s->ind];
	}
	for (size_t i = 0; i < rs->nsyns; i++) {
		const struct syn *s = &rs->syns[i];
		if (!s->re)
			continue;
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(s->re, NULL);
		int rc = pcre2_match(s->re, (PCRE2_SPTR)p, n, 0, 0, md, NULL);
		pcre2_match_data_free(md);
		if (rc > 0)
			return &rs->inds[s->ind];
	}
	return NULL;
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
