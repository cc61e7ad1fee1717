/* cmd_records: the records command — documents as lines for streaming
 * engines (records.h). */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "base/atomic.h"
#include "base/xalloc.h"
#include "pipeline/ingest.h"
#include "pipeline/records.h"

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

static const struct option records_options[] = {
	CLI_INPUT_OPTIONS,
	{"output", required_argument, NULL, 'o'},
	{"help", no_argument, NULL, 'h'},
	{0},
};

/* Reads one input into text; 0, or -1 reported (the document skipped). */
static int read_input(const struct input *ip, struct buf *text)
{
	struct diag d;

	diag_clear(&d);
	buf_clear(text);
	int rc = strcmp(ip->path, "-") == 0 ? ingest_stream(stdin, text, NULL, &d) :
		 ingest_file(ip->path, text, NULL, &d);
	if (rc < 0) {
		struct diag e = d;
		snprintf(e.msg, sizeof e.msg, "%.480s; skipped", d.msg);
		diag_print(stderr, ip->path, &e, "error");
	}
	return rc < 0 ? -1 : 0;
}

/* Writes the inputs as records to out; returns the exit status. */
static int write_records(struct inputs *in, struct atomic_file *af,
			 FILE *out)
{
	struct buf text = {0};
	const struct input *ip;
	int ok = 1, status = EXIT_OK, got;

	while (ok && (got = inputs_next(in, &ip)) != 0) {
		if (got < 0 || ip->failed || read_input(ip, &text) < 0) {
			status = EXIT_DOCS_FAILED;
			continue;
		}
		if (records_write(out, ip->doc, ip->date_s, ip->region ? ip->region : "",
				  text.p ? text.p : "", text.len) < 0)
			ok = 0;
	}
	if (atomic_close(af, ok, 1, &cli_err_sink) < 0 || !ok)
		status = EXIT_USAGE;
	buf_free(&text);
	return status;
}

int cmd_records(int argc, char **argv)
{
	struct cli_getopt g = {argc, argv, "ho:", records_options, records_help,
			       0, 0};
	struct cli_inputs o = {0};
	struct inputs in = {0};
	struct atomic_file af;
	const char *v, *outp = NULL;
	int c, status;

	while ((c = cli_next(&g, &v)) > 0) {
		int r = cli_input_option(argv[0], c, v, &o);
		if (r < 0)
			return EXIT_USAGE;
		if (c == 'o')
			outp = v;
	}
	if (c < 0)
		return g.status;
	char **args = argv + g.optind;
	int nargs = argc - g.optind;
	if (cli_need_input(argv[0], &o, nargs))
		return EXIT_USAGE;
	status = cli_gather(&o, args, nargs, &in);
	if (status != EXIT_USAGE) {
		FILE *out = cli_open_output(&af, outp);
		int st = out ? write_records(&in, &af, out) : EXIT_USAGE;
		if (st > status)
			status = st;
	}
	inputs_free(&in);
	return status;
}
