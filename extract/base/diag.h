/* diag: details of a bad-input error, filled below the cli and printed by it.
 * Format (GNU style): "zhibiao: FILE:LINE:COL: error: MESSAGE". */
#ifndef EXTRACT_DIAG_H
#define EXTRACT_DIAG_H

#include <stdio.h>

struct diag {
	long line;        /* 1-based line, 0 when not known */
	long col;         /* 1-based column in code points, 0 when not known */
	long long byte;   /* byte offset in the file, -1 when not known */
	char msg[512];
	char src[512];    /* the offending line, echoed under the message; may be empty */
	long caret;       /* display column (1-based) of the caret under src, 0 = none */
};

/* Where a module sends its messages: report(ctx, FILE, d, SEVERITY), with
 * FILE the file concerned (may be NULL) and SEVERITY "error" or "warning".
 * A sink whose report is NULL drops them. */
struct diag_sink {
	void (*report)(void *ctx, const char *file, const struct diag *d,
		       const char *severity);
	void *ctx;
};

/* Sends a message without position (printf format) to sink. */
void diag_report(const struct diag_sink *sink, const char *file,
		 const char *severity, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A report function printing with diag_print to the FILE * given as ctx
 * (stderr when NULL). */
void diag_print_report(void *ctx, const char *file, const struct diag *d,
		       const char *severity);

/* Clears d: no position, empty message. */
void diag_clear(struct diag *d);

/* Sets the message (printf format); leaves the position as it is. */
void diag_set(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints "zhibiao: PATH:LINE:COL: SEVERITY: MSG" (parts that are unknown are
 * left out; a byte offset is shown as "byte N") and, when src is set, the
 * source line with a caret under the column. */
void diag_print(FILE *f, const char *path, const struct diag *d,
		const char *severity);

#endif
