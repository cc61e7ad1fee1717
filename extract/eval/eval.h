/* eval: score observations against a labeled gold file exactly as
 * ../shared/tools/score.py does: same matching (doc, indicator, measure,
 * unit, status equal; period among the gold's '|' alternatives; for rank rows
 * the scope equal; values within 1e-6 relative), same greedy first-match
 * order, same figures and the same report (missed required rows, false
 * positives, unscored rows, then the summary line
 * "tp=.. fp=.. fn=.. unscored=.. precision=.. recall=.. f1=.. qualifier=..").
 * Files are read with libcsv; a UTF-8 BOM is accepted. */
#ifndef EXTRACT_EVAL_H
#define EXTRACT_EVAL_H

#include <stdio.h>

#include "base/diag.h"

struct eval_opts {
	const char *gold;
	const char *obs;
	/* indicator vocabulary: a CSV with an "id" column (indicators.csv);
	 * NULL to use vocab below */
	const char *indicators;
	const char *const *vocab;  /* NULL-terminated ids, used when indicators is NULL */
	int show;                  /* rows listed per section (score.py --show, default 50) */
	int only_gold_docs;
	/* NULL, or "indicator" / "measure": also a table of precision and
	 * recall per indicator or measure (counted as the overall figures),
	 * printed before the summary line, most errors first */
	const char *by;
	double min_precision, min_recall;
};

struct eval_result {
	long tp, fp, fn, unscored;
	double precision, recall, f1, qualifier;
};

/* Scores and prints the report to out.  Returns 0 when it ran (thresholds
 * are checked by the caller from *res), -1 on a bad or missing file with
 * *d set (d->line when a row is at fault) and *bad_path naming the file. */
int eval_run(const struct eval_opts *o, FILE *out, struct eval_result *res,
	     struct diag *d, const char **bad_path);

#endif
