/* cmd_explain: zhibiao explain — why a figure came out or did not: for each
 * sentence of an article, the period in force, the indicators named, every
 * rule that matched, the rows made and every match dropped with the reason.
 * It prints the pipeline's own trace (pipeline/trace.h), not a copy of it. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "pipeline/extract.h"
#include "pipeline/ingest.h"
#include "pipeline/manifest.h"
#include "pipeline/trace.h"

static const char explain_help[] =
	"usage: zhibiao explain [OPTIONS] [FILE|-]\n"
	"       zhibiao explain [OPTIONS] --manifest FILE DOC\n"
	"\n"
	"Shows how the rules read an article (standard input when FILE is '-' or\n"
	"absent), sentence by sentence: its original line; the period in force\n"
	"(what a figure without a period word of its own gets) and the period\n"
	"words in it; the indicators it names; every rule that matched (id,\n"
	"file:line, the matched text and its value) with the rows it made or the\n"
	"reason it was dropped (value claimed by another match, no number with the\n"
	"rule's unit, no indicator, a rank without scope, list lengths that\n"
	"differ, a base that is no period, a neighbour of an indicator, a row\n"
	"already given); and the rules that ran without a match.  A\n"
	"sentence the rules never saw says which gate stopped it (no number, no\n"
	"indicator named).\n"
	"\n"
	"  --line N         only the sentence(s) on line N of the file\n"
	"  --manifest FILE  the article is the manifest's document DOC (the doc\n"
	"                   column of observations.csv and --unclaimed), with its\n"
	"                   path, date and region\n"
	"  --date DATE      document date YYYY-MM-DD (else a date in the text)\n"
	"  --region NAME    region of the document\n"
	"  --rules PATH     rule directory or file (default: $ZHIBIAO_RULES or\n"
	"                   the installed rules); again: a layer over the ones before\n"
	"  -v, --verbose    also the rules not run on each sentence and why (the\n"
	"                   unit they read is not written, none of a pattern's\n"
	"                   necessary literals is there)\n"
	"\n"
	"exit status: 0 ok, 1 the article cannot be read or has no line N,\n"
	"2 usage, rule or write error\n";

/* A match of the sentence and what became of it. */
struct shown {
	struct cand c;
	struct buf out;           /* its rows and drops, lines of text */
};

struct explain {
	const struct rule_set *rs;
	struct extractor *x;
	FILE *f;
	long only_line;           /* 0: every sentence */
	int verbose;
	int on;                   /* the current sentence is shown */
	long sentences, ran, rows;
	struct buf head;          /* the sentence's period and mentions */
	struct buf skipped;       /* rules not run */
	struct buf nomatch;       /* rules run without a match */
	struct shown *m;
	size_t nm, capm;
};

static void quote(struct buf *b, const char *t, size_t s, size_t e)
{
	buf_printf(b, "\"%.*s\"", (int)(e - s), t + s);
}

static void put_period(struct buf *b, const struct period *p)
{
	char code[32];

	period_format(p, code, sizeof code);
	buf_adds(b, *code ? code : "(unknown: no document date)");
}

/* The match of the trace event (same rule, pattern and place). */
static struct shown *find_shown(struct explain *e, const struct cand *c)
{
	for (size_t i = 0; i < e->nm; i++) {
		const struct cand *k = &e->m[i].c;
		if (k->rule == c->rule && k->pattern == c->pattern &&
		    k->start == c->start && k->end == c->end && k->v_s == c->v_s)
			return &e->m[i];
	}
	return NULL;
}

static int shown_cmp(const void *a, const void *b)
{
	const struct cand *x = &((const struct shown *)a)->c;
	const struct cand *y = &((const struct shown *)b)->c;

	if (x->v_s != y->v_s)
		return x->v_s < y->v_s ? -1 : 1;
	return x->rule_index < y->rule_index ? -1 : x->rule_index > y->rule_index;
}

