/* config: the nightly job's config file (zhibiao run --config FILE):
 * "key = value" lines; '#' starts a comment at the start of a line or
 * after a blank; blank lines are ignored.  Relative paths are relative to
 * the folder of the config file, so cron can run it from anywhere.
 *
 *   input = articles/        folder searched recursively for *.txt (doc id:
 *                            the path relative to it)   } exactly one of
 *   manifest = manifest.csv  doc,path,date,region CSV   } the two
 *   output = out/            required; created when missing
 *   rules = ../rules, local  the rules, in layers: each a folder or file
 *                            over the ones before (rules_load_layers);
 *                            default: the caller's (run_job needs one)
 *   charts = all             all | none | indicator ids (blanks or commas)
 *   plots = ../plots         the gnuplot scripts (default: the caller's,
 *                            the installed ones)
 *   region = 运河区            for documents without one
 *   date = 2025-05-09        for documents without one in the manifest, as
 *                            extract --date (also 2025/5/9, 2025年5月9日)
 *   jobs = 4                 worker threads, 1-256 or auto (default 1)
 *   excel = yes              observations.csv, the series CSVs and
 *                            changes.csv for a spreadsheet (a BOM, formula
 *                            cells neutralized; default no)
 *   report = no              no report page (default yes)
 *
 * Bad configs are reported through a callback with file and line.  The
 * struct owns its strings; run_config_free releases them (a zeroed struct
 * is fine). */
#ifndef EXTRACT_NIGHTLY_CONFIG_H
#define EXTRACT_NIGHTLY_CONFIG_H

#include <stddef.h>

#include "base/diag.h"
#include "base/schema.h"

/* Called for each config error; file is the config file, d->line the line
 * at fault (the last line for a missing key). */
typedef void (*run_error_fn)(void *ctx, const char *file,
			     const struct diag *d);

struct run_config {
	char *file;               /* the config file, for messages */
	/* paths as resolved against the config's folder; NULL when unset */
	char *input, *manifest, *output;
	char **rules;             /* nrules layers; none when unset */
	size_t nrules, caprules;
	char *region;             /* NULL when unset */
	struct date date;         /* all zero when unset */
	char *plots;              /* gnuplot scripts; NULL: the built-in */
	int jobs;                 /* 1 when unset */
	int excel;                /* excel = yes */
	int report;               /* report = yes (the default) */
	int charts_all;           /* charts = all (the default) */
	char **charts;            /* charts = ids: ncharts ids; none: 0, !all */
	size_t ncharts, capcharts;
	/* the line each key was set on (0 when unset), for messages that
	 * come later, such as an input folder that does not exist */
	long input_line, manifest_line, rules_line, output_line, charts_line;
	long region_line, jobs_line, plots_line, date_line, excel_line, report_line;
};

/* Parses config text p[0..n) named file (for messages), resolving relative
 * paths against dir ("" or NULL: as written).  Reports every error through
 * err and returns -1 when there was any, else 0 with *c filled (free with
 * run_config_free either way). */
int run_config_parse(const char *p, size_t n, const char *file,
		     const char *dir, struct run_config *c, run_error_fn err,
		     void *ctx);

/* Reads and parses the config file at path (relative paths in it are
 * relative to its folder).  Returns 0 or -1 (reported; a file that cannot
 * be read is reported with line 0). */
int run_config_load(const char *path, struct run_config *c, run_error_fn err,
		    void *ctx);

void run_config_free(struct run_config *c);

#endif
