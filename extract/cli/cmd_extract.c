/* cmd_extract: the extract command — inputs in, observations.csv out. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic.h"
#include "base/clock.h"
#include "base/table.h"
#include "base/xalloc.h"
#include "pipeline/emit.h"
#include "pipeline/job.h"
#include "pipeline/records.h"
#include "pipeline/rules.h"
#include "pipeline/unclaimed.h"

static const char extract_help[] =
	"usage: zhibiao extract [OPTIONS] [FILE|DIR|-]...\n"
	"\n"
	"Reads articles (files, directories searched recursively for *.txt in\n"
	"any case, '-' for standard input, or a manifest) and writes one CSV row\n"
	"per figure.\n"
	"\n"
	"  --manifest FILE  CSV with doc,path,date,region (paths relative to it)\n"
	"  --date DATE      document date YYYY-MM-DD for inputs the manifest (if\n"
	"                   any) gives none; else a date found in the text (a\n"
	"                   masthead), else in the file name (2025-05-09 or\n"
	"                   20250509); an undated document is warned about\n"
	"  --region NAME    region for inputs the manifest gives none\n"
	"  --rules PATH     rule directory or file (default: $ZHIBIAO_RULES or\n"
	"                   the installed rules); again: a layer over the ones\n"
	"                   before (adds indicators, words and rules; replaces\n"
	"                   those of the same id)\n"
	"  -o FILE          output file, written atomically (default: stdout)\n"
	"  -j N             run documents on N worker threads; the output is the\n"
	"                   same as with one, in input order\n"
	"  --records        the inputs are record files (one document a line, see\n"
	"                   zhibiao records --help), for streaming engines\n"
	"  --no-header      leave out the CSV header (map outputs to concatenate)\n"
	"  --excel          for Excel and WPS: a UTF-8 BOM, and text cells starting\n"
	"                   with = + - @ get a leading ' (numbers stay numbers)\n"
	"  --stats          print per-stage timing to stderr at the end (and the\n"
	"                   unclaimed figures counted, with --unclaimed)\n"
	"  --unclaimed FILE also write, as CSV (doc,line,figure,value,unit,\n"
	"                   indicators,sentence; atomically), every figure - a number\n"
	"                   with a unit - of the sentences that name an indicator\n"
	"                   but gave no row: what the rules miss\n"
	"\n"
	"A document that cannot be read is reported (file and byte offset) and\n"
	"skipped; the others are processed.  Exit 1 if any was skipped.\n";

enum { OPT_RULES = CLI_LONG + 10, OPT_RECORDS, OPT_NO_HEADER, OPT_STATS,
       OPT_EXCEL, OPT_UNCLAIMED };

static const struct option extract_options[] = {
	CLI_INPUT_OPTIONS,
	{"rules", required_argument, NULL, OPT_RULES},
	{"output", required_argument, NULL, 'o'},
	{"jobs", required_argument, NULL, 'j'},
	{"records", no_argument, NULL, OPT_RECORDS},
	{"no-header", no_argument, NULL, OPT_NO_HEADER},
	{"excel", no_argument, NULL, OPT_EXCEL},
	{"stats", no_argument, NULL, OPT_STATS},
	{"unclaimed", required_argument, NULL, OPT_UNCLAIMED},
	{"help", no_argument, NULL, 'h'},
	{0},
};

struct extract_opts {
	struct cli_inputs in;
	struct cli_rules rules;
	const char *out, *unclaimed;
	int jobs, stats, records, header, excel;
	char **args;              /* the operands */
	int nargs;
};

/* Parses the options; returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct extract_opts *o)
{
	struct cli_getopt g = {argc, argv, "ho:j:", extract_options,
			       extract_help, 0, 0};
	const char *v;
	int c, r;

	o->jobs = 1;
	o->header = 1;
	while ((c = cli_next(&g, &v)) > 0) {
		if ((r = cli_input_option(argv[0], c, v, &o->in)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case OPT_RULES: cli_rules_add(&o->rules, v); break;
		case 'o': o->out = v; break;
		case 'j':
			if (!cli_int(argv[0], "-j", v, 1, 256,
				     "a number of workers, 1 to 256", &o->jobs))
				return EXIT_USAGE;
			break;
		case OPT_RECORDS: o->records = 1; break;
		case OPT_NO_HEADER: o->header = 0; break;
		case OPT_EXCEL: o->excel = 1; break;
		case OPT_STATS: o->stats = 1; break;
		case OPT_UNCLAIMED: o->unclaimed = v; break;
		}
	}
	if (c < 0)
		return g.status;
	o->args = argv + g.optind;
	o->nargs = argc - g.optind;
	if (cli_need_input(argv[0], &o->in, o->nargs))
		return EXIT_USAGE;
	if (o->unclaimed && strcmp(o->unclaimed, "-") == 0 &&
	    (!o->out || strcmp(o->out, "-") == 0)) {
		fprintf(stderr, "zhibiao: extract: --unclaimed - needs -o FILE (both would go to standard output)\n");
		return EXIT_USAGE;
	}
	if (o->records && o->in.manifest) {
		fprintf(stderr, "zhibiao: extract: --records reads record files or '-', not a manifest\n");
		return EXIT_USAGE;
	}
	return -1;
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

/* --stats: the stages of one run.  With one thread they add up to the
 * total (rest: the job loop and what no stage clock covers); with more,
 * the stages inside the job are thread seconds. */
