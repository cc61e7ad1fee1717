/* test_run: extract/run.c — the config file, the state file, the hash and
 * the summary line; one small job through run_job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "nightly/run.h"
#include "base/xalloc.h"

/* Config errors, kept as "line: message" lines. */
struct msgs {
	struct buf text;
	int n;
};

static void on_error(void *ctx, const char *file, const struct diag *d)
{
	struct msgs *m = ctx;

	buf_printf(&m->text, "%s:%ld: %s\n", file, d->line, d->msg);
	m->n++;
}

static int parse(const char *text, const char *dir, struct run_config *c,
		 struct msgs *m)
{
	buf_clear(&m->text);
	m->n = 0;
	return run_config_parse(text, strlen(text), "job.conf", dir, c, on_error, m);
}

static const char *msg(const struct msgs *m)
{
	return m->text.p ? m->text.p : "";
}

static void test_config_good(void)
{
	struct run_config c;
	struct msgs m = {0};

	int rc = parse("\xEF\xBB\xBF# the job\r\n"
		       "input   =   articles/new   # comment\r\n"
		       "\n"
		       "   # indented comment\n"
		       "output=out\n"
		       "rules = /abs/rules\n"
		       "charts = gdp, fixed_asset_investment cpi\n"
		       "region = 运河区\n"
		       "jobs = 8\n"
		       "plots = gp",
		       "/etc/zhibiao", &c, &m);
	CHECK(rc == 0, "good config: %s", msg(&m));
	CHECK(c.input && strcmp(c.input, "/etc/zhibiao/articles/new") == 0,
	      "input resolved against the config's folder: %s", c.input);
	CHECK(c.output && strcmp(c.output, "/etc/zhibiao/out") == 0, "output %s",
	      c.output);
	CHECK(c.nrules == 1 && strcmp(c.rules[0], "/abs/rules") == 0,
	      "absolute path kept: %s", c.nrules ? c.rules[0] : "");
	CHECK(!c.manifest, "no manifest");
	CHECK(c.region && strcmp(c.region, "运河区") == 0, "region");
	CHECK(c.jobs == 8, "jobs %d", c.jobs);
	CHECK(c.plots && strcmp(c.plots, "/etc/zhibiao/gp") == 0 && c.plots_line == 10,
	      "plots %s", c.plots);
	CHECK(!c.charts_all && c.ncharts == 3, "charts: %zu ids", c.ncharts);
	CHECK(c.ncharts == 3 && strcmp(c.charts[0], "gdp") == 0 &&
	      strcmp(c.charts[1], "fixed_asset_investment") == 0 &&
	      strcmp(c.charts[2], "cpi") == 0, "chart ids");
	CHECK(c.input_line == 2 && c.output_line == 5 && c.charts_line == 7 &&
	      c.jobs_line == 9, "lines %ld %ld %ld %ld", c.input_line,
	      c.output_line, c.charts_line, c.jobs_line);
	run_config_free(&c);

	rc = parse("manifest = m.csv\noutput = o\n", "", &c, &m);
	CHECK(rc == 0, "minimal config: %s", msg(&m));
	CHECK(c.manifest && strcmp(c.manifest, "m.csv") == 0,
	      "no folder: paths as written (%s)", c.manifest);
	CHECK(c.charts_all && c.jobs == 1 && !c.region && !c.rules && !c.plots,
	      "defaults: charts all, jobs 1");
	run_config_free(&c);

	/* rules in layers, each resolved against the config's folder */
	rc = parse("input = in\noutput = o\nrules = /abs/rules, local ,more/x.rules\n",
		   "/etc/zhibiao", &c, &m);
	CHECK(rc == 0 && c.nrules == 3 && strcmp(c.rules[0], "/abs/rules") == 0 &&
	      strcmp(c.rules[1], "/etc/zhibiao/local") == 0 &&
	      strcmp(c.rules[2], "/etc/zhibiao/more/x.rules") == 0 && c.rules_line == 3,
	      "rules layers: %s, %zu", msg(&m), c.nrules);
	run_config_free(&c);
	rc = parse("input = in\noutput = o\nrules = a,,b\n", "", &c, &m);
	CHECK(rc < 0 && strstr(msg(&m), "rules: an empty path in the list"),
	      "an empty rules layer: %s", msg(&m));
	run_config_free(&c);

	rc = parse("input = a#b\noutput = o\ncharts = none\njobs = auto\n", NULL,
		   &c, &m);
	CHECK(rc == 0, "'#' inside a value: %s", msg(&m));
	CHECK(c.input && strcmp(c.input, "a#b") == 0, "a#b kept: %s", c.input);
	CHECK(!c.charts_all && c.ncharts == 0, "charts none");
	CHECK(c.jobs >= 1 && c.jobs <= 256, "jobs auto: %d", c.jobs);
	run_config_free(&c);

	rc = parse("input = in\noutput = o\ndate = 2025年5月9日\n", NULL, &c, &m);
	CHECK(rc == 0 && c.date.y == 2025 && c.date.m == 5 && c.date.d == 9 &&
	      c.date_line == 3, "date key: %s", msg(&m));
	run_config_free(&c);
	rc = parse("input = in\noutput = o\n", NULL, &c, &m);
	CHECK(rc == 0 && !c.date.y && !c.date_line, "no date: none");
	run_config_free(&c);

	rc = parse("input = in\noutput = o\ncharts = all\n", "d/", &c, &m);
	CHECK(rc == 0 && c.charts_all, "charts all");
	CHECK(strcmp(c.input, "d/in") == 0, "folder with a slash: %s", c.input);
	run_config_free(&c);
	buf_free(&m.text);
}

