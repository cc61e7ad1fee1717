/* main: the zhibiao command line — options, inputs, outputs, exit status. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/atomic.h"
#include "base/fs.h"
#include "base/utf8.h"
#include "base/diag.h"
#include "pipeline/emit.h"
#include "eval/eval.h"
#include "pipeline/extract.h"
#include "pipeline/ingest.h"
#include "pipeline/normalize.h"
#include "pipeline/number.h"
#include "pipeline/job.h"
#include "pipeline/manifest.h"
#include "pipeline/period.h"
#include "pipeline/records.h"
#include "pipeline/rules.h"
#include "base/table.h"
#include "base/xalloc.h"

#ifndef ZHIBIAO_VERSION
#define ZHIBIAO_VERSION "0.1.0"
#endif
#ifndef ZHIBIAO_RULES_DIR
#define ZHIBIAO_RULES_DIR "rules"
#endif

enum exit_status {
	EXIT_OK = 0,
	EXIT_DOCS_FAILED = 1,     /* some documents could not be read */
	EXIT_USAGE = 2,           /* usage, system or rule error */
};

static const char usage_text[] =
	"usage: zhibiao COMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"Finds the economic figures Chinese articles report and writes them as\n"
	"observation rows (CSV, see SCHEMA.md).\n"
	"\n"
	"commands:\n"
	"  extract       read articles, write observations.csv\n"
	"  check-rules   validate rule files and run their examples\n"
	"  parse-number  show how numbers are read (150 pp, 108000000 CNY ...)\n"
	"  eval          precision/recall of observations against a gold file\n"
	"  series        merge observations into time series, pivot, xlsx\n"
	"  records       documents as one line each, for streaming engines\n"
	"  plot          charts (PNG, SVG, PDF) from a series folder\n"
	"  run           the scheduled job: new articles in, every output rebuilt\n"
	"\n"
	"  zhibiao COMMAND --help   options of a command\n"
	"  zhibiao --version\n"
	"\n"
	"exit status: 0 ok, 1 some documents failed, 2 usage, system or rule error\n";

static const char extract_help[] =
	"usage: zhibiao extract [OPTIONS] [FILE|DIR|-]...\n"
	"\n"
	"Reads articles (files, directories searched recursively for *.txt, '-'\n"
	"for standard input, or a manifest) and writes one CSV row per figure.\n"
	"\n"
	"  --manifest FILE  CSV with doc,path,date,region (paths relative to it)\n"
	"  --date DATE      document date YYYY-MM-DD for inputs not in a manifest\n"
	"                   (else a date found in the text, such as a masthead)\n"
	"  --region NAME    region for inputs not in a manifest\n"
	"  --rules PATH     rule directory or file (default: $ZHIBIAO_RULES or\n"
	"                   " ZHIBIAO_RULES_DIR ")\n"
	"  -o FILE          output file, written atomically (default: stdout)\n"
	"  -j N             run documents on N worker threads; the output is the\n"
	"                   same as with one, in input order\n"
	"  --records        the inputs are record files (one document a line, see\n"
	"                   zhibiao records --help), for streaming engines\n"
	"  --no-header      leave out the CSV header (map outputs to concatenate)\n"
	"  --excel          for Excel and WPS: a UTF-8 BOM, and text cells starting\n"
	"                   with = + - @ get a leading ' (numbers stay numbers)\n"
	"  --stats          print per-stage timing to stderr at the end\n"
	"\n"
	"A document that cannot be read is reported (file and byte offset) and\n"
	"skipped; the others are processed.  Exit 1 if any was skipped.\n";

static const char records_help[] =
	"usage: zhibiao records [OPTIONS] [FILE|DIR|-]...\n"
	"\n"
	"Writes documents as records, one a line, for streaming engines (Hadoop\n"
	"Streaming, Spark RDD.pipe) whose mapper runs zhibiao extract --records -:\n"
	"  DOC<TAB>DATE<TAB>REGION<TAB>TEXT  with \\\\ \\t \\n \\r escaped in every field.\n"
	"\n"
	"  --manifest FILE  CSV with doc,path,date,region (paths relative to it)\n"
	"  --date DATE      date for inputs not in a manifest\n"
	"  --region NAME    region for inputs not in a manifest\n"
	"  -o FILE          output file (default: stdout)\n";

