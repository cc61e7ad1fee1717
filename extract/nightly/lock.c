/* lock: the output folder's flock()ed lock file. */
#define _GNU_SOURCE               /* flock */
#include "nightly/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "base/fs.h"

int run_lock_take(const char *out, int wait, struct run_progress *pg,
		  FILE *err)
{
	char *p = path_join(out, ".lock");
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0) {
		fprintf(err, "zhibiao: %s: error: cannot open the lock: %s\n", p,
			strerror(errno));
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		goto out;
	if (errno != EWOULDBLOCK) {
		fprintf(err, "zhibiao: %s: error: cannot lock: %s\n", p,
			strerror(errno));
	} else if (!wait) {
		fprintf(err, "zhibiao: %s: error: another run is working on %s; not waiting (--no-wait)\n",
			p, out);
	} else {
		int r;
		if (pg->on)
			fprintf(pg->err, "\rzhibiao: run: waiting for another run on %s to finish...",
				out);
		while ((r = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
			;
		if (pg->on)
			fputs("\r\033[K", pg->err);
		if (r == 0)
			goto out;
		fprintf(err, "zhibiao: %s: error: cannot lock: %s\n", p,
			strerror(errno));
	}
	close(fd);
	fd = -1;
out:
	free(p);
	return fd;
}
