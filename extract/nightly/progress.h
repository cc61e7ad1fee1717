/* progress: the run's one-line progress display on a terminal ("\r" and
 * erase to the end of the line), which every message first clears. */
#ifndef EXTRACT_NIGHTLY_PROGRESS_H
#define EXTRACT_NIGHTLY_PROGRESS_H

#include <stdio.h>

struct run_progress {
	FILE *err;                /* where it is drawn, with the messages */
	int on;                   /* err is a terminal: draw */
	int drawn;                /* a line is shown */
};

/* "[####    ] done/total documents"; nothing when off or total is 0. */
void progress_bar(struct run_progress *p, long done, long total);

/* "zhibiao: run: MSG" in the progress line; nothing when off. */
void progress_note(struct run_progress *p, const char *msg);

/* Erases the line when one is shown: call before printing a message. */
void progress_clear(struct run_progress *p);

#endif
