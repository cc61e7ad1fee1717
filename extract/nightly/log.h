/* log: the nightly job's log lines, each starting with its ISO-8601 time
 * ("2026-12-01T02:30:00+08:00 zhibiao: ..."), so a cron log says when
 * each message and summary was written. */
#ifndef EXTRACT_NIGHTLY_LOG_H
#define EXTRACT_NIGHTLY_LOG_H

#include <stddef.h>
#include <stdio.h>

/* The local time now as YYYY-MM-DDTHH:MM:SS+HH:MM into buf (32 bytes
 * are enough). */
void run_log_time(char *buf, size_t n);

/* A stream that writes to `to`, each line starting with the time and a
 * blank; line buffered.  fclose() closes the stream, not `to`.  Returns
 * NULL when the stream cannot be made (then write to `to`). */
FILE *run_log_open(FILE *to);

#endif
