/* examples: the example runner of check-rules and the rule-file tests
 * (examples.h). */
#include "pipeline/examples.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

const struct date examples_date = {2025, 6, 30};

/* One expected row. */
struct row_expect {
	char ind[96], measure[16], unit[16], qual[4], scope[16];
	double value;
	int target;
};

#define MAX_EXPECT 16

static int collect_obs(void *ctx, const struct obs *o)
{
	struct example_rows *c = ctx;

	VEC_GROW(c->v, c->n + 1, c->cap);
	c->v[c->n++] = *o;
	return 0;
}

void examples_extract(struct extractor *x, const char *text, struct date date,
		      struct example_rows *rows)
{
	struct sink sink = {collect_obs, NULL, rows};
	struct doc doc = {"example", "", date, NULL};

	extractor_run(x, &doc, text, strlen(text), &sink);
}

void example_rows_free(struct example_rows *rows)
{
	free(rows->v);
	memset(rows, 0, sizeof *rows);
}

/* Splits s at blanks into at most 8 tokens; returns their number. */
static int tokens(const char *s, char tok[8][96])
{
	int k = 0;

	while (*s && k < 8) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		size_t l = strcspn(s, " \t");
		size_t c = l < 95 ? l : 95;
		memcpy(tok[k], s, c);
		tok[k++][c] = '\0';
		s += l;
	}
	return k;
}

/* Parses "ind measure value unit [qual] [scope] [target]"; returns 0, or
 * -1 with why set. */
static int parse_expect(const char *s, struct row_expect *r, char *why, size_t n)
{
	char tok[8][96];
	int k = tokens(s, tok);

	memset(r, 0, sizeof *r);
	if (k < 4) {
		snprintf(why, n, "expected 'indicator measure value unit [qualifier] [scope] [target]', got '%.100s'", s);
		return -1;
	}
	snprintf(r->ind, sizeof r->ind, "%s", tok[0]);
	snprintf(r->measure, sizeof r->measure, "%.15s", tok[1]);
	char *end;
	r->value = strtod(tok[2], &end);
	if (*end) {
		snprintf(why, n, "'%s' is not a number", tok[2]);
		return -1;
	}
	snprintf(r->unit, sizeof r->unit, "%.15s", tok[3]);
	for (int i = 4; i < k; i++) {
		if (strcmp(tok[i], "target") == 0)
			r->target = 1;
		else if (strcmp(tok[i], ">=") == 0 || strcmp(tok[i], ">") == 0 ||
			 strcmp(tok[i], "~") == 0 || strcmp(tok[i], "<=") == 0)
			snprintf(r->qual, sizeof r->qual, "%s", tok[i]);
		else
			snprintf(r->scope, sizeof r->scope, "%.15s", tok[i]);
	}
	return 0;
}

/* Parses the expected rows ("none" or rows joined by ';'); returns their
 * number, or -1 with why set. */
static int parse_expected(const char *expect, struct row_expect *exp,
			  char *why, size_t n)
{
	int nexp = 0;

	if (!expect) {
		snprintf(why, n, "no '=>' and expected rows");
		return -1;
	}
	if (strcmp(expect, "none") == 0)
		return 0;
	for (const char *p = expect; *p && nexp < MAX_EXPECT;) {
		size_t l = strcspn(p, ";");
		char one[256];
		snprintf(one, sizeof one, "%.*s", (int)(l < 255 ? l : 255), p);
		if (parse_expect(one, &exp[nexp], why, n) < 0)
			return -1;
		nexp++;
		p += l;
		if (*p == ';')
			p++;
	}
	return nexp;
}

static int expect_matches(const struct row_expect *r, const struct obs *o)
{
	double v = decimal_to_double(o->value);

	return strcmp(r->ind, o->indicator) == 0 &&
	       strcmp(r->measure, measure_name(o->measure)) == 0 &&
	       strcmp(r->unit, unit_name(o->unit)) == 0 &&
	       fabs(r->value - v) <= 1e-9 * fmax(fabs(v), 1.0) &&
	       strcmp(r->qual, o->qualifier) == 0 &&
	       strcmp(r->scope, o->scope) == 0 && r->target == o->target;
}