static const char check_help[] =
	"usage: zhibiao check-rules [PATH]...\n"
	"\n"
	"Loads each rule directory or file (default: the default rules), reports\n"
	"every error as FILE:LINE:COL, then runs every 'example:' line and\n"
	"reports those whose rows differ from what they expect.\n"
	"\n"
	"  --keywords   also list each pattern's prefilter keywords: a sentence\n"
	"               holding none of them is not matched against it\n";

static const char number_help[] =
	"usage: zhibiao parse-number TEXT...\n"
	"\n"
	"Prints VALUE UNIT for each argument in the schema's canonical units\n"
	"(150 pp, 32000 count, 10.5 percent, 1 rank, 108000000 CNY), or an\n"
	"error line for text that is not a number.  Exit 1 if any was not.\n";

static const char eval_help[] =
	"usage: zhibiao eval [OPTIONS] GOLD.csv OBSERVATIONS.csv\n"
	"\n"
	"Scores observations against a labeled gold file exactly as score.py:\n"
	"lists missed rows and false positives, then\n"
	"tp=.. fp=.. fn=.. unscored=.. precision=.. recall=.. f1=.. qualifier=..\n"
	"\n"
	"  --indicators FILE   vocabulary CSV with an id column (default: the\n"
	"                      indicators of the rules)\n"
	"  --rules PATH        rules whose indicators are the default vocabulary\n"
	"  --show N            rows listed per section (default 50)\n"
	"  --only-gold-docs    ignore rows of documents the gold never names\n"
	"  --min-precision P   exit 1 when precision is below P\n"
	"  --min-recall R      exit 1 when recall is below R\n";

/* ---- output files: base/atomic, errors printed on stderr ---- */

static const struct diag_sink err_sink = {diag_print_report, NULL};

static FILE *out_open(struct atomic_file *a, const char *path)
{
	FILE *f = atomic_open(a, path, &err_sink);

	if (f)
		atomic_unlink_on_signals();
	return f;
}

/* ---- rules ---- */

static void print_rule_error(void *ctx, const char *file, const struct diag *d)
{
	(void)ctx;
	diag_print(stderr, file, d, "error");
}

static const char *default_rules(void)
{
	const char *env = getenv("ZHIBIAO_RULES");

	return env && *env ? env : ZHIBIAO_RULES_DIR;
}

/* ---- extract ---- */

struct input {
	char *path;
	char *doc;
	char *region;
	struct date date;
	int failed;               /* already reported (bad manifest row) */
};

struct inputs {
	struct input *v;
	size_t n, cap;
};

static void inputs_add(struct inputs *in, const char *path, const char *doc,
		       const char *region, struct date date)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 16;
		in->v = xrealloc(in->v, in->cap * sizeof *in->v);
	}
	struct input *i = &in->v[in->n++];
	i->path = xstrdup(path);
	i->doc = xstrdup(doc);
	i->region = region ? xstrdup(region) : NULL;
	i->date = date;
	i->failed = 0;
}

static void inputs_free(struct inputs *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].path);
		free(in->v[i].doc);
		free(in->v[i].region);
	}
	free(in->v);
}

struct dir_ctx {
	struct inputs *in;
	const char *region;
	struct date date;
	int problems;
};

/* A file of a folder input: the *.txt are documents. */
static void dir_file(void *ctx, const char *path, const char *rel,
		     const char *name)
{
	struct dir_ctx *c = ctx;
	size_t l = strlen(name);

	(void)rel;
	if (l > 4 && strcmp(name + l - 4, ".txt") == 0) {
		/* the doc column is UTF-8: a name that is not (a GBK file
		 * name) is written with \xNN escapes */
		char *doc = utf8_escaped(path);
		if (strcmp(doc, path) != 0)
			fprintf(stderr, "zhibiao: %s: warning: the file name is not UTF-8; its doc id is %s\n",
				doc, doc);
		inputs_add(c->in, path, doc, c->region, c->date);
		free(doc);
	}
}

