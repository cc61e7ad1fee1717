/* fixture: what the unit tests share — rule sets loaded from text written
 * to a temporary rule file, with their errors kept or printed. */
#ifndef TESTS_FIXTURE_H
#define TESTS_FIXTURE_H

#include "base/diag.h"
#include "pipeline/rules.h"

#define FIXTURE_MAXERR 16

/* The errors a load reported (the first FIXTURE_MAXERR kept; n counts
 * them all). */
struct fixture_errs {
	int n;
	char file[FIXTURE_MAXERR][256];
	struct diag d[FIXTURE_MAXERR];
};

/* rules_error_fn keeping errors in ctx (a struct fixture_errs). */
void fixture_keep_error(void *ctx, const char *file, const struct diag *d);

/* rules_error_fn printing "rule error: FILE:LINE:COL: MSG". */
void fixture_print_error(void *ctx, const char *file, const struct diag *d);

/* Writes text to a new temporary file whose name goes to path (64 bytes).
 * Returns 0, or -1 (printed) when it cannot. */
int fixture_write_temp(char *path, const char *text);

/* Loads text as a rule file from a temporary path (its name to path when
 * not NULL, 64 bytes; the file is removed again).  The errors go to *e
 * when e is not NULL (zeroed first), else they are printed as
 * "rule error: FILE:LINE:COL: MSG".  Returns the set, or NULL. */
struct rule_set *fixture_rules(const char *text, struct fixture_errs *e,
			       char *path);

#endif
