/* diag: bad-input error details and their GNU-style printing. */
#include "base/diag.h"

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

static unsigned utf8_decode(const unsigned char *p, size_t n, size_t *used)
{
	unsigned c = p[0];

	if (c < 0x80 || n < 2) {
		*used = 1;
		return c;
	}
	if ((c & 0xE0) == 0xC0) {
		*used = 2;
		return ((c & 0x1F) << 6) | (p[1] & 0x3F);
	}
	if ((c & 0xF0) == 0xE0 && n >= 3) {
		*used = 3;
		return ((c & 0x0F) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3F);
	}
	if ((c & 0xF8) == 0xF0 && n >= 4) {
		*used = 4;
		return ((c & 0x07) << 18) | ((p[1] & 0x3Fu) << 12) |
		       ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3F);
	}
	*used = 1;
	return c;
}

long utf8_count(const char *p, size_t n)
{
	long k = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			k++;
	return k;
}

long utf8_width(const char *p, size_t n)
{
	long w = 0;
	size_t i = 0, used;

	while (i < n) {
		unsigned c = utf8_decode((const unsigned char *)p + i, n - i,
					 &used);
		/* CJK, Hangul, full-width forms and CJK punctuation are wide */
		w += (c >= 0x1100 && (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) ||
				      (c >= 0xAC00 && c <= 0xD7A3) ||
				      (c >= 0xF900 && c <= 0xFAFF) ||
				      (c >= 0xFE30 && c <= 0xFE4F) ||
				      (c >= 0xFF00 && c <= 0xFF60) ||
				      (c >= 0xFFE0 && c <= 0xFFE6) ||
				      (c >= 0x20000 && c <= 0x3FFFD))) ? 2 : 1;
		i += used;
	}
	return w;
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
