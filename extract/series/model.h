/* model: the inside of a series set, shared by the modules of series/
 * (set, merge, derive, pivot).  Nothing outside series/ includes it: the
 * writers and the workbook read a set through series.h's accessors. */
#ifndef EXTRACT_SERIES_MODEL_H
#define EXTRACT_SERIES_MODEL_H

#include <stdint.h>

#include "series/series.h"

#define NONE SIZE_MAX

struct sobs {
	struct series_obs o;          /* strings owned */
	struct period p;              /* kind NONE: no period, in no series */
	double v;
	size_t doc;                   /* index into docs (after finish) */
	size_t rank;                  /* the document's place in time */
	size_t series;                /* series index (after finish) */
	size_t seq;                   /* order of arrival */
};

struct sdoc {
	const char *id;               /* borrowed from an observation */
	struct date date;             /* from a manifest; y == 0 when none */
	struct date est;              /* the latest period end it reports */
	size_t rank;
};

struct sdate {
	char *doc;
	struct date date;
};

struct sseries {
	const struct sobs *key;       /* an observation with its key */
	char *slug, *label, *dlabel;  /* dlabel: label of the derived column */
	const char *name;
	long ind_order;               /* the indicator's place in the rules */
	size_t p0, np;                /* its points, after finish */
	int has_reported, has_derived;
};

struct spoint {
	struct series_point pub;      /* value, period, sources owned */
	size_t id;                    /* order of creation */
	size_t *docs;                 /* sources, document indices */
	size_t ndocs;
	size_t rank;                  /* rank of the document whose value it is */
	long line;
	size_t seq;
};

struct sconf {
	struct series_conflict pub;   /* value, sources owned */
	size_t kept_id;               /* spoint id of the kept point */
	size_t rank;                  /* latest document of the dropped value */
};

/* The display unit of an indicator's amounts in one unit. */
struct sdisp {
	const char *indicator, *unit;  /* borrowed from an observation */
	struct display_unit du;
};

struct series_set {
	struct sdisp *disp;           /* sorted by indicator, unit */
	size_t ndisp;
	const struct series_opts *o;
	struct sobs *obs;
	size_t nobs, cap;
	char **files;
	size_t nfiles, capfiles;
	struct sdate *dates;
	size_t ndates, capdates;
	struct sdoc *docs;
	size_t ndocs;
	struct sseries *ser;
	size_t nser;
	struct spoint *pts;
	size_t npts, ptcap;
	struct sconf *conf;
	size_t nconf, confcap;
	const struct sseries **byk;   /* series sorted by key */
	struct sobs **byd;            /* observations sorted by doc, indicator */
	size_t *rows;                 /* a point index for each pivot row */
	size_t nrows;
	struct series_column *cols;
	size_t ncols;
	size_t nderived;
	size_t bad_rows;
	int finished;
};

/* Reports a message about file (line 0: none) through the set's report. */
void set_report(const struct series_set *s, const char *file, long line,
		const char *severity, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* merge.c */
/* Values agree when equal to 1e-9, relative. */
int value_same(double a, double b);
/* Is x later than y: document, then line, then arrival. */
int is_later(size_t xr, long xl, size_t xs, size_t yr, long yl, size_t ys);
/* A new point of series at p (value copied, qual static). */
struct spoint *point_new(struct series_set *s, size_t series,
			 struct period p, const char *value, const char *qual,
			 int derived);
/* Adds doc to the sorted-by-rank source list docs[0..*n), once. */
void docs_add(const struct series_set *s, size_t **docs, size_t *n,
	      size_t doc);
/* The ids of docs joined by ';' (the caller frees). */
char *docs_join(const struct series_set *s, const size_t *docs, size_t n);
/* Records a dropped value for kept, and warns. */
void conflict_add(struct series_set *s, const struct spoint *kept,
		  const char *value, const char *qual, int derived,
		  const size_t *docs, size_t ndocs, const char *file, long line);
/* The series with the key of k (its period aside), or NONE. */
size_t set_series_of(const struct series_set *s, const struct sobs *k);
/* Points by series, then period (bsearch and qsort). */
int point_at_cmp(const void *key, const void *elem);
/* The reported point of series at period p among the first n points
 * (sorted by point_at_cmp), or NONE. */
size_t point_find(const struct series_set *s, size_t n, size_t series,
		  struct period p);

/* derive.c: derived points for the reported points s->pts[0..nrep). */
void derive_points(struct series_set *s, size_t nrep);

/* set.c: the display units, from the observations and the rules. */
void display_make(struct series_set *s);

/* pivot.c: the pivot's rows and columns, once the points are in order. */
void pivot_make(struct series_set *s);

#endif
