/* atomic: temporary name, complete write, rename. */
#include "base/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/xalloc.h"

/* The temporaries open now, for the signal handler: a fixed table, so the
 * handler reads nothing that is being reallocated. */
#define LIVE_MAX 64
static char *volatile live[LIVE_MAX];

static void live_add(char *tmp)
{
	for (int i = 0; i < LIVE_MAX; i++)
		if (!live[i]) {
			live[i] = tmp;
			return;
		}
}

static void live_del(const char *tmp)
{
	for (int i = 0; i < LIVE_MAX; i++)
		if (live[i] == tmp)
			live[i] = NULL;
}

static void on_signal(int sig)
{
	for (int i = 0; i < LIVE_MAX; i++)
		if (live[i])
			unlink(live[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void atomic_unlink_on_signals(void)
{
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGHUP, on_signal);
}

static char *tmp_pattern(const char *path)
{
	size_t n = strlen(path) + 16;
	char *t = xmalloc(n);

	snprintf(t, n, "%s.tmpXXXXXX", path);
	return t;
}

FILE *atomic_open(struct atomic_file *a, const char *path,
		  const struct diag_sink *sink)
{
	struct stat st;

	a->path = a->tmp = NULL;
	a->f = NULL;
	if (!path || strcmp(path, "-") == 0)
		return a->f = stdout;
	a->path = xstrdup(path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (!(a->f = fopen(path, "w"))) {
			diag_report(sink, path, "error", "cannot open: %s",
				    strerror(errno));
			free(a->path);
			a->path = NULL;
		}
		return a->f;
	}
	a->tmp = tmp_pattern(path);
	int fd = mkstemp(a->tmp);
	if (fd < 0) {
		diag_report(sink, a->tmp, "error", "cannot create: %s",
			    strerror(errno));
		goto fail;
	}
	fchmod(fd, 0644);
	if (!(a->f = fdopen(fd, "w"))) {
		diag_report(sink, a->tmp, "error", "cannot open: %s",
			    strerror(errno));
		close(fd);
		unlink(a->tmp);
		goto fail;
	}
	live_add(a->tmp);
	return a->f;
fail:
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	return NULL;
}

int atomic_close(struct atomic_file *a, int ok, int sync,
		 const struct diag_sink *sink)
{
	int bad = 0, e = 0;

	if (!a->f)
		return -1;
	if (a->f == stdout) {
		bad = fflush(stdout) != 0 || ferror(stdout);
		if (bad)
			diag_report(sink, "standard output", "error",
				    "write error: %s", strerror(errno));
		a->f = NULL;
		return bad || !ok ? -1 : 0;
	}
	if (ferror(a->f) || fflush(a->f) != 0 ||
	    (sync && a->tmp && fsync(fileno(a->f)) != 0)) {
		bad = 1;
		e = errno;
	}
	if (fclose(a->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	a->f = NULL;
	if (bad)
		diag_report(sink, a->path, "error", "write error: %s",
			    e ? strerror(e) : "unknown");
	if (a->tmp) {
		if (bad || !ok) {
			unlink(a->tmp);
			bad = 1;
		} else if (rename(a->tmp, a->path) != 0) {
			diag_report(sink, a->path, "error",
				    "cannot rename into place: %s", strerror(errno));
			unlink(a->tmp);
			bad = 1;
		}
		live_del(a->tmp);
	}
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	return bad || !ok ? -1 : 0;
}

char *atomic_tmpname(const char *path, const struct diag_sink *sink)
{
	char *tmp = tmp_pattern(path);
	int fd = mkstemp(tmp);

	if (fd < 0) {
		diag_report(sink, tmp, "error", "cannot create: %s",
			    strerror(errno));
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

int atomic_rename(const char *tmp, const char *path,
		  const struct diag_sink *sink)
{
	chmod(tmp, 0644);
	if (rename(tmp, path) != 0) {
		diag_report(sink, path, "error", "cannot rename into place: %s",
			    strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int atomic_is_tmp(const char *name)
{
	size_t l = strlen(name);

	return l > 10 && memcmp(name + l - 10, ".tmp", 4) == 0;
}

void atomic_remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (atomic_is_tmp(de->d_name)) {
			char *p = path_join(dir, de->d_name);
			fs_remove_tree(p);
			free(p);
		}
	closedir(d);
}
