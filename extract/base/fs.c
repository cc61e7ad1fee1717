/* fs: paths, folders and the folder walk. */
#define _GNU_SOURCE               /* renameat2 */
#include "base/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"

char *path_join(const char *dir, const char *name)
{
	struct buf b = {0};
	size_t l = dir ? strlen(dir) : 0;

	if (!l || name[0] == '/')
		buf_adds(&b, name);
	else
		buf_printf(&b, "%s%s%s", dir, dir[l - 1] == '/' ? "" : "/", name);
	if (!b.p)
		buf_add(&b, "", 0);
	return b.p;
}

char *fs_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup("");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int fs_read_all(const char *path, struct buf *b, struct stat *st)
{
	/* O_NONBLOCK: opening a FIFO would wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	size_t base = b->len;
	int rc = -1;

	st->st_mode = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0)
		goto out;
	if (!S_ISREG(st->st_mode)) {
		errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
		goto out;
	}
	/* straight into b, in one read when the size is right: a short read
	 * of a regular file that has given its whole size is its end (one
	 * system call less per file than reading on to 0) */
	size_t chunk = (size_t)st->st_size + 1;
	for (;;) {
		buf_reserve(b, chunk);
		size_t want = b->cap - b->len - 1;
		ssize_t got = read(fd, b->p + b->len, want);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (!got)
			break;
		b->len += (size_t)got;
		if ((size_t)got < want && b->len - base >= (size_t)st->st_size)
			break;
		if (b->cap - b->len - 1 == 0)
			chunk = b->cap;         /* grown since: double */
	}
	rc = 0;
out:
	{
		int e = errno;
		close(fd);
		if (rc)
			b->len = base;
		if (b->p)
			b->p[b->len] = '\0';
		errno = e;
	}
	return rc;
}

int fs_make_dirs(const char *path, const struct diag_sink *sink)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			diag_report(sink, p, "error", "cannot create the folder: %s",
				    strerror(errno));
			rc = -1;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	struct stat st;
	if (!rc && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
		diag_report(sink, path, "error", "not a folder");
		rc = -1;
	}
	free(p);
	return rc;
}

void fs_remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char *p = path_join(path, de->d_name);
			fs_remove_tree(p);
			free(p);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

int fs_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **fs_list(DIR *d, const char *suffix, int dot, size_t *n)
{
	size_t sl = strlen(suffix), cap = 0;
	char **names = NULL;
	struct dirent *de;

	*n = 0;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if ((!dot && de->d_name[0] == '.') || l <= sl ||
		    strcmp(de->d_name + l - sl, suffix) != 0)
			continue;
		VEC_GROW(names, *n + 1, cap);
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof *names, name_cmp);
	return names;
}

void fs_list_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* ---- the walk ---- */

#define WALK_DEPTH 64

struct visit {
	dev_t dev;
	ino_t ino;
};


static void problem(const struct fs_walk_ops *ops, const char *path,
		    const char *rel, const char *name, enum fs_problem what,
		    int err)
{
	if (ops->problem)
		ops->problem(ops->ctx, path, rel, name, what, err);
}

static void walk(const char *dir, const char *rel, const char *name,
		 const struct fs_walk_ops *ops, struct visit *stack, int depth)
{
	struct stat st;

	if (stat(dir, &st) != 0) {
		problem(ops, dir, rel, name, FS_UNREADABLE, errno);
		return;
	}
	for (int i = 0; i < depth; i++)
		if (stack[i].dev == st.st_dev && stack[i].ino == st.st_ino) {
			problem(ops, dir, rel, name, FS_LOOP, 0);
			return;
		}
	if (depth >= WALK_DEPTH) {
		problem(ops, dir, rel, name, FS_TOO_DEEP, 0);
		return;
	}
	stack[depth] = (struct visit){st.st_dev, st.st_ino};
	DIR *d = opendir(dir);
	if (!d) {
		problem(ops, dir, rel, name, FS_UNREADABLE, errno);
		return;
	}
	size_t n;
	char **names = fs_list(d, "", 0, &n);
	for (size_t i = 0; i < n; i++) {
		char *p = path_join(dir, names[i]);
		char *r = *rel ? path_join(rel, names[i]) : xstrdup(names[i]);
		struct stat cs;
		if (stat(p, &cs) != 0) {
			int e = errno;
			struct stat ls;
			if (lstat(p, &ls) == 0 && S_ISLNK(ls.st_mode))
				problem(ops, p, r, names[i], FS_DANGLING, e);
		} else if (S_ISDIR(cs.st_mode)) {
			walk(p, r, names[i], ops, stack, depth + 1);
		} else if (ops->file) {
			ops->file(ops->ctx, p, r, names[i]);
		}
		free(p);
		free(r);
		free(names[i]);
	}
	free(names);
}

void fs_walk(const char *dir, const struct fs_walk_ops *ops)
{
	struct visit stack[WALK_DEPTH];

	walk(dir, "", "", ops, stack, 0);
}

int fs_swap_dir(const char *fresh, const char *dir,
		const struct diag_sink *sink)
{
	if (renameat2(AT_FDCWD, fresh, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
		fs_remove_tree(fresh);          /* now the old set */
		return 0;
	}
	if (errno == ENOENT && rename(fresh, dir) == 0)
		return 0;
	if (errno == EINVAL || errno == ENOSYS) {
		/* no exchange here: two renames, a moment without dir */
		size_t n = strlen(dir) + 16;
		char *old = xmalloc(n);
		snprintf(old, n, "%s.tmpXXXXXX", dir);
		if (mkdtemp(old) && rename(dir, old) == 0 && rename(fresh, dir) == 0) {
			fs_remove_tree(old);
			free(old);
			return 0;
		}
		free(old);
	}
	diag_report(sink, dir, "error", "cannot put the new folder in place: %s",
		    strerror(errno));
	fs_remove_tree(fresh);
	return -1;
}