static void dir_problem(void *ctx, const char *path, const char *rel,
			const char *name, enum fs_problem what, int err)
{
	struct dir_ctx *c = ctx;

	(void)rel;
	(void)name;
	c->problems++;
	switch (what) {
	case FS_LOOP:
		fprintf(stderr, "zhibiao: %s: warning: directory loop (symlink?); skipped\n", path);
		break;
	case FS_TOO_DEEP:
		fprintf(stderr, "zhibiao: %s: warning: directories nested too deep; skipped\n", path);
		break;
	case FS_UNREADABLE:
		fprintf(stderr, "zhibiao: %s: error: %s\n", path, strerror(err));
		break;
	case FS_DANGLING:
		fprintf(stderr, "zhibiao: %s: error: %s (dangling symlink?); skipped\n",
			path, strerror(err));
		break;
	}
}

/* Adds the *.txt files under dir, sorted, recursively.  Returns the number
 * of problems reported. */
static int add_dir(struct inputs *in, const char *dir, const char *region,
		   struct date date)
{
	struct dir_ctx c = {in, region, date, 0};
	struct fs_walk_ops ops = {dir_file, dir_problem, &c};

	fs_walk(dir, &ops);
	return c.problems;
}

/* A manifest row as an input; bad rows become failed inputs. */
static void manifest_row(void *ctx, const struct manifest_row *r)
{
	struct inputs *in = ctx;

	inputs_add(in, r->path, r->doc, r->region, r->date);
	in->v[in->n - 1].failed = r->why != NULL;
}

/* Reads a manifest into in (manifest.h).  Returns -1 when it cannot be
 * used at all. */
static int add_manifest(struct inputs *in, const char *path)
{
	return manifest_read(path, stderr, manifest_row, in);
}

/* The inputs of extract and records: files, directories, '-', a manifest.
 * Returns the exit status so far (EXIT_OK, EXIT_DOCS_FAILED for problems
 * already reported, EXIT_USAGE when the manifest is unusable). */
static int gather_inputs(struct inputs *in, const char *manifest, char **args,
			 int nargs, const char *region, struct date date)
{
	int status = EXIT_OK;

	if (manifest && add_manifest(in, manifest) < 0)
		return EXIT_USAGE;
	for (int i = 0; i < nargs; i++) {
		struct stat st;
		if (strcmp(args[i], "-") == 0) {
			inputs_add(in, "-", "-", region, date);
		} else if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (add_dir(in, args[i], region, date))
				status = EXIT_DOCS_FAILED;
		} else {
			inputs_add(in, args[i], args[i], region, date);
		}
	}
	return status;
}

/* Options shared by extract and records. */
struct in_opts {
	const char *manifest, *region, *rules, *out;
	struct date date;
	int jobs, stats, records, header, excel;
	char **args;
	int nargs;
};

/* Parses the options of extract (records when rec is set); returns -1 after
 * printing help (status 0), 2 on a usage error, 0 to go on. */
static int parse_in_opts(int argc, char **argv, struct in_opts *o, int rec)
{
	o->rules = default_rules();
	o->jobs = 1;
	o->header = 1;
	o->args = xcalloc((size_t)argc + 1, sizeof *o->args);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
#define ARG(name) (strcmp(a, name) == 0 && i + 1 < argc ? argv[++i] : NULL)
		const char *v;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(rec ? records_help : extract_help, stdout);
			return -1;
		} else if ((v = ARG("--manifest"))) {
			o->manifest = v;
		} else if ((v = ARG("--date"))) {
			if (!date_parse(v, &o->date)) {
				fprintf(stderr, "zhibiao: %s: --date '%s' is not a valid YYYY-MM-DD\n",
					argv[0], v);
				return EXIT_USAGE;
			}
		} else if ((v = ARG("--region"))) {
			o->region = v;
		} else if (!rec && (v = ARG("--rules"))) {
			o->rules = v;
		} else if ((v = ARG("-o")) || (v = ARG("--output"))) {
			o->out = v;
		} else if (!rec && ((v = ARG("-j")) || (v = ARG("--jobs")))) {
			char *end;
			long j = strtol(v, &end, 10);
			if (*end || j < 1 || j > 256) {
				fprintf(stderr, "zhibiao: extract: -j takes a number of workers, 1 to 256\n");
				return EXIT_USAGE;
			}
			o->jobs = (int)j;
		} else if (!rec && strcmp(a, "--stats") == 0) {
			o->stats = 1;
		} else if (!rec && strcmp(a, "--records") == 0) {
			o->records = 1;
		} else if (!rec && strcmp(a, "--no-header") == 0) {
			o->header = 0;
		} else if (!rec && strcmp(a, "--excel") == 0) {
			o->excel = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "zhibiao: %s: unknown option '%s' (or missing value); see zhibiao %s --help\n",
				argv[0], a, argv[0]);
			return EXIT_USAGE;
		} else {
			o->args[o->nargs++] = argv[i];
		}