/* 1 when the rows got are those expected (each used once), and one came
 * from rule_id when it is set. */
static int rows_match(const struct row_expect *exp, int nexp,
		      const struct example_rows *got, const char *rule_id,
		      char *why, size_t n)
{
	int used[64] = {0};

	if (got->n != (size_t)nexp)
		return 0;
	for (int i = 0; i < nexp; i++) {
		size_t j;
		for (j = 0; j < got->n && j < 64; j++)
			if (!used[j] && expect_matches(&exp[i], &got->v[j]))
				break;
		if (j == got->n || j == 64)
			return 0;
		used[j] = 1;
	}
	if (rule_id && nexp) {
		for (size_t j = 0; j < got->n; j++)
			if (strcmp(got->v[j].rule, rule_id) == 0)
				return 1;
		snprintf(why, n, "no row came from rule %s", rule_id);
		return 0;
	}
	return 1;
}

static void describe_obs(struct buf *b, const struct obs *o)
{
	char v[64];

	buf_printf(b, "%s %s %s %s", o->indicator, measure_name(o->measure),
		   decimal_format(o->value, v, sizeof v), unit_name(o->unit));
	if (*o->qualifier)
		buf_printf(b, " %s", o->qualifier);
	if (*o->scope)
		buf_printf(b, " %s", o->scope);
	if (o->target)
		buf_adds(b, " target");
	buf_printf(b, " [%s]", o->rule);
}

static void report_failure(const struct example *ex, const char *why,
			   const struct example_rows *got, FILE *err)
{
	struct buf b = {0};

	for (size_t j = 0; j < got->n; j++) {
		if (j)
			buf_adds(&b, "; ");
		describe_obs(&b, &got->v[j]);
	}
	fprintf(err, "zhibiao: %s:%ld: error: example failed%s%s\n    text: %s\n    expected: %s\n    got: %s\n",
		ex->file, ex->line, *why ? ": " : "", why, ex->text,
		ex->expect ? ex->expect : "", b.p ? b.p : "none");
	buf_free(&b);
}

int examples_run_one(struct extractor *x, const struct example *ex,
		     const char *rule_id, FILE *err)
{
	struct example_rows got = {0};
	struct row_expect exp[MAX_EXPECT];
	char why[256] = "";

	examples_extract(x, ex->text, examples_date, &got);
	int nexp = parse_expected(ex->expect, exp, why, sizeof why);
	int pass = nexp >= 0 &&
		   rows_match(exp, nexp, &got, rule_id, why, sizeof why);
	if (!pass)
		report_failure(ex, why, &got, err);
	example_rows_free(&got);
	return pass;
}

void examples_run(const struct rule_set *rs, FILE *err,
		  struct examples_result *res)
{
	struct extractor *x = extractor_new(rs);

	memset(res, 0, sizeof *res);
	for (size_t i = 0; i < rules_indicator_count(rs); i++) {
		const struct indicator *ind = rules_indicator(rs, i);
		for (size_t k = 0; k < ind->nex; k++, res->examples++)
			res->failed += !examples_run_one(x, &ind->ex[k], NULL, err);
	}
	for (size_t i = 0; i < rules_count(rs); i++) {
		const struct rule *r = rules_get(rs, i);
		if (!r->nex) {
			fprintf(err, "zhibiao: %s:%ld: warning: rule %s has no example\n",
				r->file, r->line, r->id);
			res->no_example++;
		}
		for (size_t k = 0; k < r->nex; k++, res->examples++)
			res->failed += !examples_run_one(x, &r->ex[k], r->id, err);
	}
	extractor_free(x);
}
