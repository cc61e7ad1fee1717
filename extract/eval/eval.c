/* eval: a port of ../shared/tools/score.py, scoring observations against a
 * gold file and printing the same report byte for byte. */
#include "eval/eval.h"
#include "base/utf8.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/table.h"
#include "base/xalloc.h"

/* score.py's KEY, then the other columns load() requires of the gold */
static const char *const gold_cols[] = {
	"doc", "indicator", "measure", "unit", "status",
	"value", "period", "scope", "required", NULL,
};

/* score.py's OBS_COLUMNS, the columns required of the observations */
static const char *const obs_cols[] = {
	"doc", "indicator", "measure", "value", "unit", "period", "status",
	"qualifier", "scope", "region", "line", "evidence", "rule", NULL,
};

static const char *const vocab_cols[] = {"id", NULL};

/* The columns row() prints, in its order. */
static const char *const shown_cols[] = {
	"doc", "indicator", "measure", "value", "unit", "period", "status",
	"qualifier", "scope",
};
#define NSHOWN (sizeof shown_cols / sizeof shown_cols[0])

enum { C_DOC, C_INDICATOR, C_MEASURE, C_UNIT, C_STATUS, C_VALUE, C_PERIOD,
       C_SCOPE, C_REQUIRED, C_QUALIFIER, C_NOTE_TEXT, NCOLS };

/* One loaded file: the table and the columns eval reads, -1 when absent. */
struct sheet {
	struct table t;
	int col[NCOLS];
	int shown[NSHOWN];
	double *value;  /* value column as Python's float(), per row */
	char *value_ok; /* 0 where float() would raise ValueError */
};

/* Column index as csv.DictReader sees it: with a repeated name the last
 * column wins. */
static int dict_col(const struct table *t, const char *name)
{
	for (size_t i = t->ncols; i-- > 0;)
		if (strcmp(t->header[i], name) == 0)
			return (int)i;
	return -1;
}

static const char *cell(const struct sheet *s, size_t row, int which)
{
	return table_get(&s->t, row, s->col[which]);
}