#undef ARG
	}
	if (!o->manifest && !o->nargs) {
		fprintf(stderr, "zhibiao: %s: no input (files, directories, '-' or --manifest); see zhibiao %s --help\n",
			argv[0], argv[0]);
		return EXIT_USAGE;
	}
	if (o->records && o->manifest) {
		fprintf(stderr, "zhibiao: extract: --records reads record files or '-', not a manifest\n");
		return EXIT_USAGE;
	}
	return 0;
}

/* A job source over record files read one after the other. */
struct record_files {
	char **paths;
	int n, i;
	struct record_reader r;
	int bad;
};

static int record_files_next(void *ctx, struct job_input *in, struct buf *store,
			     FILE *err)
{
	struct record_files *rf = ctx;

	for (;;) {
		if (!rf->r.f) {
			if (rf->i >= rf->n)
				return 0;
			const char *p = rf->paths[rf->i++];
			rf->r.path = strcmp(p, "-") == 0 ? "<stdin>" : p;
			rf->r.line = 0;
			rf->r.f = strcmp(p, "-") == 0 ? stdin : fopen(p, "r");
			if (!rf->r.f) {
				fprintf(err, "zhibiao: %s: error: %s; skipped\n", p,
					strerror(errno));
				rf->bad = 1;
				continue;
			}
		}
		int got = records_next(&rf->r, in, store, err);
		if (got > 0) {
			rf->bad |= in->failed;
			return got;
		}
		rf->bad |= got < 0;
		if (rf->r.f != stdin)
			fclose(rf->r.f);
		rf->r.f = NULL;
	}
}

static int cmd_extract(int argc, char **argv)
{
	struct in_opts o = {0};
	struct inputs in = {0};
	struct rule_set *rs = NULL;
	int status = parse_in_opts(argc, argv, &o, 0);

	if (status)
		goto out;
	rs = rules_load(o.rules, print_rule_error, NULL);
	if (!rs) {
		fprintf(stderr, "zhibiao: rules in %s have errors; nothing extracted\n", o.rules);
		status = EXIT_USAGE;
		goto out;
	}
	if (!o.records &&
	    (status = gather_inputs(&in, o.manifest, o.args, o.nargs, o.region,
				    o.date)) == EXIT_USAGE)
		goto out;

	struct atomic_file af;
	FILE *out = out_open(&af, o.out);
	if (!out) {
		status = EXIT_USAGE;
		goto out;
	}
	/* the inputs as job inputs, or record files read as they go */
	struct job_input *ji = xcalloc(in.n + 1, sizeof *ji);
	for (size_t i = 0; i < in.n; i++)
		ji[i] = (struct job_input){.path = in.v[i].path, .doc = in.v[i].doc,
					   .region = in.v[i].region, .date = in.v[i].date,
					   .failed = in.v[i].failed};
	struct job_array arr = {ji, in.n, 0};
	struct record_files rf = {o.args, o.nargs, 0, {0}, 0};
	struct job_source src = o.records ?
		(struct job_source){record_files_next, &rf} :
		(struct job_source){job_array_next, &arr};
	struct job_opts jo = {o.jobs, o.stats, o.excel};
	struct job_result res;
	/* the BOM starts the file, so it comes with the header */
	int ok = !o.header || ((!o.excel || table_write_bom(out) == 0) &&
			       emit_header(out) == 0);
	int rc = ok ? job_run(rs, &src, &jo, out, stderr, &res) : -1;
	if (rc < 0)
		ok = 0;
	if (res.failed || rc > 0 || rf.bad)
		status = EXIT_DOCS_FAILED;
	if (atomic_close(&af, ok, 1, &err_sink) < 0 || !ok)
		status = EXIT_USAGE;
	if (o.stats)
		fprintf(stderr, "zhibiao: stats: docs=%ld failed=%ld sentences=%ld rows=%ld normalize=%.3fs match=%.3fs resolve=%.3fs (thread seconds)\n",
			res.docs, res.failed, res.st.sentences, res.rows,
			res.st.normalize, res.st.match, res.st.resolve);
	records_reader_free(&rf.r);
	free(ji);
out:
	inputs_free(&in);
	rules_free(rs);
	free(o.args);
	return status < 0 ? EXIT_OK : status;
}

