/* test_changes: extract/series/changes.c — new, revised, withdrawn and
 * stale points between the series.csv of one run and the set of the next,
 * and changes.csv as written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "series/changes.h"
#include "series/series.h"
#include "series/writers.h"
#include "base/xalloc.h"

static struct series_opts opts;

static void add(struct series_set *s, const char *doc, const char *ind,
		const char *value, const char *period)
{
	struct series_obs o = {
		.doc = doc, .indicator = ind, .measure = "growth", .value = value,
		.unit = "percent", .period = period, .status = "actual",
		.region = "运河区", .file = "t.csv", .line = 1,
	};
	struct diag d;

	if (series_add(s, &o, &d) < 0)
		printf("series_add: %s\n", d.msg);
}

/* The run before: gdp 2024-Q1 4.8 (d1), 2025-Q1 5.2 (d2); cpi 2024 0.3
 * (d1); retail 2024 3.5 (d3). */
static struct series_set *before(void)
{
	struct series_set *s = series_new(&opts);

	add(s, "d1", "gdp", "4.8", "2024-Q1");
	add(s, "d2", "gdp", "5.2", "2025-Q1");
	add(s, "d1", "cpi", "0.3", "2024");
	add(s, "d3", "retail_sales", "3.5", "2024");
	series_finish(s);
	return s;
}

/* This run: d2 now says 5.3, d1 is gone, d4 adds gdp 2025-H1, d3 is the
 * same. */
static struct series_set *after(void)
{
	struct series_set *s = series_new(&opts);

	add(s, "d2", "gdp", "5.3", "2025-Q1");
	add(s, "d4", "gdp", "5.5", "2025-H1");
	add(s, "d3", "retail_sales", "3.5", "2024");
	series_finish(s);
	return s;
}

static char *write_series(const struct series_set *s)
{
	char *path = xstrdup("/tmp/test_changes.XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f || series_write_long(s, f, 0) < 0) {
		CHECK(0, "cannot write %s", path);
	}
	if (f)
		fclose(f);
	return path;
}

static const struct change *find(const struct changes *c, const char *ind,
				 const char *period)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].indicator, ind) == 0 &&
		    strcmp(c->v[i].period, period) == 0)
			return &c->v[i];
	return NULL;
}

static char *written(const struct changes *c, int excel)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);

	CHECK(changes_write(c, f, excel) == 0, "changes_write");
	fclose(f);
	return p;
}

static void test_kinds(void)
{
	struct series_set *a = before(), *b = after();
	char *old = write_series(a);
	struct changes c;
	struct diag d;

	diag_clear(&d);
	CHECK(changes_compute(&c, old, b, NULL, 0, &d) == 0, "compute: %s", d.msg);
	CHECK(c.had_old, "the old series.csv was read");
	CHECK(c.count[CHANGE_NEW] == 1 && c.count[CHANGE_REVISED] == 1 &&
	      c.count[CHANGE_WITHDRAWN] == 2 && c.count[CHANGE_STALE] == 0,
	      "counts %zu %zu %zu %zu", c.count[0], c.count[1], c.count[2],
	      c.count[3]);
	const struct change *ch = find(&c, "gdp", "2025-Q1");
	CHECK(ch && ch->kind == CHANGE_REVISED && strcmp(ch->value, "5.3") == 0 &&
	      strcmp(ch->old_value, "5.2") == 0 && strcmp(ch->sources, "d2") == 0 &&
	      strcmp(ch->old_sources, "d2") == 0, "revised 2025-Q1");
	ch = find(&c, "gdp", "2025-H1");
	CHECK(ch && ch->kind == CHANGE_NEW && !*ch->old_value &&
	      strcmp(ch->sources, "d4") == 0, "new 2025-H1");
	ch = find(&c, "cpi", "2024");
	CHECK(ch && ch->kind == CHANGE_WITHDRAWN && !*ch->value &&
	      strcmp(ch->old_value, "0.3") == 0 && strcmp(ch->old_sources, "d1") == 0,
	      "withdrawn cpi 2024");
	CHECK(find(&c, "retail_sales", "2024") == NULL, "unchanged: not listed");

	/* by series, then period in time: cpi, gdp 2024-Q1, 2025-Q1, 2025-H1 */
	char *csv = written(&c, 0);
	const char *want =
		"change,series,indicator,name,measure,unit,status,region,scope,period,value,qualifier,sources,old_value,old_qualifier,old_sources\n"
		"withdrawn,cpi-growth-r";
	CHECK(csv && strncmp(csv, want, strlen(want)) == 0, "changes.csv:\n%s", csv);
	const char *q1 = strstr(csv, ",2024-Q1,"), *q25 = strstr(csv, ",2025-Q1,"),
		   *h1 = strstr(csv, ",2025-H1,");
	CHECK(q1 && q25 && h1 && q1 < q25 && q25 < h1, "period order:\n%s", csv);
	CHECK(strstr(csv, ",运河区,,2025-Q1,5.3,,d2,5.2,,d2\n") != NULL,
	      "revised row:\n%s", csv);
	free(csv);
	changes_free(&c);

	/* stale: d3 kept from a run before; its unchanged point is listed */
	const char *stale[] = {"d3"};
	CHECK(changes_compute(&c, old, b, stale, 1, &d) == 0, "compute stale");
	ch = find(&c, "retail_sales", "2024");
	CHECK(ch && ch->kind == CHANGE_STALE && c.count[CHANGE_STALE] == 1 &&
	      strcmp(ch->old_value, "3.5") == 0, "stale retail 2024");
	changes_free(&c);

	/* no old file: everything is new */
	CHECK(changes_compute(&c, "/nonexistent/series.csv", b, NULL, 0, &d) == 0 &&
	      !c.had_old && c.count[CHANGE_NEW] == 3 && c.n == 3, "first run");
	changes_free(&c);

	/* not a series.csv: reported, everything new */
	FILE *f = fopen(old, "w");
	fputs("a,b\n1,2\n", f);
	fclose(f);
	diag_clear(&d);
	CHECK(changes_compute(&c, old, b, NULL, 0, &d) == -1 &&
	      strstr(d.msg, "not a series.csv: no column 'series'") && d.line == 1 &&
	      c.count[CHANGE_NEW] == 3, "bad old file: %s", d.msg);
	changes_free(&c);
	changes_free(NULL);
	unlink(old);
	free(old);
	series_free(a);
	series_free(b);
}

static void test_excel(void)
{
	struct series_set *a = series_new(&opts), *b = series_new(&opts);
	struct changes c;
	struct diag d;

	add(a, "=cmd", "gdp", "-1.2", "2024");
	series_finish(a);
	char *old = write_series(a);
	series_finish(b);
	CHECK(changes_compute(&c, old, b, NULL, 0, &d) == 0 && c.n == 1,
	      "withdrawn");
	char *csv = written(&c, 1);
	CHECK(csv && strncmp(csv, "\xEF\xBB\xBF" "change,", 10) == 0, "BOM");
	/* the number stays a number, the doc id that looks like a formula
	 * does not run */
	CHECK(csv && strstr(csv, ",-1.2,,'=cmd\n"), "excel row:\n%s", csv);
	free(csv);
	changes_free(&c);
	unlink(old);
	free(old);
	series_free(a);
	series_free(b);
}

int main(void)
{
	test_kinds();
	test_excel();
	return CHECK_DONE();
}