static void describe_row(struct buf *b, const struct obs *o)
{
	char v[64];

	buf_printf(b, "%s %s %s %s %s %s", o->indicator, measure_name(o->measure),
		   decimal_format(o->value, v, sizeof v), unit_name(o->unit),
		   *o->period ? o->period : "(no period)",
		   o->target ? "target" : "actual");
	if (*o->qualifier)
		buf_printf(b, " qualifier %s", o->qualifier);
	if (*o->scope)
		buf_printf(b, " scope %s", o->scope);
	if (*o->base)
		buf_printf(b, " base %s", o->base);
}

static void sentence_start(struct explain *e, const struct trace_event *ev)
{
	long last = extractor_line(e->x, ev->e > ev->s ? ev->e - 1 : ev->s);

	e->on = !e->only_line || (ev->line <= e->only_line && e->only_line <= last);
	e->sentences += e->on;
	buf_clear(&e->head);
	buf_clear(&e->skipped);
	buf_clear(&e->nomatch);
	for (size_t i = 0; i < e->nm; i++)
		buf_free(&e->m[i].out);
	e->nm = 0;
	if (!e->on)
		return;
	/* the sentence without its line break */
	size_t end = ev->e;
	while (end > ev->s && ev->text[end - 1] == '\n')
		end--;
	buf_printf(&e->head, "line %ld: %.*s\n", ev->line, (int)(end - ev->s),
		   ev->text + ev->s);
	buf_adds(&e->head, "  period in force: ");
	put_period(&e->head, &ev->period);
	for (size_t i = 0; i < ev->nhits; i++) {
		const struct period_hit *h = &ev->hits[i];
		struct period p = period_final(h->p, extractor_doc_date(e->x), 0);
		buf_adds(&e->head, i ? "; " : "; stated here: ");
		quote(&e->head, ev->text, h->start, h->end);
		buf_adds(&e->head, " = ");
		put_period(&e->head, &p);
	}
	buf_addc(&e->head, '\n');
}

