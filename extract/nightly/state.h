/* state: what the nightly job has done, output/state.csv:
 *
 *   # zhibiao run state 1: settings=HEX rows=N series=N conflicts=N charts=N
 *   path,doc,size,mtime,hash,store,rows,stale
 *   yh01.txt,yh01.txt,5123,1732250000.123456789,8f3c…,1be0…,25,0
 *
 * One row per document done, in input order: path as the input names it
 * (relative to the input folder, or the manifest's path column), doc id,
 * size in bytes, mtime (seconds.nanoseconds; 0 when the file changed too
 * close to its reading to be trusted: it is hashed again next time), the
 * FNV-1a 64 hash of its bytes and its store key (16 hex digits each), and
 * its number of rows, and stale: 1 when the document could not be read
 * (or has gone from its folder while still listed) and these are the rows
 * of its last good read, kept until it reads again (its mtime is then 0).
 * The first line holds the fingerprint of what the derived outputs depend
 * on beyond the rows (charts), and their counts as of the last rebuild.
 * A document that failed without a good read before is not listed: it is
 * tried again next run.  A state without the stale column (written before
 * it existed) reads as all 0.
 *
 * Ownership: a run_state owns its entries' strings; run_state_free
 * releases them (a zeroed struct is fine). */
#ifndef EXTRACT_NIGHTLY_STATE_H
#define EXTRACT_NIGHTLY_STATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"

struct run_entry {
	char *path, *doc;
	long long size;
	long long mtime_sec;
	long mtime_nsec;
	uint64_t hash;            /* FNV-1a 64 of the file's bytes */
	uint64_t key;             /* store/KEY.csv */
	long rows;
	int stale;                /* the rows of an earlier read, kept */
};

struct run_state {
	struct run_entry *v;
	size_t n, cap;
	uint64_t settings;
	long rows, series, conflicts, charts;
	struct run_entry **by_doc;  /* sorted index for run_state_find */
	size_t nindex;
};

/* Reads a state file.  Returns 0 (a missing file gives an empty state), or
 * -1 with d set (d->line the line at fault) when it is not a state file;
 * *s is then empty. */
int run_state_read(const char *path, struct run_state *s, struct diag *d);

/* Same, from a stream. */
int run_state_read_stream(FILE *f, struct run_state *s, struct diag *d);

/* Writes s in the format above.  Returns 0, or -1 on a write error. */
int run_state_write(const struct run_state *s, FILE *f);

/* Appends a copy of e (its strings are copied). */
void run_state_add(struct run_state *s, const struct run_entry *e);

/* The entry of doc, or NULL (sorted index, built on first use; it is
 * rebuilt when entries were added since). */
const struct run_entry *run_state_find(struct run_state *s, const char *doc);

void run_state_free(struct run_state *s);

/* FNV-1a 64: start with RUN_HASH_INIT, feed bytes, chain calls. */
#define RUN_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t run_hash(uint64_t h, const void *p, size_t n);

/* Feeds string s (NULL as "") with its NUL, so "ab","c" and "a","bc"
 * differ. */
uint64_t run_hash_str(uint64_t h, const char *s);

/* Parses exactly 16 lowercase hex digits (a hash or store key): 1 with *v
 * set, else 0. */
int run_parse_hex64(const char *s, uint64_t *v);

#endif
