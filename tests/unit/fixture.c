/* fixture: rule sets for unit tests from text (fixture.h). */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fixture_keep_error(void *ctx, const char *file, const struct diag *d)
{
	struct fixture_errs *e = ctx;

	if (e->n < FIXTURE_MAXERR) {
		snprintf(e->file[e->n], sizeof e->file[e->n], "%s", file);
		e->d[e->n] = *d;
	}
	e->n++;
}

void fixture_print_error(void *ctx, const char *file, const struct diag *d)
{
	(void)ctx;
	printf("rule error: %s:%ld:%ld: %s\n", file, d->line, d->col, d->msg);
}

int fixture_write_temp(char *path, const char *text)
{
	strcpy(path, "/tmp/zhibiao_test_rules_XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f) {
		printf("FAIL fixture: cannot create a temporary file\n");
		return -1;
	}
	fputs(text, f);
	return fclose(f) == 0 ? 0 : -1;
}

struct rule_set *fixture_rules(const char *text, struct fixture_errs *e,
			       char *path)
{
	char tmp[64];
	char *p = path ? path : tmp;

	if (e)
		memset(e, 0, sizeof *e);
	if (fixture_write_temp(p, text) < 0)
		return NULL;
	struct rule_set *rs = e ? rules_load(p, fixture_keep_error, e) :
			      rules_load(p, fixture_print_error, NULL);
	remove(p);
	return rs;
}