static void on_event(void *ctx, const struct trace_event *ev)
{
	struct explain *e = ctx;
	struct shown *sh;

	if (ev->kind == TRACE_SENTENCE) {
		sentence_start(e, ev);
		return;
	}
	if (!e->on)
		return;
	switch (ev->kind) {
	case TRACE_SENTENCE:
		break;
	case TRACE_MENTION:
		buf_adds(&e->head, "  names: ");
		quote(&e->head, ev->text, ev->s, ev->e);
		buf_printf(&e->head, " = %s\n", ev->ind->id);
		break;
	case TRACE_RULE_SKIPPED:
		if (ev->why == TRACE_NO_MATCH) {
			buf_printf(&e->nomatch, "%s %s", e->nomatch.len ? "," :
				   "  ran without a match:", ev->rule->id);
			if (ev->rule->nre > 1)
				buf_printf(&e->nomatch, " pattern %zu", ev->pattern + 1);
			buf_printf(&e->nomatch, " (%s:%ld)", ev->rule->file, ev->rule->line);
			break;
		}
		if (!e->verbose)
			break;
		buf_printf(&e->skipped, "  not run: %s", ev->rule->id);
		if (ev->why != TRACE_NO_UNIT_MARK && ev->rule->nre > 1)
			buf_printf(&e->skipped, " pattern %zu", ev->pattern + 1);
		buf_printf(&e->skipped, " (%s:%ld): %s", ev->rule->file,
			   ev->rule->line, trace_why_text(ev->why));
		if (ev->why == TRACE_NO_UNIT_MARK)
			buf_printf(&e->skipped, " (%s)", unit_name(ev->rule->unit));
		for (size_t i = 0; ev->why == TRACE_NO_LITERAL &&
				   i < ev->rule->nkw[ev->pattern]; i++)
			buf_printf(&e->skipped, "%s%s", i ? " | " : " (",
				   rules_keyword(e->rs, ev->rule->kw[ev->pattern][i]));
		buf_adds(&e->skipped, ev->why == TRACE_NO_LITERAL ? ")\n" : "\n");
		break;
	case TRACE_MATCH:
		VEC_GROW(e->m, e->nm + 1, e->capm);
		e->m[e->nm++] = (struct shown){*ev->cand, {0}};
		break;
	case TRACE_DROP:
	case TRACE_ROW:
		sh = find_shown(e, ev->cand);
		if (!sh)
			break;
		if (ev->kind == TRACE_ROW) {
			buf_adds(&sh->out, "    row: ");
			describe_row(&sh->out, ev->obs);
			buf_addc(&sh->out, '\n');
			e->rows++;
			break;
		}
		buf_printf(&sh->out, "    dropped: %s", trace_why_text(ev->why));
		if (ev->why == TRACE_CLAIMED) {
			buf_printf(&sh->out, ": %s ", ev->by->rule->id);
			quote(&sh->out, ev->text, ev->by->start, ev->by->end);
		} else if (ev->why == TRACE_LIST_MISMATCH || ev->why == TRACE_ONE_MANY) {
			buf_printf(&sh->out, " (%zu indicators, %zu values)",
				   ev->ninds, ev->nvalues);
		} else if (ev->why == TRACE_DUPLICATE) {
			buf_adds(&sh->out, ": ");
			describe_row(&sh->out, ev->obs);
		} else if (ev->why == TRACE_NEIGHBOUR) {
			buf_printf(&sh->out, " (%s)", ev->ind->id);
		} else if (ev->why == TRACE_UNIT_MISFIT) {
			buf_printf(&sh->out, " (%s)", unit_name(ev->rule->unit));
		}
		buf_addc(&sh->out, '\n');
		break;
	case TRACE_SENTENCE_END:
		fputs(e->head.p, e->f);
		if (ev->why != TRACE_OK) {
			fprintf(e->f, "  rules not run: %s\n\n", trace_why_text(ev->why));
			return;
		}
		e->ran++;
		if (e->nm > 1)
			qsort(e->m, e->nm, sizeof *e->m, shown_cmp);
		for (size_t i = 0; i < e->nm; i++) {
			const struct cand *c = &e->m[i].c;
			struct buf b = {0};
			buf_printf(&b, "  match %s (%s:%ld, %s %s): ", c->rule->id,
				   c->rule->file, c->rule->line,
				   measure_name(c->rule->measure),
				   unit_name(c->rule->unit));
			quote(&b, ev->text, c->start, c->end);
			buf_adds(&b, ", value ");
			quote(&b, ev->text, c->v_s, c->v_e);
			fprintf(e->f, "%s\n%s", b.p, e->m[i].out.p ? e->m[i].out.p : "");
			buf_free(&b);
		}
		if (!e->nm)
			fputs("  no rule matched\n", e->f);
		if (e->nomatch.p)
			fprintf(e->f, "%s\n", e->nomatch.p);
		if (e->skipped.p)
			fputs(e->skipped.p, e->f);
		fprintf(e->f, "  rows: %ld\n\n", ev->rows);
		break;
	}
}

/* The manifest row of one document (explain --manifest). */
struct pick {
	const char *doc;
	char *path, *region;
	struct date date;
	int found, bad;
};

static void pick_row(void *ctx, const struct manifest_row *r)
{
	struct pick *p = ctx;

	if (p->found || strcmp(r->doc, p->doc) != 0)
		return;
	p->found = 1;
	p->bad = r->why != NULL;
	p->path = xstrdup(r->path);
	p->region = *r->region ? xstrdup(r->region) : NULL;
	p->date = r->date;
}

static int no_row(void *ctx, const struct obs *o)
{
	(void)ctx;
	(void)o;
	return 0;
}

static void on_warn(void *ctx, long line, const char *msg)
{
	fprintf(stderr, "zhibiao: %s:%ld: warning: %s\n", (const char *)ctx, line, msg);
}

enum { OPT_LINE = CLI_LONG + 10, OPT_RULES };

static const struct option explain_options[] = {
	CLI_INPUT_OPTIONS,
	{"line", required_argument, NULL, OPT_LINE},
	{"rules", required_argument, NULL, OPT_RULES},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{0},
};

/* Finds the document docid in the manifest for explain --manifest, into
 * pick.  Returns 0, or the exit status after saying what is wrong. */
static int pick_doc(const char *cmd, const char *manifest, const char *docid,
		    struct pick *pick)
{
	if (!docid)
		return cli_usage(cmd, "--manifest needs the document's doc id");
	pick->doc = docid;
	if (manifest_read(manifest, stderr, pick_row, pick) < 0)
		return EXIT_USAGE;
	if (!pick->found || pick->bad) {
		if (!pick->found)
			fprintf(stderr, "zhibiao: %s: error: no document '%s' in the manifest\n",
				manifest, docid);
		return EXIT_DOCS_FAILED;
	}
	return 0;
}

