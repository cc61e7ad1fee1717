/* test_rulefiles: runs the data-driven rule tests in tests/rules/ *.test
 * against the default rules (rules/).
 *
 * A file is a list of blocks separated by blank lines; '#' lines are
 * comments.  A block is:
 *   %%date YYYY-MM-DD            (optional; default 2025-12-31)
 *   RULE-ID or *                 every expected row must come from this rule
 *   the input text               (one line, raw: it is normalized first)
 *   expected rows, one a line:   indicator,measure,value,unit,period,status,qualifier,scope
 *   or "none"
 * A %%FAIL block holds a rule file (up to the first line starting with
 * "RULES:") and then the exact first line of the error expected, with the
 * rule file's path written as RULES.
 *
 * Then every example: line of the default rules runs, as check-rules runs
 * them (pipeline/examples.h). */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "pipeline/examples.h"
#include "pipeline/extract.h"
#include "pipeline/rules.h"
#include "base/xalloc.h"

struct got {
	char row[512];
	const char *rule;
	int used;
};

/* The rows of text as CSV fields, through the example runner's
 * examples_extract (pipeline/examples.h). */
static size_t extract_rows(struct extractor *x, const char *text,
			   struct date date, struct got *g, size_t max)
{
	struct example_rows rows = {0};
	size_t n = 0;
	char v[64];

	examples_extract(x, text, date, &rows);
	for (size_t i = 0; i < rows.n && n < max; i++, n++) {
		const struct obs *o = &rows.v[i];
		snprintf(g[n].row, sizeof g[n].row, "%s,%s,%s,%s,%s,%s,%s,%s",
			 o->indicator, measure_name(o->measure),
			 decimal_format(o->value, v, sizeof v), unit_name(o->unit),
			 o->period, o->target ? "target" : "actual", o->qualifier,
			 o->scope);
		g[n].rule = o->rule;
		g[n].used = 0;
	}
	example_rows_free(&rows);
	return n;
}

/* The first error of e, the rule file's path written as RULES. */
static void first_error(const struct fixture_errs *e, char *out, size_t n)
{
	struct buf b = {0};
	const char *m = e->d[0].msg, *hit, *file = e->file[0];

	buf_printf(&b, "RULES:%ld:%ld: error: ", e->d[0].line, e->d[0].col);
	while ((hit = strstr(m, file))) {
		buf_add(&b, m, (size_t)(hit - m));
		buf_adds(&b, "RULES");
		m = hit + strlen(file);
	}
	buf_adds(&b, m);
	snprintf(out, n, "%s", b.p);
	buf_free(&b);
}

static void run_fail_block(const char *path, long line, char **lines, size_t n)
{
	struct fixture_errs e;
	struct buf text = {0};
	char got[1024] = "";
	size_t i = 0;

	for (; i < n && strncmp(lines[i], "RULES:", 6) != 0; i++)
		buf_printf(&text, "%s\n", lines[i]);
	struct rule_set *rs = fixture_rules(text.p ? text.p : "", &e, NULL);
	buf_free(&text);
	CHECK(!rs, "%s:%ld: the rule file loaded, expected an error", path, line);
	rules_free(rs);
	if (e.n)
		first_error(&e, got, sizeof got);
	if (i < n)
		CHECK(strcmp(got, lines[i]) == 0,
		      "%s:%ld: expected\n    %s\n  got\n    %s", path, line, lines[i],
		      got);
	else
		CHECK(0, "%s:%ld: a %%%%FAIL block needs a RULES: line", path, line);
}

static int parse_date(const char *s, struct date *d)
{
	return sscanf(s, "%d-%d-%d", &d->y, &d->m, &d->d) == 3;
}

static void run_block(struct extractor *x, const char *path, long line,
		      char **lines, size_t n)
{
	struct date date = {2025, 12, 31};
	size_t i = 0;

	if (n && strcmp(lines[0], "%%FAIL") == 0) {
		run_fail_block(path, line, lines + 1, n - 1);
		return;
	}
	while (i < n && strncmp(lines[i], "%%date ", 7) == 0)
		parse_date(lines[i++] + 7, &date);
	if (n - i < 3) {
		CHECK(0, "%s:%ld: a block is RULE, TEXT, then rows or none", path, line);
		return;
	}
	const char *rule = lines[i], *text = lines[i + 1];
	struct { struct got v[64]; size_t n; } c;
	c.n = extract_rows(x, text, date, c.v, 64);
	size_t nexp = 0;
	for (size_t k = i + 2; k < n; k++) {
		if (strcmp(lines[k], "none") == 0)
			continue;
		nexp++;
		size_t j;
		for (j = 0; j < c.n; j++)
			if (!c.v[j].used && strcmp(c.v[j].row, lines[k]) == 0)
				break;
		if (j == c.n) {
			CHECK(0, "%s:%ld: %s\n    expected %s\n    not among what came out", path,
			      line + (long)k, text, lines[k]);
			continue;
		}
		c.v[j].used = 1;
		CHECK(strcmp(rule, "*") == 0 || strcmp(rule, c.v[j].rule) == 0,
		      "%s:%ld: %s came from rule %s, expected %s", path, line + (long)k,
		      lines[k], c.v[j].rule, rule);
	}
	for (size_t j = 0; j < c.n; j++)
		CHECK(c.v[j].used, "%s:%ld: %s\n    unexpected row %s [%s]", path,
		      line + 1 + (long)i, text, c.v[j].row, c.v[j].rule);
	if (!nexp && !c.n)
		CHECK(1, "none");
}

static void run_file(struct extractor *x, const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[4096];
	char *lines[64];
	size_t n = 0;
	long lineno = 0, start = 0;

	if (!f) {
		CHECK(0, "%s: cannot open", path);
		return;
	}
	for (;;) {
		char *l = fgets(buf, sizeof buf, f);
		if (l) {
			lineno++;
			l[strcspn(l, "\n")] = '\0';
		}
		if (!l || !*l) {
			if (n)
				run_block(x, path, start, lines, n);
			for (size_t i = 0; i < n; i++)
				free(lines[i]);
			n = 0;
			if (!l)
				break;
			continue;
		}
		if (l[0] == '#')
			continue;
		if (!n)
			start = lineno;
		if (n < 64)
			lines[n++] = xstrdup(l);
	}
	fclose(f);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void report(void *ctx, const char *file, const struct diag *d)
{
	(void)ctx;
	diag_print(stdout, file, d, "error");
}

int main(void)
{
	struct rule_set *rs = rules_load("rules", report, NULL);
	DIR *d = opendir("tests/rules");
	char *names[256];
	size_t n = 0;

	CHECK(rs != NULL, "the default rules load");
	CHECK(d != NULL, "tests/rules exists");
	if (!rs || !d)
		return CHECK_DONE();
	struct dirent *de;
	while ((de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".test") == 0)
			names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	struct extractor *x = extractor_new(rs);
	for (size_t i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof path, "tests/rules/%s", names[i]);
		run_file(x, path);
		free(names[i]);
	}
	extractor_free(x);
	struct examples_result res;
	examples_run(rs, stdout, &res);
	CHECK(res.examples > 0 && res.failed == 0,
	      "the rules' examples: %zu of %zu failed", res.failed, res.examples);
	rules_free(rs);
	return CHECK_DONE();
}
