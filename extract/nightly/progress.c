/* progress: the progress line of zhibiao run on a terminal. */
#include "nightly/progress.h"

void progress_bar(struct run_progress *p, long done, long total)
{
	if (!p->on || !total)
		return;
	int width = 30, fill = (int)(done * width / total);
	fprintf(p->err, "\rzhibiao: run: [%.*s%*s] %ld/%ld documents", fill,
		"##############################", width - fill, "", done, total);
	fflush(p->err);
	p->drawn = 1;
}

void progress_note(struct run_progress *p, const char *msg)
{
	if (!p->on)
		return;
	fprintf(p->err, "\rzhibiao: run: %s\033[K", msg);
	fflush(p->err);
	p->drawn = 1;
}

void progress_clear(struct run_progress *p)
{
	if (p->drawn) {
		fputs("\r\033[K", p->err);
		fflush(p->err);
		p->drawn = 0;
	}
}
