/* test_eval: extract/eval.c against reports of ../shared/tools/score.py.
 * The files tests/eval/NAME.expected were made once, from the repository
 * root, with
 *   S=../shared/tools/score.py E=tests/eval
 *   A="$E/gold.csv $E/obs.csv --indicators $E/indicators.csv"
 *   python3 $S $A > $E/basic.expected
 *   python3 $S $A --show 1 > $E/show1.expected
 *   python3 $S $A --show=-2 > $E/show_neg.expected
 *   python3 $S $A --only-gold-docs > $E/only_gold_docs.expected
 * and by_indicator.expected, by_measure_show1.expected with zhibiao eval
 * --by indicator (--by measure --show 1), whose tables were checked against
 * the same per-group counts computed with score.py's load() and matches(). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "eval/eval.h"
#include "base/table.h"

#define GOLD "tests/eval/gold.csv"
#define OBS "tests/eval/obs.csv"
#define INDICATORS "tests/eval/indicators.csv"

static const char *const ids[] = {
	"gdp", "fixed_asset_investment", "major_project_start_rate",
	"specialized_smes", "policy_funds_paid", "retail_sales", "exports",
	"cpi", "rd_intensity", NULL,
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096)
			p = realloc(p, cap = 2 * cap + 4096);
		got = fread(p + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return p;
}

/* Runs eval_run and compares its report with the file want. */
static void check_report(const char *name, const struct eval_opts *o,
			 const char *want_path, struct eval_result *res)
{
	char *got = NULL, *want;
	size_t got_len = 0, want_len = 0;
	FILE *out = open_memstream(&got, &got_len);
	struct diag d;
	const char *bad = NULL;

	int rc = eval_run(o, out, res, &d, &bad);
	fclose(out);
	CHECK(rc == 0, "%s: eval_run failed: %s: %s", name, bad ? bad : "-",
	      d.msg);
	want = slurp(want_path, &want_len);
	CHECK(want != NULL, "%s: cannot read %s", name, want_path);
	if (want) {
		size_t i = 0;
		while (i < got_len && i < want_len && got[i] == want[i])
			i++;
		CHECK(got_len == want_len && i == got_len,
		      "%s: report differs from %s at byte %zu\n"
		      "--- got\n%s--- want\n%.*s", name, want_path, i, got,
		      (int)want_len, want);
	}
	free(want);
	free(got);
}

static struct eval_opts opts(void)
{
	struct eval_opts o = {
		.gold = GOLD,
		.obs = OBS,
		.indicators = INDICATORS,
		.show = 50,
	};
	return o;
}

static void test_reports(void)
{
	struct eval_opts o = opts();
	struct eval_result r;

	check_report("basic", &o, "tests/eval/basic.expected", &r);
	CHECK(r.tp == 8 && r.fp == 4 && r.fn == 3 && r.unscored == 2,
	      "basic: tp=%ld fp=%ld fn=%ld unscored=%ld", r.tp, r.fp, r.fn,
	      r.unscored);
	CHECK(r.precision == 8.0 / 12.0 && r.recall == 7.0 / 10.0 &&
		      r.qualifier == 7.0 / 8.0,
	      "basic: precision=%g recall=%g qualifier=%g", r.precision,
	      r.recall, r.qualifier);
	CHECK(fabs(r.f1 - 2 * (8.0 / 12) * 0.7 / (8.0 / 12 + 0.7)) < 1e-15,
	      "basic: f1=%g", r.f1);

	o.show = 1;
	check_report("show 1", &o, "tests/eval/show1.expected", &r);
	o.show = -2;
	check_report("show -2", &o, "tests/eval/show_neg.expected", &r);

	o = opts();
	o.only_gold_docs = 1;
	check_report("only gold docs", &o, "tests/eval/only_gold_docs.expected",
		     &r);
	CHECK(r.tp == 8 && r.fp == 3 && r.fn == 3 && r.unscored == 2,
	      "only gold docs: tp=%ld fp=%ld fn=%ld unscored=%ld", r.tp,
	      r.fp, r.fn, r.unscored);

	/* --by: the report with a table per indicator or measure before the
	 * summary line, the figures unchanged */
	o = opts();
	o.by = "indicator";
	check_report("by indicator", &o, "tests/eval/by_indicator.expected", &r);
	CHECK(r.tp == 8 && r.fp == 4 && r.fn == 3 && r.unscored == 2,
	      "by indicator: tp=%ld fp=%ld fn=%ld unscored=%ld", r.tp, r.fp,
	      r.fn, r.unscored);
	o.by = "measure";
	o.show = 1;
	check_report("by measure", &o, "tests/eval/by_measure_show1.expected", &r);

	/* the same vocabulary given as an array */
	o = opts();
	o.indicators = NULL;
	o.vocab = ids;
	check_report("vocab array", &o, "tests/eval/basic.expected", &r);

	/* no vocabulary at all: every unmatched row is unscored */
	o.vocab = NULL;
	char *p = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&p, &len);
	struct diag d;
	CHECK(eval_run(&o, out, &r, &d, NULL) == 0, "no vocab: %s", d.msg);
	fclose(out);
	CHECK(r.tp == 8 && r.fp == 0 && r.unscored == 6 && r.precision == 1.0,
	      "no vocab: tp=%ld fp=%ld unscored=%ld", r.tp, r.fp, r.unscored);
	free(p);
}