static void test_config_errors(void)
{
	static const struct {
		const char *text;
		int n;                 /* errors expected */
		const char *want;      /* in the messages */
	} cases[] = {
		{"input = in\noutput = o\nfrobnicate = 1\n", 1,
		 "job.conf:3: unknown key 'frobnicate'"},
		{"input = in\noutput o\n", 1, "job.conf:2: expected 'key = value'"},
		{"input = in\noutput = o\ninput = x\n", 1,
		 "job.conf:3: 'input' is set twice (first on line 1)"},
		{"input =\noutput = o\n", 1, "job.conf:1: 'input' needs a value"},
		{"input = in\noutput = o\njobs = 0\n", 1,
		 "job.conf:3: jobs must be a number from 1 to 256 or auto, not '0'"},
		{"input = in\noutput = o\njobs = 257\n", 1, "job.conf:3: jobs must"},
		{"input = in\noutput = o\njobs = 4x\n", 1, "job.conf:3: jobs must"},
		{"input = in\noutput = o\njobs = -2\n", 1, "job.conf:3: jobs must"},
		{"# nothing\noutput = o\n\n", 1, "job.conf:3: no input"},
		{"input = in\n", 1, "job.conf:1: no output folder"},
		{"", 2, "job.conf:1: no input"},
		{"input = a\nmanifest = b\noutput = o\n", 1,
		 "job.conf:2: both 'input' (line 1) and 'manifest' (line 2)"},
		{"input = a\noutput = o\ncharts = gdp-growth\n", 1,
		 "job.conf:3: charts: 'gdp-growth' is not an indicator id"},
		{"input = a\noutput = o\ncharts = gdp all\n", 1,
		 "job.conf:3: charts: 'all' is not an indicator id"},
		{"input = a\noutput = o\ndate = 2025-02-30\n", 1,
		 "job.conf:3: date must be a date such as 2025-05-09"},
		{"input = a\noutput = o\ndate = May 9\n", 1, "job.conf:3: date must"},
		/* every error is reported, not only the first */
		{"input = a\nfoo = 1\nbar\njobs = x\n", 3, "job.conf:2: unknown key 'foo'"},
		{"input = a\nfoo = 1\njobs = x\n", 3, "job.conf:3: no output folder"},
	};
	struct msgs m = {0};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct run_config c;
		int rc = parse(cases[i].text, "", &c, &m);
		CHECK(rc == -1, "case %zu: expected an error", i);
		CHECK(m.n == cases[i].n, "case %zu: %d errors, expected %d:\n%s", i,
		      m.n, cases[i].n, msg(&m));
		CHECK(strstr(msg(&m), cases[i].want), "case %zu: expected '%s', got:\n%s",
		      i, cases[i].want, msg(&m));
		run_config_free(&c);
	}
	buf_free(&m.text);
}