static void print_stats(const struct job_result *res, int jobs, int unclaimed,
			double setup, double job, double total)
{
	const struct extract_stats *st = &res->st;
	double inside = st->read + st->normalize + st->gate + st->periods +
			st->match + st->resolve + st->emit;
	double write = total - setup - job;

	fprintf(stderr, "zhibiao: stats: docs=%ld failed=%ld sentences=%ld matched=%ld rows=%ld",
		res->docs, res->failed, st->sentences, st->matched, res->rows);
	if (unclaimed)
		fprintf(stderr, " unclaimed=%ld figures in %ld sentences",
			res->unclaimed, res->unclaimed_sentences);
	fprintf(stderr, "\nzhibiao: stats: setup=%.3fs read=%.3fs normalize=%.3fs gate=%.3fs periods=%.3fs match=%.3fs resolve=%.3fs emit=%.3fs write=%.3fs",
		setup, st->read, st->normalize, st->gate, st->periods,
		st->match, st->resolve, st->emit, write);
	if (jobs <= 1)
		fprintf(stderr, " rest=%.3fs total=%.3fs\n", job - inside, total);
	else
		fprintf(stderr, " total=%.3fs (-j %d: read to emit are thread seconds)\n",
			total, jobs);
}

/* Extracts the inputs (or the record files of o) into out, and the
 * unclaimed figures into unc when it is not NULL; returns the exit
 * status.  A write error in either output keeps both files as they were.
 * t_start: when the command started (for --stats). */
static int extract_to(const struct rule_set *rs, const struct extract_opts *o,
		      struct inputs *in, struct atomic_file *af, FILE *out,
		      struct atomic_file *uf, FILE *unc, double t_start)
{
	int status = EXIT_OK;
	struct record_files rf = {o->args, o->nargs, 0, {0}, 0};
	struct job_source src = o->records ?
		(struct job_source){record_files_next, &rf} :
		(struct job_source){job_inputs_next, in};
	struct job_opts jo = {.jobs = o->jobs, .stats = o->stats,
			      .excel = o->excel, .unclaimed = unc};
	struct job_result res = {0};
	double t_job = clock_seconds();
	/* the BOM starts the file, so it comes with the header */
	int ok = !o->header || ((!o->excel || table_write_bom(out) == 0) &&
				emit_header(out) == 0 &&
				(!unc || unclaimed_header(unc) == 0));
	int rc = ok ? job_run(rs, &src, &jo, out, stderr, &res) : -1;
	double t_write = clock_seconds();
	if (rc < 0)
		ok = 0;
	if (res.failed || rc > 0 || rf.bad)
		status = EXIT_DOCS_FAILED;
	if (unc && (fflush(unc) != 0 || ferror(unc) || fflush(out) != 0 ||
		    ferror(out)))
		ok = 0;
	if (atomic_close(af, ok, 1, &cli_err_sink) < 0 || !ok)
		status = EXIT_USAGE;
	if (unc && atomic_close(uf, ok, 1, &cli_err_sink) < 0)
		status = EXIT_USAGE;
	if (o->stats)
		print_stats(&res, o->jobs, unc != NULL, t_job - t_start,
			    t_write - t_job, clock_seconds() - t_start);
	records_reader_free(&rf.r);
	return status;
}

int cmd_extract(int argc, char **argv)
{
	struct extract_opts o = {0};
	struct inputs in = {0};
	struct rule_set *rs = NULL;
	struct atomic_file af, uf;
	int status = parse_options(argc, argv, &o);
	double t_start = clock_seconds();

	if (status >= 0)
		goto out;
	status = EXIT_OK;
	rs = cli_rules_load(&o.rules, NULL, "nothing extracted");
	if (!rs) {
		status = EXIT_USAGE;
		goto out;
	}
	if (!o.records &&
	    (status = cli_gather(&o.in, o.args, o.nargs, &in)) == EXIT_USAGE)
		goto out;
	FILE *out = cli_open_output(&af, o.out);
	if (!out) {
		status = EXIT_USAGE;
		goto out;
	}
	FILE *unc = o.unclaimed ? cli_open_output(&uf, o.unclaimed) : NULL;
	if (o.unclaimed && !unc) {
		atomic_close(&af, 0, 0, &cli_err_sink);
		status = EXIT_USAGE;
		goto out;
	}
	int st = extract_to(rs, &o, &in, &af, out, &uf, unc, t_start);
	if (st > status)
		status = st;
out:
	inputs_free(&in);
	rules_free(rs);
	cli_rules_free(&o.rules);
	return status;
}