/* ---- records: documents as lines for streaming engines ---- */

static int cmd_records(int argc, char **argv)
{
	struct in_opts o = {0};
	struct inputs in = {0};
	struct buf text = {0};
	int status = parse_in_opts(argc, argv, &o, 1);

	if (status)
		goto out;
	if ((status = gather_inputs(&in, o.manifest, o.args, o.nargs, o.region,
				    o.date)) == EXIT_USAGE)
		goto out;
	struct atomic_file af;
	FILE *out = out_open(&af, o.out);
	if (!out) {
		status = EXIT_USAGE;
		goto out;
	}
	int ok = 1;
	for (size_t i = 0; i < in.n && ok; i++) {
		struct input *ip = &in.v[i];
		struct diag d;
		char date[16] = "";
		if (ip->failed) {
			status = EXIT_DOCS_FAILED;
			continue;
		}
		diag_clear(&d);
		buf_clear(&text);
		int rc = strcmp(ip->path, "-") == 0 ? ingest_stream(stdin, &text, NULL, &d) :
			 ingest_file(ip->path, &text, NULL, &d);
		if (rc < 0) {
			struct diag e = d;
			snprintf(e.msg, sizeof e.msg, "%.480s; skipped", d.msg);
			diag_print(stderr, ip->path, &e, "error");
			status = EXIT_DOCS_FAILED;
			continue;
		}
		if (ip->date.y)
			snprintf(date, sizeof date, "%04d-%02d-%02d", ip->date.y,
				 ip->date.m, ip->date.d);
		if (records_write(out, ip->doc, date, ip->region ? ip->region : "",
				  text.p ? text.p : "", text.len) < 0)
			ok = 0;
	}
	if (atomic_close(&af, ok, 1, &err_sink) < 0 || !ok)
		status = EXIT_USAGE;
out:
	buf_free(&text);
	inputs_free(&in);
	free(o.args);
	return status < 0 ? EXIT_OK : status;
}

/* ---- check-rules ---- */

struct row_expect {
	char ind[96], measure[16], unit[16], qual[4], scope[16];
	double value;
	int target;
};

struct collect {
	struct obs *v;
	size_t n, cap;
	char **ids;               /* indicator/rule strings copied */
};

static int collect_obs(void *ctx, const struct obs *o)
{
	struct collect *c = ctx;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = *o;
	return 0;
}

/* Parses "ind measure value unit [qual] [scope] [target]"; returns 0/-1. */
static int parse_expect(const char *s, struct row_expect *r, char *why, size_t n)
{
	char tok[8][96];
	int k = 0;
	const char *p = s;

	memset(r, 0, sizeof *r);
	while (*p && k < 8) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t l = strcspn(p, " \t");
		if (l >= sizeof tok[0])
			l = sizeof tok[0] - 1;
		memcpy(tok[k], p, l);
		tok[k++][l] = '\0';
		p += strcspn(p, " \t");
	}
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