static void test_config_load(void)
{
	char dir[] = "/tmp/test_run_XXXXXX";
	struct run_config c;
	struct msgs m = {0};

	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	char path[256];
	snprintf(path, sizeof path, "%s/report.conf", dir);
	FILE *f = fopen(path, "w");
	fputs("input = articles\noutput = ../out\n", f);
	fclose(f);
	int rc = run_config_load(path, &c, on_error, &m);
	CHECK(rc == 0, "load: %s", msg(&m));
	char want[300];
	snprintf(want, sizeof want, "%s/articles", dir);
	CHECK(c.input && strcmp(c.input, want) == 0, "input %s, want %s", c.input, want);
	snprintf(want, sizeof want, "%s/../out", dir);
	CHECK(c.output && strcmp(c.output, want) == 0, "output %s", c.output);
	CHECK(strcmp(c.file, path) == 0, "file %s", c.file);
	run_config_free(&c);
	unlink(path);

	buf_clear(&m.text);
	rc = run_config_load(path, &c, on_error, &m);
	CHECK(rc == -1 && strstr(msg(&m), "cannot read"), "missing file: %s", msg(&m));
	run_config_free(&c);
	run_config_free(NULL);
	rmdir(dir);
	buf_free(&m.text);
}

static void test_hash(void)
{
	/* FNV-1a 64 test vectors */
	CHECK(run_hash(RUN_HASH_INIT, "", 0) == UINT64_C(0xcbf29ce484222325), "''");
	CHECK(run_hash(RUN_HASH_INIT, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c), "'a'");
	CHECK(run_hash(RUN_HASH_INIT, "foobar", 6) == UINT64_C(0x85944171f73967e8),
	      "'foobar'");
	/* chained = whole */
	CHECK(run_hash(run_hash(RUN_HASH_INIT, "foo", 3), "bar", 3) ==
	      UINT64_C(0x85944171f73967e8), "chained");
}