static void test_bad_files(void)
{
	struct eval_opts o = opts();
	struct eval_result r;
	struct diag d;
	const char *bad = NULL;
	FILE *out = fopen("/dev/null", "w");

	o.gold = "tests/eval/bad_gold.csv";
	CHECK(eval_run(&o, out, &r, &d, &bad) == -1, "bad gold accepted");
	CHECK(bad && strcmp(bad, o.gold) == 0, "bad gold: path %s",
	      bad ? bad : "(null)");
	/* score.py: tests/eval/bad_gold.csv: missing columns [...] */
	CHECK(strcmp(d.msg, "missing columns ['value', 'required']") == 0,
	      "bad gold: [%s]", d.msg);

	o = opts();
	o.obs = "tests/eval/no-such-file.csv";
	CHECK(eval_run(&o, out, &r, &d, &bad) == -1 && bad == o.obs &&
		      strcmp(d.msg, strerror(ENOENT)) == 0,
	      "missing obs: [%s]", d.msg);

	o = opts();
	o.indicators = GOLD; /* has no id column */
	CHECK(eval_run(&o, out, &r, &d, &bad) == -1 && bad == o.indicators &&
		      strcmp(d.msg, "missing columns ['id']") == 0,
	      "indicators without id: [%s]", d.msg);
	fclose(out);
}

/* Writes rows[0..n) of width w to path with the table writer. */
static void write_csv(const char *path, const char *const *rows, size_t n,
		      size_t w)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		exit(2);
	}
	for (size_t i = 0; i < n; i++)
		table_write_row(f, rows + i * w, w);
	fclose(f);
}

/* same_value as Python's float() sees the text; each answer was checked
 * once with score.py's own same_value. */
static void test_values(void)
{
	static const struct {
		const char *gold, *pred;
		int same;
	} cases[] = {
		{"1e-7", "0", 1},          {"inf", "5", 1},
		{"-inf", "Infinity", 1},   {"inf", "inf", 0},
		{"nan", "nan", 0},         {"1_0", "10", 1},
		{"１０", "10", 1},         {"٣", "3", 1},
		{"0x10", "16", 0},         {"", "", 0},
		{" 10\u3000", "10", 1},    {"1e", "1", 0},
		{".5", "0.5", 1},          {"5.", "5", 1},
		{"1__0", "10", 0},         {"+1E+1", "10", 1},
		{"100.0001", "100", 1},    {"100.00009", "100", 1},
		{"1e400", "inf", 0},       {"-0", "0", 1},
		{"1.0000011", "1", 0},     {"1.0000009", "1", 1},
		{"nan(1)", "nan", 0},      {"10\x1c", "10", 0},
		{"1,5", "1.5", 0},         {"１.５", "1.5", 1},
		{"1e1_0", "1e10", 1},      {"_1", "1", 0},
		{"1_", "1", 0},            {"INFINITY", "5", 1},
		{"infinit", "5", 0},       {"1 0", "10", 0},
		{"10\u200b", "10", 0},     {"16190001619", "16190000000", 1},
		{"-2.5000001", "-2.5", 1}, {"16190016191", "16190000000", 0},
	};
	char dir[] = "/tmp/test_eval_XXXXXX";
	char gold[64], obs[64];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(gold, sizeof gold, "%s/gold.csv", dir);
	snprintf(obs, sizeof obs, "%s/obs.csv", dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *g[] = {
			"doc", "indicator", "measure", "value", "unit",
			"period", "status", "scope", "required",
			"d", "gdp", "level", cases[i].gold, "CNY",
			"2025", "actual", "", "1",
		};
		const char *p[] = {
			"doc", "indicator", "measure", "value", "unit",
			"period", "status", "qualifier", "scope", "region",
			"line", "evidence", "rule",
			"d", "gdp", "level", cases[i].pred, "CNY", "2025",
			"actual", "", "", "", "1", "", "r",
		};
		struct eval_opts o = {.gold = gold, .obs = obs, .vocab = ids};
		struct eval_result r;
		struct diag d;
		FILE *out = fopen("/dev/null", "w");

		write_csv(gold, g, 2, 9);
		write_csv(obs, p, 2, 13);
		int rc = eval_run(&o, out, &r, &d, NULL);
		fclose(out);
		CHECK(rc == 0 && r.tp == cases[i].same,
		      "value case %zu: [%s] vs [%s]: rc %d tp %ld, want %d (%s)",
		      i, cases[i].gold, cases[i].pred, rc, r.tp,
		      cases[i].same, d.msg);
	}
	unlink(gold);
	unlink(obs);
	rmdir(dir);
}

int main(void)
{
	test_reports();
	test_bad_files();
	test_values();
	return CHECK_DONE();
}