/* Runs one example; returns 1 when it passes, else prints why. */
static int run_example(struct extractor *x, const struct example *ex,
		       const char *rule_id)
{
	struct collect c = {0};
	struct sink sink = {collect_obs, NULL, &c};
	struct doc doc = {"example", "", {2025, 6, 30}};
	char why[256] = "";
	int pass = 1;

	extractor_run(x, &doc, ex->text, strlen(ex->text), &sink);
	struct row_expect exp[16];
	size_t nexp = 0;
	if (!ex->expect) {
		snprintf(why, sizeof why, "no '=>' and expected rows");
		pass = 0;
	} else if (strcmp(ex->expect, "none") != 0) {
		const char *p = ex->expect;
		while (*p && nexp < 16 && pass) {
			size_t l = strcspn(p, ";");
			char one[256];
			snprintf(one, sizeof one, "%.*s", (int)(l < 255 ? l : 255), p);
			if (parse_expect(one, &exp[nexp], why, sizeof why) < 0)
				pass = 0;
			else
				nexp++;
			p += l;
			if (*p == ';')
				p++;
		}
	}
	if (pass) {
		int used[64] = {0};
		for (size_t i = 0; i < nexp && pass; i++) {
			size_t j;
			for (j = 0; j < c.n && j < 64; j++)
				if (!used[j] && expect_matches(&exp[i], &c.v[j]))
					break;
			if (j == c.n || j == 64)
				pass = 0;
			else
				used[j] = 1;
		}
		if (c.n != nexp)
			pass = 0;
		if (pass && rule_id && nexp) {
			int by_rule = 0;
			for (size_t j = 0; j < c.n; j++)
				by_rule |= strcmp(c.v[j].rule, rule_id) == 0;
			if (!by_rule) {
				pass = 0;
				snprintf(why, sizeof why, "no row came from rule %s", rule_id);
			}
		}
	}
	if (!pass) {
		struct buf got = {0};
		for (size_t j = 0; j < c.n; j++) {
			if (j)
				buf_adds(&got, "; ");
			describe_obs(&got, &c.v[j]);
		}
		fprintf(stderr, "zhibiao: %s:%ld: error: example failed%s%s\n    text: %s\n    expected: %s\n    got: %s\n",
			ex->file, ex->line, *why ? ": " : "", why, ex->text,
			ex->expect ? ex->expect : "", got.p ? got.p : "none");
		buf_free(&got);
	}
	free(c.v);
	return pass;
}

/* Prints each pattern's prefilter keywords (check-rules --keywords). */
static void print_keywords(const struct rule_set *rs)
{
	for (size_t i = 0; i < rules_count(rs); i++) {
		const struct rule *r = rules_get(rs, i);
		for (size_t k = 0; k < r->nre; k++) {
			printf("%s pattern %zu:", r->id, k + 1);
			if (!r->nkw[k])
				printf(" (always run)");
			for (size_t j = 0; j < r->nkw[k]; j++)
				printf(" %s", rules_keyword(rs, r->kw[k][j]));
			putchar('\n');
		}
	}
}

static int check_one(const char *path, int keywords)
{
	struct rule_set *rs = rules_load(path, print_rule_error, NULL);
	size_t nex = 0, nfail = 0;

	if (!rs) {
		fprintf(stderr, "zhibiao: %s: rule errors\n", path);
		return EXIT_USAGE;
	}
	if (keywords)
		print_keywords(rs);
	struct extractor *x = extractor_new(rs);
	for (size_t i = 0; i < rules_indicator_count(rs); i++) {
		const struct indicator *ind = rules_indicator(rs, i);
		for (size_t k = 0; k < ind->nex; k++, nex++)
			nfail += !run_example(x, &ind->ex[k], NULL);
	}
	size_t noex = 0;
	for (size_t i = 0; i < rules_count(rs); i++) {
		const struct rule *r = rules_get(rs, i);
		if (!r->nex) {
			fprintf(stderr, "zhibiao: %s:%ld: warning: rule %s has no example\n",
				r->file, r->line, r->id);
			noex++;
		}
		for (size_t k = 0; k < r->nex; k++, nex++)
			nfail += !run_example(x, &r->ex[k], r->id);
	}
	printf("%s: %zu files, %zu indicators, %zu rules, %zu examples, %zu failed\n",
	       path, rules_file_count(rs), rules_indicator_count(rs), rules_count(rs),
	       nex, nfail);
	extractor_free(x);
	rules_free(rs);
	return nfail ? EXIT_USAGE : EXIT_OK;
}

static int cmd_check(int argc, char **argv)
{
	int status = EXIT_OK, n = 0, keywords = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(check_help, stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--keywords") == 0) {
			keywords = 1;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "zhibiao: check-rules: unknown option '%s'\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		n++;
		if (check_one(argv[i], keywords) != EXIT_OK)
			status = EXIT_USAGE;
	}
	if (!n)
		status = check_one(default_rules(), keywords);
	return status;
}