static void test_state(void)
{
	struct run_state s = {0}, r;
	struct diag d;
	struct run_entry e1 = {"a/yh01.txt", "a/yh01.txt", 5123, 1732250000, 123456789,
			       UINT64_C(0x8f3c000000000001), UINT64_C(0x1be0ffffffffffff), 25, 0};
	struct run_entry e2 = {"b,\"odd\" name.txt", "doc 2", 0, 0, 0, 0, 1, 0, 1};

	run_state_add(&s, &e1);
	run_state_add(&s, &e2);
	s.settings = UINT64_C(0xea8ee319ab283c5c);
	s.rows = 25;
	s.series = 7;
	s.conflicts = 1;
	s.charts = 3;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	CHECK(run_state_write(&s, f) == 0, "write");
	fclose(f);
	CHECK(strncmp(text, "# zhibiao run state 1: settings=ea8ee319ab283c5c rows=25 series=7 conflicts=1 charts=3\n"
			    "path,doc,size,mtime,hash,store,rows,stale\n"
			    "a/yh01.txt,a/yh01.txt,5123,1732250000.123456789,8f3c000000000001,1be0ffffffffffff,25,0\n"
			    "\"b,\"\"odd\"\" name.txt\",doc 2,0,0,0000000000000000,0000000000000001,0,1\n",
		      len) == 0 && len > 100,
	      "state text:\n%s", text);

	f = fmemopen(text, len, "r");
	CHECK(run_state_read_stream(f, &r, &d) == 0, "read back: %s", d.msg);
	fclose(f);
	CHECK(r.n == 2 && r.settings == s.settings && r.rows == 25 && r.series == 7 &&
	      r.conflicts == 1 && r.charts == 3, "header fields");
	if (r.n == 2) {
		CHECK(strcmp(r.v[0].path, e1.path) == 0 && strcmp(r.v[0].doc, e1.doc) == 0 &&
		      r.v[0].size == 5123 && r.v[0].mtime_sec == 1732250000 &&
		      r.v[0].mtime_nsec == 123456789 && r.v[0].hash == e1.hash &&
		      r.v[0].key == e1.key && r.v[0].rows == 25, "entry 1");
		CHECK(strcmp(r.v[1].path, e2.path) == 0 && r.v[1].mtime_sec == 0 &&
		      r.v[1].key == 1 && r.v[1].stale == 1 && r.v[0].stale == 0,
		      "entry 2 (quoted path, stale)");
	}
	const struct run_entry *found = run_state_find(&r, "doc 2");
	CHECK(found && found->key == 1, "find doc 2");
	CHECK(run_state_find(&r, "a/yh01.txt") == &r.v[0], "find yh01");
	CHECK(!run_state_find(&r, "nope"), "find missing");
	struct run_entry e3 = {"c.txt", "c", 1, 0, 0, 2, 3, 4, 0};
	run_state_add(&r, &e3);
	CHECK(run_state_find(&r, "c") != NULL, "find after add");
	run_state_free(&r);
	run_state_free(&s);
	free(text);

	/* a state written before the stale column: nothing stale */
	static const char old_state[] =
		"# zhibiao run state 1: settings=0000000000000000 rows=3 series=0 conflicts=0 charts=0\n"
		"path,doc,size,mtime,hash,store,rows\n"
		"x.txt,x.txt,9,0,0000000000000001,0000000000000002,3\n";
	f = fmemopen((void *)old_state, sizeof old_state - 1, "r");
	CHECK(run_state_read_stream(f, &r, &d) == 0 && r.n == 1 && r.v[0].stale == 0 &&
	      r.v[0].rows == 3, "state without stale: %s", d.msg);
	fclose(f);
	run_state_free(&r);

	/* bad state files: the line at fault */
	static const struct {
		const char *text;
		long line;
		const char *want;
	} bad[] = {
		{"", 1, "empty"},
		{"path,doc\n", 1, "not a zhibiao run state file"},
		{"# zhibiao run state 2: settings=0 rows=0 series=0 conflicts=0 charts=0\n", 1,
		 "not a zhibiao run state file"},
		{"# zhibiao run state 1: settings=00 rows=0 series=0 conflicts=0 charts=0\npath,doc,size,mtime,hash,store\n",
		 2, "no column 'rows'"},
		{"# zhibiao run state 1: settings=00 rows=0 series=0 conflicts=0 charts=0\n"
		 "path,doc,size,mtime,hash,store,rows\n"
		 "a,a,1,0,0000000000000000,0000000000000001,1\n"
		 "b,b,1,0,xyz,0000000000000001,1\n", 4, "bad hash"},
		{"# zhibiao run state 1: settings=00 rows=0 series=0 conflicts=0 charts=0\n"
		 "path,doc,size,mtime,hash,store,rows\n"
		 "b,b,-1,0,0000000000000000,0000000000000001,1\n", 3, "bad size"},
		{"# zhibiao run state 1: settings=00 rows=0 series=0 conflicts=0 charts=0\n"
		 "path,doc,size,mtime,hash,store,rows\n"
		 "b,b,1,12.5,0000000000000000,0000000000000001,1\n", 3, "bad mtime"},
		{"# zhibiao run state 1: settings=00 rows=0 series=0 conflicts=0 charts=0\n"
		 "path,doc,size,mtime,hash,store,rows\n"
		 ",b,1,0,0000000000000000,0000000000000001,1\n", 3, "empty path"},
		{"# zhibiao run state 1: settings=00 rows=0 series=0 conflicts=0 charts=0\n"
		 "path,doc,size,mtime,hash,store,rows,stale\n"
		 "b,b,1,0,0000000000000000,0000000000000001,1,yes\n", 3, "bad stale"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f = fmemopen((void *)bad[i].text, strlen(bad[i].text) + !*bad[i].text, "r");
		if (!*bad[i].text) {
			fclose(f);
			f = fopen("/dev/null", "r");
		}
		int rc = run_state_read_stream(f, &r, &d);
		fclose(f);
		CHECK(rc == -1 && d.line == bad[i].line && strstr(d.msg, bad[i].want),
		      "bad state %zu: rc %d line %ld '%s'", i, rc, d.line, d.msg);
		CHECK(r.n == 0, "bad state %zu: empty", i);
		run_state_free(&r);
	}

	/* a missing file is an empty state */
	CHECK(run_state_read("/nonexistent/state.csv", &r, &d) == 0 && r.n == 0,
	      "missing state file");
	run_state_free(&r);
	run_state_free(NULL);
}

static void test_summary(void)
{
	struct run_summary s = {.seen = 11, .added = 1, .changed = 2, .removed = 3,
				.failed = 4, .extracted = 5, .rows = 281,
				.series = 96, .conflicts = 3, .points_new = 6,
				.points_revised = 7, .points_withdrawn = 8,
				.charts = 40, .elapsed = 0.214};
	char buf[256];

	run_summary_format(&s, buf, sizeof buf);
	CHECK(strcmp(buf, "documents=11 new=1 changed=2 removed=3 failed=4 skipped=0 extracted=5 rows=281 series=96 conflicts=3 points_new=6 points_revised=7 points_withdrawn=8 charts=40 elapsed=0.21s") == 0,
	      "summary: %s", buf);
}

/* One job through run_job: a folder with one article and one that is not
 * text; then a config whose input is missing. */
static void test_job(void)
{
	char dir[] = "/tmp/test_run_XXXXXX";
	char p[512];
	struct run_config c;
	struct run_summary sum;
	struct msgs m = {0};
	char *errs = NULL;
	size_t nerrs = 0;

	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(p, sizeof p, "%s/in", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/in/a.txt", dir);
	FILE *f = fopen(p, "w");
	fputs("2024年全区实现地区生产总值1342.6亿元，增长5.5%。\n", f);
	fclose(f);
	snprintf(p, sizeof p, "%s/in/b.txt", dir);
	f = fopen(p, "w");
	fputs("\x80\x80\x80", f);
	fclose(f);
	char conf[1024], cwd[512];
	/* the rules are the caller's to give (run.h): the checkout's */
	snprintf(conf, sizeof conf, "input = %s/in\noutput = %s/out\ncharts = none\nregion = 运河区\nrules = %s/rules\n",
		 dir, dir, getcwd(cwd, sizeof cwd));
	CHECK(parse(conf, "", &c, &m) == 0, "job config: %s", msg(&m));
	FILE *err = open_memstream(&errs, &nerrs);
	struct run_opts o = {.wait = 1, .version = "test", .err = err};
	int rc = run_job(&c, &o, &sum);
	fflush(err);
	CHECK(rc == 1, "one document failed: rc %d, %s", rc, errs);
	CHECK(sum.seen == 2 && sum.added == 1 && sum.failed == 1 && sum.extracted == 1,
	      "counts: seen %ld new %ld failed %ld extracted %ld", sum.seen, sum.added,
	      sum.failed, sum.extracted);
	CHECK(sum.rows == 2, "rows %ld", sum.rows);
	CHECK(errs && strstr(errs, "b.txt") && strstr(errs, "skipped"), "message: %s", errs);
	snprintf(p, sizeof p, "%s/out/state.csv", dir);
	struct run_state s;
	struct diag d;
	CHECK(run_state_read(p, &s, &d) == 0 && s.n == 1 &&
	      strcmp(s.v[0].doc, "a.txt") == 0 && s.v[0].rows == 2,
	      "state: %zu entries", s.n);
	run_state_free(&s);
	rc = run_job(&c, &o, &sum);
	CHECK(rc == 1 && sum.added == 0 && sum.extracted == 0 && sum.failed == 1,
	      "second run: rc %d new %ld extracted %ld", rc, sum.added, sum.extracted);
	run_config_free(&c);

	snprintf(conf, sizeof conf, "input = %s/nowhere\noutput = %s/out2\n", dir, dir);
	CHECK(parse(conf, "", &c, &m) == 0, "config");
	fflush(err);
	size_t before = nerrs;
	rc = run_job(&c, &o, &sum);
	fflush(err);
	CHECK(rc == -1 && strstr(errs + before, "job.conf:1: error: input folder"),
	      "missing input: %s", errs + before);
	run_config_free(&c);
	fclose(err);
	free(errs);
	buf_free(&m.text);
	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	CHECK(system(p) == 0, "cleanup");
}

int main(void)
{
	test_config_good();
	test_config_errors();
	test_config_load();
	test_hash();
	test_state();
	test_summary();
	test_job();
	return CHECK_DONE();
}
