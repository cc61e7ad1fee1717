/* store: the per-document store of the nightly job, OUTPUT/store/KEY.csv:
 * each file holds one document's rows as an observations.csv (header
 * first), named by the document's store key (16 hex digits: its bytes,
 * doc id, region, date and the extraction, see run.c).  Files are written
 * atomically; observations.csv is their bodies put together. */
#ifndef EXTRACT_NIGHTLY_STORE_H
#define EXTRACT_NIGHTLY_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/xalloc.h"

struct run_store {
	char *dir;                /* OUTPUT/store (owned) */
	const struct diag_sink *sink;  /* for file errors */
	FILE *err;                /* for the other messages */
	struct buf raw;           /* what store_copy_body read last */
};

/* Sets up s for OUTPUT/store; store_free releases it. */
void store_init(struct run_store *s, const char *out,
		const struct diag_sink *sink, FILE *err);
void store_free(struct run_store *s);

/* DIR/KEY.csv (xmalloc'd). */
char *store_path(const struct run_store *s, uint64_t key);

/* 1 when the store file of key is there. */
int store_exists(const struct run_store *s, uint64_t key);

/* Splits rows[0..len) (an observations.csv whose rows are grouped by
 * document, in the order of docs) into one store file per document:
 * docs[i] goes to keys[i], its row count to nrows[i].  Returns 0, or -1
 * (reported) when a file cannot be written or the rows are not in the
 * order given. */
int store_split(struct run_store *s, const char *rows, size_t len,
		size_t n, const char *const *docs, const uint64_t *keys,
		long *nrows);

/* Copies the rows (after the header line, which must be header) of the
 * store file of key to out; with excel, for a spreadsheet (emit_fields).
 * Returns 0, or -1 (reported; a write error is left to out's owner). */
int store_copy_body(struct run_store *s, uint64_t key, const char *header,
		    int excel, FILE *out);

/* Removes the store files whose key is none of keys[0..n). */
void store_prune(const struct run_store *s, const uint64_t *keys, size_t n);

/* Flushes the store to the disk, before a state file names it, so that a
 * crash of the machine cannot leave the state pointing at empty files. */
void store_sync(const struct run_store *s);

#endif
