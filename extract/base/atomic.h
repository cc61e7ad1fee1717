/* atomic: output files that are either the old version or the new one,
 * never a mix.  Each is written under a temporary name beside its place
 * (NAME.tmpXXXXXX), flushed (and with sync, fsync'ed) and renamed into
 * place only when complete; on any error the temporary is removed. */
#ifndef EXTRACT_ATOMIC_H
#define EXTRACT_ATOMIC_H

#include <stdio.h>

#include "base/diag.h"

struct atomic_file {
	char *path;     /* where the file goes */
	char *tmp;      /* the temporary; NULL when written directly */
	FILE *f;
};

/* Opens path for writing.  "-" or NULL is standard output; a path that
 * exists and is not a regular file (a device such as /dev/full, a pipe) is
 * written directly.  Returns the stream, or NULL reported to sink. */
FILE *atomic_open(struct atomic_file *a, const char *path,
		  const struct diag_sink *sink);

/* Closes a: when ok and every byte was written (and, with sync, reached
 * the disk) the file takes its place; else the temporary is removed.
 * Returns 0, or -1 (write errors are reported; !ok means the caller has
 * reported why). */
int atomic_close(struct atomic_file *a, int ok, int sync,
		 const struct diag_sink *sink);

/* For files written by a library under a name we give it (libxlsxwriter,
 * gnuplot): creates an empty temporary beside path and returns its name
 * (xmalloc'd), or NULL reported to sink. */
char *atomic_tmpname(const char *path, const struct diag_sink *sink);

/* Moves the finished temporary tmp into place at path (mode 0644);
 * removes it on failure.  Returns 0 or -1 (reported). */
int atomic_rename(const char *tmp, const char *path,
		  const struct diag_sink *sink);

/* 1 when name is one of our temporaries (NAME.tmpXXXXXX). */
int atomic_is_tmp(const char *name);

/* Removes the temporaries (and temporary folders) that a killed process
 * left directly in dir. */
void atomic_remove_stale(const char *dir);

/* From now on SIGTERM, SIGINT and SIGHUP remove the temporaries still
 * open (atomic_open's) before the process dies of the signal. */
void atomic_unlink_on_signals(void);

#endif
