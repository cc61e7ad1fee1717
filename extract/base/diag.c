/* diag: bad-input error details and their GNU-style printing. */
#include "base/diag.h"
#include "base/utf8.h"

#include <stdarg.h>
#include <string.h>

void diag_clear(struct diag *d)
{
	memset(d, 0, sizeof *d);
	d->byte = -1;
}

void diag_set(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
}

void diag_print(FILE *f, const char *path, const struct diag *d,
		const char *severity)
{
	fprintf(f, "zhibiao: %s", path ? path : "-");
	if (d->line > 0) {
		fprintf(f, ":%ld", d->line);
		if (d->col > 0)
			fprintf(f, ":%ld", d->col);
	}
	fprintf(f, ": %s: ", severity);
	if (d->byte >= 0)
		fprintf(f, "byte %lld: ", d->byte);
	fprintf(f, "%s\n", d->msg);
	if (d->src[0]) {
		fprintf(f, "    %s\n", d->src);
		if (d->caret > 0)
			fprintf(f, "    %*s^\n", (int)(d->caret - 1), "");
	}
}

void diag_report(const struct diag_sink *sink, const char *file,
		 const char *severity, const char *fmt, ...)
{
	struct diag d;
	va_list ap;

	if (!sink || !sink->report)
		return;
	diag_clear(&d);
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof d.msg, fmt, ap);
	va_end(ap);
	sink->report(sink->ctx, file, &d, severity);
}

void diag_print_report(void *ctx, const char *file, const struct diag *d,
		       const char *severity)
{
	diag_print(ctx ? (FILE *)ctx : stderr, file, d, severity);
}
