/* series: observations of many articles (observations.csv files) merged into
 * time series, one per (indicator, measure, unit, status, region, scope),
 * and written as series.csv, pivot.csv, conflicts.csv, gnuplot data files
 * and an .xlsx workbook.
 *
 * Merging.  A point is one series at one period.  Observations of the same
 * point that agree (values equal to 1e-9, relative) are one point that lists
 * every source document.  When they disagree the value of the later
 * document is kept and each other value becomes a conflict.  Documents are
 * ordered by their date when a manifest gives one, else by the latest
 * period end they report (targets included); ties by doc id, then by line.
 *
 * Periods sort by end date, then start date, then code: 2023-01/2023-11
 * (ends 11-30) before 2023; 2023-Q4, 2023-H2 and 2023 all end 12-31, so the
 * longest comes first (2023, 2023-H2, 2023-Q4, 2023-12, 2023-12-31).
 *
 * Derivation.  A `change` in pp against the year before (an empty `base`
 * column) and the rate it changes
 * (growth, share or rate of the same indicator, status, region, scope and
 * period, in the same document when it has one) give the rate of the same
 * period a year earlier: 4.6% up 1.4 pp → 3.2%, origin `derived`.  A
 * reported value for that point always wins; a disagreeing one is a
 * conflict too.
 *
 * Errors: bad input rows and files, conflicts and write errors are reported
 * through series_opts.report (file, position, severity); nothing here
 * prints or exits.
 *
 * The writers (series.csv, pivot.csv, conflicts.csv, data files and the
 * workbook) are in writers.h.
 *
 * Ownership: a series_set owns everything it holds and copies what it is
 * given; pointers returned by the accessors are borrowed and die with the
 * set (series_free) or at the next series_add / series_read. */
#ifndef EXTRACT_SERIES_H
#define EXTRACT_SERIES_H

#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/schema.h"

struct rule_set;

/* Called for every message: severity "error" (bad input or a write
 * error) or "warning" (a conflict, a row without a period).  file is the
 * file at fault (d->line the line in it, 0 when none). */
typedef void (*series_report_fn)(void *ctx, const char *file,
				 const struct diag *d, const char *severity);

struct series_opts {
	const char *out_dir;          /* series_build: where outputs go */
	/* the workbook: NULL for indicators.xlsx in out_dir's parent, "" for
	 * none */
	const char *xlsx;
	const char *manifest;         /* optional doc,date CSV: document dates */
	const struct rule_set *rules; /* Chinese names; NULL: ids as names */
	int excel;                    /* CSVs with a BOM, formula cells neutralized */
	/* series_build: where to write changes.csv (changes.h: the points that
	 * changed since the series.csv in out_dir), also the workbook's
	 * 新增与修订 sheet; NULL or "" for neither */
	const char *changes;
	/* the last run's series.csv the changes are counted against; NULL:
	 * the one in out_dir, before it is replaced */
	const char *previous;
	const char *const *stale;     /* doc ids kept from a run before */
	size_t nstale;
	series_report_fn report;      /* may be NULL */
	void *ctx;
};

struct series_summary {
	size_t files, bad_files;      /* input files read, and those unusable */
	size_t observations, bad_rows;
	size_t docs, series, points, derived, conflicts, periods;
	/* with series_opts.changes: points new, revised, withdrawn, stale */
	size_t points_new, points_revised, points_withdrawn, points_stale;
};

/* One observation row (SCHEMA.md).  As an argument of series_add every
 * field is borrowed (NULL is read as ""); as returned by series_obs_at it
 * belongs to the set. */
struct series_obs {
	const char *doc, *indicator, *measure, *value, *unit, *period, *status;
	const char *qualifier, *scope, *region, *evidence, *rule;
	const char *base;             /* a change's base period, "" = a year before */
	long line;                    /* line in the article, 0 = unknown */
	const char *file;             /* the observation file, for messages */
	long file_line;               /* the row's line in it */
};

/* A point of a series, after series_finish. */
struct series_point {
	const char *series;           /* the series' slug */
	size_t series_index;          /* into series_count order */
	const char *indicator, *name, *measure, *unit, *status, *region, *scope;
	const char *period;           /* schema code */
	struct period p;
	char start[11], end[11];      /* YYYY-MM-DD */
	size_t row;                   /* 0-based row of its period in the pivot */
	const char *value;            /* canonical decimal, schema units */
	const char *qualifier;
	int derived;                  /* origin: 0 reported, 1 derived */
	const char *sources;          /* doc ids, ';'-separated, earliest first */
};