/* ---- parse-number ---- */

static int cmd_number(int argc, char **argv)
{
	int status = EXIT_OK;

	if (argc < 2) {
		fputs(number_help, stderr);
		return EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(number_help, stdout);
			return EXIT_OK;
		}
	}
	for (int i = 1; i < argc; i++) {
		char *s = norm_string(argv[i]);
		struct quantity q;
		char v[64];
		if (number_parse_quantity(s, strlen(s), &q)) {
			printf("%s %s\n", decimal_format(q.value, v, sizeof v),
			       q.unit == UNIT_NONE ? "times" : unit_name(q.unit));
		} else {
			printf("error: not a number: %s\n", argv[i]);
			status = EXIT_DOCS_FAILED;
		}
		free(s);
	}
	return status;
}

/* ---- eval ---- */

static int cmd_eval(int argc, char **argv)
{
	struct eval_opts o = {.show = 50};
	const char *rules_path = NULL;
	const char *files[2];
	int nfiles = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
#define ARG(name) (strcmp(a, name) == 0 && i + 1 < argc ? argv[++i] : NULL)
		const char *v;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(eval_help, stdout);
			return EXIT_OK;
		} else if ((v = ARG("--indicators"))) {
			o.indicators = v;
		} else if ((v = ARG("--rules"))) {
			rules_path = v;
		} else if ((v = ARG("--show"))) {
			o.show = atoi(v);
		} else if ((v = ARG("--min-precision"))) {
			o.min_precision = atof(v);
		} else if ((v = ARG("--min-recall"))) {
			o.min_recall = atof(v);
		} else if (strcmp(a, "--only-gold-docs") == 0) {
			o.only_gold_docs = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "zhibiao: eval: unknown option '%s' (or missing value); see zhibiao eval --help\n", a);
			return EXIT_USAGE;
		} else if (nfiles < 2) {
			files[nfiles++] = a;
		} else {
			fprintf(stderr, "zhibiao: eval: too many arguments\n");
			return EXIT_USAGE;
		}
#undef ARG
	}
	if (nfiles != 2) {
		fputs(eval_help, stderr);
		return EXIT_USAGE;
	}
	o.gold = files[0];
	o.obs = files[1];
	struct rule_set *rs = NULL;
	const char **vocab = NULL;
	if (!o.indicators) {
		rs = rules_load(rules_path ? rules_path : default_rules(),
				print_rule_error, NULL);
		if (!rs)
			return EXIT_USAGE;
		size_t n = rules_indicator_count(rs);
		vocab = xcalloc(n + 1, sizeof *vocab);
		for (size_t i = 0; i < n; i++)
			vocab[i] = rules_indicator(rs, i)->id;
		o.vocab = vocab;
	}
	struct eval_result res;
	struct diag d;
	const char *bad = NULL;
	int status = EXIT_OK;
	diag_clear(&d);
	if (eval_run(&o, stdout, &res, &d, &bad) < 0) {
		diag_print(stderr, bad ? bad : o.gold, &d, "error");
		status = EXIT_USAGE;
	} else if (res.precision < o.min_precision || res.recall < o.min_recall) {
		status = EXIT_DOCS_FAILED;
	}
	free(vocab);
	rules_free(rs);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("zhibiao %s\n", ZHIBIAO_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "extract") == 0)
		return cmd_extract(argc - 1, argv + 1);
	if (strcmp(cmd, "check-rules") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "parse-number") == 0)
		return cmd_number(argc - 1, argv + 1);
	if (strcmp(cmd, "eval") == 0)
		return cmd_eval(argc - 1, argv + 1);
	if (strcmp(cmd, "records") == 0)
		return cmd_records(argc - 1, argv + 1);
	/* commands of extract/cmd_*.c (cli.h): add them here */
	if (strcmp(cmd, "plot") == 0)
		return cmd_plot(argc - 1, argv + 1);
	if (strcmp(cmd, "series") == 0) return cmd_series(argc - 1, argv + 1);
	if (strcmp(cmd, "run") == 0) return cmd_run(argc - 1, argv + 1);
	fprintf(stderr, "zhibiao: unknown command '%s'\n\n%s", cmd, usage_text);
	return EXIT_USAGE;
}