int cmd_explain(int argc, char **argv)
{
	struct cli_getopt g = {argc, argv, "hv", explain_options, explain_help,
			       0, 0};
	struct cli_inputs in = {0};
	struct cli_rules rules = {0};
	const char *path = NULL, *v;
	struct pick pick = {0};
	struct explain e = {.f = stdout};
	struct rule_set *rs = NULL;
	struct buf text = {0};
	int status = 0, c, r;

	while ((c = cli_next(&g, &v)) > 0) {
		if ((r = cli_input_option(argv[0], c, v, &in)) != 0) {
			if (r < 0) {
				status = EXIT_USAGE;
				goto out;
			}
			continue;
		}
		switch (c) {
		case OPT_LINE: {
			int n;
			if (!cli_int(argv[0], "--line", v, 1, 2147483647,
				     "a line number (1 or more)", &n)) {
				status = EXIT_USAGE;
				goto out;
			}
			e.only_line = n;
			break;
		}
		case OPT_RULES: cli_rules_add(&rules, v); break;
		case 'v': e.verbose = 1; break;
		}
	}
	if (c < 0) {
		status = g.status;
		goto out;
	}
	if (argc - g.optind > 1) {
		status = cli_usage(argv[0], "one article at a time ('%s' is a second)",
				   argv[g.optind + 1]);
		goto out;
	}
	if (argc > g.optind)
		path = argv[g.optind];
	const char *region = in.region, *manifest = in.manifest;
	struct date date = in.date;
	const char *docid = path;
	if (manifest) {
		if ((status = pick_doc(argv[0], manifest, path, &pick)) != 0)
			goto out;
		path = pick.path;
		if (!region)
			region = pick.region;
		if (!date.y)
			date = pick.date;
	}
	if (!path)
		path = docid = "-";
	const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
	rs = cli_rules_load(&rules, "explain", "nothing explained");
	if (!rs) {
		status = EXIT_USAGE;
		goto out;
	}
	struct diag d;
	diag_clear(&d);
	int rc = strcmp(path, "-") == 0 ? ingest_stream(stdin, &text, NULL, &d) :
		 ingest_file(path, &text, NULL, &d);
	if (rc < 0) {
		diag_print(stderr, shown, &d, "error");
		status = EXIT_DOCS_FAILED;
		goto out;
	}
	e.rs = rs;
	e.x = extractor_new(rs);
	struct trace tr = {on_event, &e};
	extractor_set_trace(e.x, &tr);
	struct doc doc = {docid, region, date, strcmp(path, "-") == 0 ? NULL : path};
	struct sink sink = {no_row, on_warn, (void *)shown};
	extractor_run(e.x, &doc, text.p ? text.p : "", text.len, &sink);
	struct date dd = extractor_doc_date(e.x);
	if (e.only_line && !e.sentences) {
		fprintf(stderr, "zhibiao: %s:%ld: error: no sentence on this line\n",
			shown, e.only_line);
		status = EXIT_DOCS_FAILED;
	} else {
		if (dd.y)
			printf("%s: date %04d-%02d-%02d%s, ", shown, dd.y, dd.m, dd.d,
			       date.y ? "" : " (found in the text or the file name)");
		else
			printf("%s: no date (periods without a year stay unknown), ", shown);
		printf("%ld sentences shown, %ld went through the rules, %ld rows\n",
		       e.sentences, e.ran, e.rows);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "zhibiao: standard output: write error: %s\n",
			strerror(errno));
		status = EXIT_USAGE;
	}
	for (size_t i = 0; i < e.nm; i++)
		buf_free(&e.m[i].out);
	free(e.m);
	buf_free(&e.head);
	buf_free(&e.skipped);
	buf_free(&e.nomatch);
	extractor_free(e.x);
out:
	buf_free(&text);
	rules_free(rs);
	cli_rules_free(&rules);
	free(pick.path);
	free(pick.region);
	return status;
}
