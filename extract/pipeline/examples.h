/* examples: run text through the pipeline and compare the rows with what
 * was expected — the `example:` lines of rule files (check-rules) and the
 * data tests of tests/rules share it.
 *
 * An example is "TEXT => ROWS": ROWS is "none" or rows separated by ';',
 * each "indicator measure value unit [qualifier] [scope] [target]".  It
 * passes when the rows that come out are those, in any order, and (for a
 * rule's example) one of them came from that rule.
 *
 * Ownership: example_rows own their copies of the observations (whose
 * strings stay borrowed from the rule set). */
#ifndef EXTRACT_EXAMPLES_H
#define EXTRACT_EXAMPLES_H

#include <stddef.h>
#include <stdio.h>

#include "pipeline/emit.h"
#include "pipeline/extract.h"
#include "pipeline/rules.h"

/* The date examples are resolved against: 2025-06-30. */
extern const struct date examples_date;

struct example_rows {
	struct obs *v;
	size_t n, cap;
};

/* Runs text (a NUL-terminated clause or document, raw) through x as a
 * document "example" dated date, appending the rows to rows. */
void examples_extract(struct extractor *x, const char *text, struct date date,
		      struct example_rows *rows);

void example_rows_free(struct example_rows *rows);

/* Runs one example (expected rows from rule_id, or any rule when NULL).
 * Returns 1 when it passes, else 0 after printing to err
 * "zhibiao: FILE:LINE: error: example failed…" with the text, the rows
 * expected and the rows got. */
int examples_run_one(struct extractor *x, const struct example *ex,
		     const char *rule_id, FILE *err);

struct examples_result {
	size_t examples, failed;
	size_t no_example;        /* rules without one (warned) */
};

/* Runs every example of rs: the indicators', then the rules'.  Failures
 * are printed to err as above, and a rule without an example is warned
 * about ("zhibiao: FILE:LINE: warning: rule ID has no example"). */
void examples_run(const struct rule_set *rs, FILE *err,
		  struct examples_result *res);

#endif