/* A value dropped for a point: kept is what series.csv holds. */
struct series_conflict {
	const struct series_point *kept;
	const char *value, *qualifier, *sources;
	int derived;
	const char *file;             /* where the dropped row is, for messages */
	long file_line;
};

/* A column of the pivot: one series, or its derived points. */
struct series_column {
	size_t series;                /* series index */
	int derived;                  /* holds the derived points only */
	const char *label;            /* 固定资产投资 增速(%) 运河区 */
	const char *unit_label;       /* 亿元, %, 百分点, 位, 个 */
};

struct series_set;

/* A new empty set; o is borrowed and must outlive it. */
struct series_set *series_new(const struct series_opts *o);

/* Frees s and all it holds; NULL is fine. */
void series_free(struct series_set *s);

/* Reads an observations.csv file ("-" for standard input) into s.  A row
 * with a bad field is reported with file:line and skipped.  Returns 0, 1
 * when some rows were skipped, -1 when the file could not be used at all
 * (reported; nothing added). */
int series_read(struct series_set *s, const char *path);

/* Adds one observation after checking its fields (the schema's codes, a
 * plain decimal value, a valid period).  Returns 0, or -1 with d set (the
 * row is not added).  A row with an empty period is kept (for the
 * workbook) but is in no series. */
int series_add(struct series_set *s, const struct series_obs *ob,
	       struct diag *d);

/* Reads document dates from a CSV with the columns doc and date
 * (YYYY-MM-DD, may be empty).  Returns 0, 1 when some rows were bad, -1
 * when the file could not be used (all reported). */
int series_read_manifest(struct series_set *s, const char *path);

/* Sets the date of document doc (for ordering); a later call wins. */
void series_set_doc_date(struct series_set *s, const char *doc,
			 struct date date);

/* Merges, derives and orders everything added; reports each conflict as a
 * warning.  Call once, after the last series_add / series_read. */
void series_finish(struct series_set *s);

/* Accessors, valid after series_finish.  Points come in series.csv order
 * (by slug, then period); conflicts by slug, period, document. */
size_t series_obs_count(const struct series_set *s);
const struct series_obs *series_obs_at(const struct series_set *s, size_t i);
size_t series_count(const struct series_set *s);
const char *series_slug(const struct series_set *s, size_t i);
size_t series_point_count(const struct series_set *s);
const struct series_point *series_point_at(const struct series_set *s,
					   size_t i);
size_t series_conflict_count(const struct series_set *s);
const struct series_conflict *series_conflict_at(const struct series_set *s,
						 size_t i);
size_t series_doc_count(const struct series_set *s);
/* The points of series i are [first, first + *n) of series_point_at. */
size_t series_first_point(const struct series_set *s, size_t i, size_t *n);
/* The options the set was made with. */
const struct series_opts *series_opts_of(const struct series_set *s);
/* Fills the counts of *z a set knows (observations, bad rows, documents,
 * series, points, derived, conflicts, periods); files are the caller's. */
void series_summarize(const struct series_set *s, struct series_summary *z);

/* The pivot: rows are the periods of all points in time order, columns the
 * series grouped by region, then indicator (in rule order), measure,
 * status and scope; a series with derived points gets a second column
 * holding only those.  series_pivot_cell returns the point at (row, col)
 * or NULL. */
size_t series_pivot_rows(const struct series_set *s);
const struct series_point *series_pivot_row(const struct series_set *s,
					    size_t row);
size_t series_pivot_cols(const struct series_set *s);
const struct series_column *series_pivot_col(const struct series_set *s,
					     size_t col);
const struct series_point *series_pivot_cell(const struct series_set *s,
					     size_t row, size_t col);

/* How the amounts of an indicator in unit are shown (valid after
 * series_finish): the rules' display key when it fits the unit, else by
 * the largest value of the indicator in that unit (亿元 from 1亿, 万元 from
 * 100万, else 元, so a per-capita income shows in 元; counts 个). */
struct display_unit series_display(const struct series_set *s,
				   const char *indicator, const char *unit);

/* A point's value in its display unit (16190000000 → 161.9 in 亿元), into
 * buf of size n. */
char *series_display_value(const struct series_set *s,
			   const struct series_point *p, const char *value,
			   char *buf, size_t n);

/* The Chinese name of an indicator id from the rules (series_opts.rules),
 * or the id itself. */
const char *series_indicator_name(const struct series_set *s,
				  const char *indicator);

/* The Chinese label of a ranking scope code from the rules (全市, 全省 ...),
 * or the code itself. */
const char *series_scope_label(const struct series_set *s, const char *scope);

#endif