/* Python's str.isspace() beyond ASCII (Unicode 14, as Python 3.11). */
static int py_space(long cp)
{
	return cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* The value of a Unicode decimal digit (category Nd), or -1.  Every Nd
 * digit belongs to a run of ten starting at one of these zeros (Unicode
 * 14, the table of Python 3.11's unicodedata): float() accepts them all,
 * e.g. the full-width "１２" of Chinese text. */
static int py_digit(long cp)
{
	static const long zeros[] = {
		0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66,
		0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0, 0xF20, 0x1040,
		0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
		0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0,
		0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0,
		0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0,
		0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60,
		0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
		0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
	};

	for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
		if (cp >= zeros[i] && cp < zeros[i] + 10)
			return (int)(cp - zeros[i]);
	return -1;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Copies a run of digits with single underscores between them ("1_000")
 * from *p to b, without the underscores.  Returns the number of digits. */
static size_t digit_part(const char **p, struct buf *b)
{
	const char *s = *p;
	size_t n = 0;

	while (is_digit(*s)) {
		buf_addc(b, *s++);
		n++;
		if (*s == '_' && is_digit(s[1]))
			s++;
	}
	*p = s;
	return n;
}

/* s[0..n) equals the lower-case word w in any ASCII case (strncasecmp
 * would follow the locale). */
static int word_is(const char *s, size_t n, const char *w)
{
	if (strlen(w) != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return 0;
	}
	return 1;
}

static int ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

/* Parses s as Python's float() does: surrounding whitespace, a sign,
 * digits with single underscores between them, any Unicode decimal digits,
 * an exponent, "inf", "infinity" and "nan" in any case; no hex.  Returns 1
 * with *out set, or 0 where float() raises ValueError. */
static int py_float(const char *s, double *out)
{
	struct buf a = {0}, num = {0};
	const unsigned char *u = (const unsigned char *)s;
	int ok = 0;

	/* Like CPython: non-ASCII spaces become ' ', digits their ASCII
	 * digit, anything else non-ASCII a character that cannot parse. */
	buf_add(&a, "", 0);
	while (*u) {
		unsigned cp;
		size_t used = utf8_decode(u, strlen((const char *)u), &cp);
		int dv;

		if (cp < 0x80)
			buf_addc(&a, (char)cp);
		else if (py_space(cp))
			buf_addc(&a, ' ');
		else if ((dv = py_digit(cp)) >= 0)
			buf_addc(&a, (char)('0' + dv));
		else
			buf_addc(&a, '?');
		u += used;
	}
	const char *p = a.p, *end = a.p + a.len;
	while (p < end && ascii_space(*p))
		p++;
	while (end > p && ascii_space(end[-1]))
		end--;
	if (p == end || memchr(p, '\0', (size_t)(end - p)))
		goto out;

	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	size_t rest = (size_t)(end - p);
	if (word_is(p, rest, "inf") || word_is(p, rest, "infinity")) {
		*out = neg ? -HUGE_VAL : HUGE_VAL;
		ok = 1;
		goto out;
	}
	if (word_is(p, rest, "nan")) {
		*out = neg ? -(double)NAN : (double)NAN;
		ok = 1;
		goto out;
	}

	/* number ::= [digitpart] "." digitpart | digitpart ["."] */
	buf_add(&num, neg ? "-" : "", neg ? 1 : 0);
	size_t before = digit_part(&p, &num), after = 0;
	if (*p == '.') {
		/* strtod reads the locale's decimal point; score.py never */
		const char *dp = localeconv()->decimal_point;
		buf_adds(&num, dp && *dp ? dp : ".");
		p++;
		after = digit_part(&p, &num);
	}
	if (before + after == 0)
		goto out;
	if (*p == 'e' || *p == 'E') {
		buf_addc(&num, 'e');
		p++;
		if (*p == '+' || *p == '-')
			buf_addc(&num, *p++);
		if (digit_part(&p, &num) == 0)
			goto out;
	}
	if (p != end)
		goto out;
	char *stop;
	/* overflow gives ±HUGE_VAL = ±inf and underflow ±0, as in Python */
	*out = strtod(num.p, &stop);
	ok = *stop == '\0';
out:
	buf_free(&a);
	buf_free(&num);
	return ok;
}

/* Reads path into s and checks that it has the columns required (NULL
 * ended), with score.py's message when not. */
static int sheet_load(struct sheet *s, const char *path,
		      const char *const *required, struct diag *d)
{
	struct buf missing = {0};

	memset(s, 0, sizeof *s);
	if (table_read(path, &s->t, d) != 0)
		return -1;
	for (size_t i = 0; required[i]; i++) {
		if (dict_col(&s->t, required[i]) >= 0)
			continue;
		/* Python's repr() of a list of plain ASCII names */
		buf_printf(&missing, "%s'%s'", missing.len ? ", " : "",
			   required[i]);
	}
	if (missing.len) {
		diag_clear(d);
		diag_set(d, "missing columns [%s]", missing.p);
		buf_free(&missing);
		table_free(&s->t);
		return -1;
	}
	static const char *const names[NCOLS] = {
		"doc", "indicator", "measure", "unit", "status", "value",
		"period", "scope", "required", "qualifier", NULL,
	};
	for (int c = 0; c < NCOLS; c++)
		s->col[c] = names[c] ? dict_col(&s->t, names[c]) : -1;
	/* r.get("evidence", r.get("note", "")) */
	s->col[C_NOTE_TEXT] = dict_col(&s->t, "evidence");
	if (s->col[C_NOTE_TEXT] < 0)
		s->col[C_NOTE_TEXT] = dict_col(&s->t, "note");
	for (size_t k = 0; k < NSHOWN; k++)
		s->shown[k] = dict_col(&s->t, shown_cols[k]);
	if (s->col[C_VALUE] >= 0) {
		size_t n = s->t.nrows;
		s->value = xcalloc(n, sizeof *s->value);
		s->value_ok = xcalloc(n, 1);
		for (size_t r = 0; r < n; r++)
			s->value_ok[r] = (char)py_float(cell(s, r, C_VALUE),
							&s->value[r]);
	}
	return 0;
}

static void sheet_free(struct sheet *s)
{
	table_free(&s->t);
	free(s->value);
	free(s->value_ok);
	memset(s, 0, sizeof *s);
}

/* pred_period in gold_period.split("|") */
static int period_ok(const char *gold, const char *pred)
{
	size_t n = strlen(pred);

	for (;;) {
		const char *bar = strchr(gold, '|');
		size_t len = bar ? (size_t)(bar - gold) : strlen(gold);

		if (len == n && memcmp(gold, pred, n) == 0)
			return 1;
		if (!bar)
			return 0;
		gold = bar + 1;
	}
}

/* score.py's same_value on parsed values: also true for an infinity
 * against any finite value, as there (inf <= 1e-6 * inf). */
static int same_value(double x, double y)
{
	return fabs(x - y) <= 1e-6 * fmax(fmax(fabs(x), fabs(y)), 1.0);
}

static int matches(const struct sheet *g, size_t gi, const struct sheet *p,
		   size_t pi)
{
	static const int key[] = {C_DOC, C_INDICATOR, C_MEASURE, C_UNIT,
				  C_STATUS};

	for (size_t k = 0; k < sizeof key / sizeof key[0]; k++)
		if (strcmp(cell(g, gi, key[k]), cell(p, pi, key[k])) != 0)
			return 0;
	if (!period_ok(cell(g, gi, C_PERIOD), cell(p, pi, C_PERIOD)))
		return 0;
	if (strcmp(cell(g, gi, C_MEASURE), "rank") == 0 &&
	    strcmp(cell(g, gi, C_SCOPE), cell(p, pi, C_SCOPE)) != 0)
		return 0;
	return g->value_ok[gi] && p->value_ok[pi] &&
	       same_value(g->value[gi], p->value[pi]);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Prints "  " + row(r) + "  # " + evidence[:60] (60 code points). */
static void print_row(FILE *out, const struct sheet *s, size_t r)
{
	fputs("  ", out);
	for (size_t k = 0; k < NSHOWN; k++) {
		if (k)
			putc(',', out);
		fputs(table_get(&s->t, r, s->shown[k]), out);
	}
	fputs("  # ", out);
	const char *ev = cell(s, r, C_NOTE_TEXT);
	size_t n = 0;
	long chars = 0;
	for (; ev[n]; n++)
		if (((unsigned char)ev[n] & 0xC0) != 0x80 && ++chars > 60)
			break;
	fwrite(ev, 1, n, out);
	putc('\n', out);
}

/* The rows[:show] of Python, negative show included. */
static size_t shown_count(size_t n, int show)
{
	if (show >= 0)
		return (size_t)show < n ? (size_t)show : n;
	size_t drop = (size_t)-(long)show;
	return drop < n ? n - drop : 0;
}

static void print_section(FILE *out, const char *title, const struct sheet *s,
			  const size_t *rows, size_t n, int show)
{
	if (!n)
		return;
	fprintf(out, "## %s: %zu\n", title, n);
	for (size_t i = 0; i < shown_count(n, show); i++)
		print_row(out, s, rows[i]);
}

/* f"{v:.3f}" into s: printf's "%.3f" rounds the same way, but its decimal
 * point follows LC_NUMERIC; Python's is always '.'. */
static char *fixed3(double v, char s[64])
{
	char t[64];
	int n = snprintf(t, sizeof t, "%.3f", v);
	int i = 0;

	if (n < 5 || n >= 64)
		return memcpy(s, t, sizeof t);
	while (t[i] == '-' || is_digit(t[i]))
		i++;
	snprintf(s, 64, "%.*s.%s", i, t, t + n - 3);
	return s;
}

static void print_fixed3(FILE *out, double v)
{
	char s[64];

	fputs(fixed3(v, s), out);
}

/* Precision and recall of one indicator or measure (eval --by), counted
 * exactly as the overall figures. */
struct group {
	const char *name;
	long tp, fp, fn, req_tp;
};

struct groups {
	struct group *v;
	size_t n, cap;
};

static struct group *group_of(struct groups *gs, const char *name)
{
	for (size_t i = 0; i < gs->n; i++)
		if (strcmp(gs->v[i].name, name) == 0)
			return &gs->v[i];
	VEC_GROW(gs->v, gs->n + 1, gs->cap);
	gs->v[gs->n] = (struct group){name, 0, 0, 0, 0};
	return &gs->v[gs->n++];
}

/* Most errors (fp + fn) first, then by name. */
static int group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	long ex = x->fp + x->fn, ey = y->fp + y->fn;

	if (ex != ey)
		return ex > ey ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void print_groups(FILE *out, const char *by, struct groups *gs)
{
	int w = (int)strlen(by);

	/* groups of optional gold rows only, all missed, count nowhere */
	size_t n = 0;
	for (size_t i = 0; i < gs->n; i++)
		if (gs->v[i].tp || gs->v[i].fp || gs->v[i].fn)
			gs->v[n++] = gs->v[i];
	gs->n = n;
	if (gs->n > 1)
		qsort(gs->v, gs->n, sizeof *gs->v, group_cmp);
	for (size_t i = 0; i < gs->n; i++)
		if ((int)strlen(gs->v[i].name) > w)
			w = (int)strlen(gs->v[i].name);
	fprintf(out, "## by %s: %zu\n", by, gs->n);
	fprintf(out, "  %-*s %5s %5s %5s %9s %7s %6s\n", w, by, "tp", "fp", "fn",
		"precision", "recall", "f1");
	for (size_t i = 0; i < gs->n; i++) {
		const struct group *g = &gs->v[i];
		double p = g->tp + g->fp ? (double)g->tp / (double)(g->tp + g->fp) : 0.0;
		double r = g->req_tp + g->fn ?
			   (double)g->req_tp / (double)(g->req_tp + g->fn) : 0.0;
		double f = p + r != 0.0 ? 2 * p * r / (p + r) : 0.0;
		char ps[64], rs[64], fs[64];
		fprintf(out, "  %-*s %5ld %5ld %5ld %9s %7s %6s\n", w, g->name,
			g->tp, g->fp, g->fn, fixed3(p, ps), fixed3(r, rs),
			fixed3(f, fs));
	}
}

/* The scored indicators, sorted: the ids of ind (the --indicators sheet)
 * when given, else o->vocab.  Sets *n; the caller frees the array (its
 * strings are borrowed). */
static const char **vocab_of(const struct eval_opts *o,
			     const struct sheet *ind, size_t *n)
{
	const char **vocab;

	*n = 0;
	if (ind) {
		int id = dict_col(&ind->t, "id");
		vocab = xmalloc((ind->t.nrows + 1) * sizeof *vocab);
		for (size_t r = 0; r < ind->t.nrows; r++)
			vocab[(*n)++] = table_get(&ind->t, r, id);
	} else {
		while (o->vocab && o->vocab[*n])
			(*n)++;
		vocab = xmalloc((*n + 1) * sizeof *vocab);
		for (size_t i = 0; i < *n; i++)
			vocab[i] = o->vocab[i];
	}
	if (*n > 1)
		qsort(vocab, *n, sizeof *vocab, cmp_str);
	return vocab;
}

/* The predictions to score, after --only-gold-docs, as row numbers of obs:
 * *np of them; the caller frees the array. */
static size_t *preds_of(const struct eval_opts *o, const struct sheet *gold,
			const struct sheet *obs, size_t *np)
{
	size_t *keep = xmalloc((obs->t.nrows + 1) * sizeof *keep);

	*np = 0;
	for (size_t i = 0; i < obs->t.nrows; i++) {
		int wanted = !o->only_gold_docs;

		for (size_t g = 0; !wanted && g < gold->t.nrows; g++)
			wanted = strcmp(cell(gold, g, C_DOC),
					cell(obs, i, C_DOC)) == 0;
		if (wanted)
			keep[(*np)++] = i;
	}
	return keep;
}

/* The last line of the report: counts and the four rates. */
static void print_totals(FILE *out, const struct eval_result *res)
{
	fprintf(out, "tp=%ld fp=%ld fn=%ld unscored=%ld precision=", res->tp,
		res->fp, res->fn, res->unscored);
	print_fixed3(out, res->precision);
	fputs(" recall=", out);
	print_fixed3(out, res->recall);
	fputs(" f1=", out);
	print_fixed3(out, res->f1);
	fputs(" qualifier=", out);
	print_fixed3(out, res->qualifier);
	putc('\n', out);
}

int eval_run(const struct eval_opts *o, FILE *out, struct eval_result *res,
	     struct diag *d, const char **bad_path)
{
	struct sheet gold, obs, ind;
	const char *dummy;
	const char **vocab = NULL;
	size_t nvocab = 0;
	size_t *keep = NULL, *missed = NULL, *fps = NULL, *unscored = NULL;
	char *used = NULL;
	int rc = -1;
	struct groups gs = {0};
	int by = !o->by ? -1 : strcmp(o->by, "measure") == 0 ? C_MEASURE :
		 C_INDICATOR;

	if (!bad_path)
		bad_path = &dummy;
	*bad_path = NULL;
	memset(&gold, 0, sizeof gold);
	memset(&obs, 0, sizeof obs);
	memset(&ind, 0, sizeof ind);
	memset(res, 0, sizeof *res);
	diag_clear(d);
	if (sheet_load(&gold, o->gold, gold_cols, d) != 0) {
		*bad_path = o->gold;
		goto out;
	}
	if (sheet_load(&obs, o->obs, obs_cols, d) != 0) {
		*bad_path = o->obs;
		goto out;
	}
	if (o->indicators &&
	    sheet_load(&ind, o->indicators, vocab_cols, d) != 0) {
		*bad_path = o->indicators;
		goto out;
	}
	vocab = vocab_of(o, o->indicators ? &ind : NULL, &nvocab);
	size_t ng = gold.t.nrows, np = 0;
	keep = preds_of(o, &gold, &obs, &np);

	used = xcalloc(np + 1, 1);
	missed = xmalloc((ng + 1) * sizeof *missed);
	fps = xmalloc((np + 1) * sizeof *fps);
	unscored = xmalloc((np + 1) * sizeof *unscored);
	long tp = 0, fn = 0, req_tp = 0, qual_ok = 0;
	size_t nmissed = 0, nfp = 0, nun = 0;
	for (size_t g = 0; g < ng; g++) {
		int required = strcmp(cell(&gold, g, C_REQUIRED), "1") == 0;
		size_t hit = 0;

		while (hit < np && (used[hit] || !matches(&gold, g, &obs,
							  keep[hit])))
			hit++;
		struct group *gr = by < 0 ? NULL :
				   group_of(&gs, cell(&gold, g, by));
		if (hit == np) {
			if (required) {
				fn++;
				missed[nmissed++] = g;
				if (gr)
					gr->fn++;
			}
			continue;
		}
		used[hit] = 1;
		tp++;
		req_tp += required;
		if (gr) {
			gr->tp++;
			gr->req_tp += required;
		}
		qual_ok += strcmp(cell(&obs, keep[hit], C_QUALIFIER),
				  cell(&gold, g, C_QUALIFIER)) == 0;
	}
	for (size_t i = 0; i < np; i++) {
		const char *id = cell(&obs, keep[i], C_INDICATOR);

		if (used[i])
			continue;
		if (bsearch(&id, vocab, nvocab, sizeof *vocab, cmp_str)) {
			fps[nfp++] = keep[i];
			if (by >= 0)
				group_of(&gs, cell(&obs, keep[i], by))->fp++;
		}
		else
			unscored[nun++] = keep[i];
	}

	long fp = (long)nfp;
	res->tp = tp;
	res->fp = fp;
	res->fn = fn;
	res->unscored = (long)nun;
	res->precision = tp + fp ? (double)tp / (double)(tp + fp) : 0.0;
	res->recall = req_tp + fn ? (double)req_tp / (double)(req_tp + fn) : 0.0;
	double sum = res->precision + res->recall;
	res->f1 = sum != 0.0 ? 2 * res->precision * res->recall / sum : 0.0;
	res->qualifier = tp ? (double)qual_ok / (double)tp : 0.0;

	if (out) {
		print_section(out, "missed (required)", &gold, missed, nmissed,
			      o->show);
		print_section(out, "false positive", &obs, fps, nfp, o->show);
		print_section(out, "unscored (indicator not in vocabulary)",
			      &obs, unscored, nun, o->show);
		if (by >= 0)
			print_groups(out, o->by, &gs);
		print_totals(out, res);
	}
	rc = 0;
out:
	free(keep);
	free(used);
	free(missed);
	free(fps);
	free(unscored);
	free(vocab);
	free(gs.v);
	sheet_free(&gold);
	sheet_free(&obs);
	sheet_free(&ind);
	return rc;
}
