/* fs: file-system helpers shared by every layer: joining paths, creating
 * and removing folders, and the sorted, loop-safe folder walk. */
#ifndef EXTRACT_FS_H
#define EXTRACT_FS_H

#include <dirent.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/xalloc.h"

struct stat;

/* dir/name (xmalloc'd); name alone when dir is NULL or empty or name is
 * absolute. */
char *path_join(const char *dir, const char *name);

/* The folder part of path (xmalloc'd): "" for a bare name, "/" for a
 * name right under the root. */
char *fs_dir_of(const char *path);

/* Reads the whole regular file at path, appending it to b (b->p is
 * NUL-terminated after b->len; clear b first for the file alone), and sets
 * *st from the open file (st_mode 0 when it could not be opened).  Returns
 * 0, or -1 with errno set and b as it was: EISDIR for a folder, EINVAL for
 * anything else that is not a regular file (a FIFO or a device is neither
 * waited for nor read). */
int fs_read_all(const char *path, struct buf *b, struct stat *st);

/* mkdir -p path; 0, or -1 reported to sink. */
int fs_make_dirs(const char *path, const struct diag_sink *sink);

/* rm -rf path, as far as it can. */
void fs_remove_tree(const char *path);

/* Puts the folder fresh in the place of dir (which may not exist) in one
 * step (renameat2 RENAME_EXCHANGE; two renames where the file system has
 * no exchange), so dir is always a whole set, then removes the old one.
 * Returns 0, or -1 reported to sink (fresh is removed). */
int fs_swap_dir(const char *fresh, const char *dir,
		const struct diag_sink *sink);

/* 1 when path names a regular file. */
int fs_is_file(const char *path);

/* The names of the open folder d (closed here) that end in suffix (longer
 * than it; "" for all), sorted bytewise; names starting with '.' only when
 * dot.  Returns the array (xmalloc'd, *n names; free with fs_list_free). */
char **fs_list(DIR *d, const char *suffix, int dot, size_t *n);
void fs_list_free(char **names, size_t n);

/* What fs_walk meets that is not a plain entry. */
enum fs_problem {
	FS_LOOP,        /* a folder already on the path (a symlink loop) */
	FS_TOO_DEEP,    /* folders nested more than 64 deep */
	FS_UNREADABLE,  /* a folder that cannot be opened or stat'ed (errno) */
	FS_DANGLING,    /* a symlink to nothing (errno) */
};

struct fs_walk_ops {
	/* a file (not a folder) at path; rel is its path below the top
	 * folder, name its last component */
	void (*file)(void *ctx, const char *path, const char *rel,
		     const char *name);
	/* a problem at path (rel and name as for file, "" for the top);
	 * err is the errno where there is one, else 0 */
	void (*problem)(void *ctx, const char *path, const char *rel,
			const char *name, enum fs_problem what, int err);
	void *ctx;
};

/* Visits the entries of dir recursively, each folder's sorted by name
 * (bytewise), skipping names that start with '.'. */
void fs_walk(const char *dir, const struct fs_walk_ops *ops);

#endif
