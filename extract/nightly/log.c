/* log: time stamps on the job's log lines, through a stdio cookie. */
#define _GNU_SOURCE               /* fopencookie */
#include "nightly/log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/xalloc.h"

void run_log_time(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	char off[8];

	localtime_r(&t, &tm);
	strftime(off, sizeof off, "%z", &tm);     /* +0800 */
	size_t l = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
	if (l && strlen(off) == 5)
		snprintf(buf + l, n - l, "%.3s:%s", off, off + 3);
}

struct log {
	FILE *to;
	int bol;                  /* the next byte starts a line */
};

static ssize_t log_write(void *cookie, const char *p, size_t n)
{
	struct log *l = cookie;
	size_t i = 0;

	while (i < n) {
		if (l->bol) {
			char t[40];
			run_log_time(t, sizeof t);
			fprintf(l->to, "%s ", t);
			l->bol = 0;
		}
		const char *nl = memchr(p + i, '\n', n - i);
		size_t k = nl ? (size_t)(nl - (p + i)) + 1 : n - i;
		if (fwrite(p + i, 1, k, l->to) != k)
			return i ? (ssize_t)i : -1;
		l->bol = nl != NULL;
		i += k;
	}
	fflush(l->to);
	return (ssize_t)n;
}

static int log_close(void *cookie)
{
	free(cookie);
	return 0;
}

FILE *run_log_open(FILE *to)
{
	struct log *l = xmalloc(sizeof *l);
	cookie_io_functions_t io = {.write = log_write, .close = log_close};

	*l = (struct log){to, 1};
	FILE *f = fopencookie(l, "w", io);
	if (!f) {
		free(l);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}
