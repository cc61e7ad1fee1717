/* writers: series.csv, pivot.csv, conflicts.csv, the gnuplot data files
 * and the workbook of a finished set, each through a temporary file
 * renamed into place; see writers.h. */
#include "series/writers.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/fs.h"
#include "base/schema.h"
#include "base/table.h"
#include "base/xalloc.h"
#include "series/changes.h"
#include "series/xlsx.h"

/* One CSV row, for a spreadsheet with excel (base/table.h). */
static int put_row(FILE *f, const char *const *cells, size_t n,
		   const char *numeric, int excel)
{
	return excel ? table_write_row_excel(f, cells, n, numeric) :
		       table_write_row(f, cells, n);
}

static int put_bom(FILE *f, int excel)
{
	return excel ? table_write_bom(f) : 0;
}

int series_write_long(const struct series_set *s, FILE *f, int excel)
{
	static const char *const head[] = {
		"series", "indicator", "name", "measure", "unit", "status",
		"region", "scope", "period", "start", "end", "value",
		"qualifier", "origin", "sources",
	};
	/* 'n' marks the numeric column */
	static const char numeric[] = "...........n...";

	if (put_bom(f, excel) < 0 || put_row(f, head, 15, NULL, excel) < 0)
		return -1;
	for (size_t i = 0; i < series_point_count(s); i++) {
		const struct series_point *p = series_point_at(s, i);
		const char *row[] = {
			p->series, p->indicator, p->name, p->measure, p->unit,
			p->status, p->region, p->scope, p->period, p->start,
			p->end, p->value, p->qualifier,
			p->derived ? "derived" : "reported", p->sources,
		};
		if (put_row(f, row, 15, numeric, excel) < 0)
			return -1;
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int series_write_pivot(const struct series_set *s, FILE *f, int excel)
{
	size_t ncols = series_pivot_cols(s), n = ncols + 3;
	const char **row = xcalloc(n, sizeof *row);
	char *numeric = xcalloc(n + 1, 1);
	char (*vals)[64] = xcalloc(ncols + 1, sizeof *vals);
	int rc = -1;

	memset(numeric, 'n', n);
	numeric[0] = numeric[1] = numeric[2] = '.';
	if (put_bom(f, excel) < 0)
		goto out;
	row[0] = "period";
	row[1] = "start";
	row[2] = "end";
	for (size_t c = 0; c < ncols; c++)
		row[c + 3] = series_pivot_col(s, c)->label;
	if (put_row(f, row, n, NULL, excel) < 0)
		goto out;
	for (size_t r = 0; r < series_pivot_rows(s); r++) {
		const struct series_point *p = series_pivot_row(s, r);
		row[0] = p->period;
		row[1] = p->start;
		row[2] = p->end;
		for (size_t c = 0; c < ncols; c++) {
			const struct series_point *q = series_pivot_cell(s, r, c);
			row[c + 3] = q ? series_display_value(s, q, q->value,
							     vals[c], sizeof vals[c]) :
				     "";
		}
		if (put_row(f, row, n, numeric, excel) < 0)
			goto out;
	}
	rc = fflush(f) == 0 && !ferror(f) ? 0 : -1;
out:
	free(vals);
	free(numeric);
	free(row);
	return rc;
}

int series_write_conflicts(const struct series_set *s, FILE *f, int excel)
{
	static const char *const head[] = {
		"series", "indicator", "name", "measure", "unit", "status",
		"region", "scope", "period", "value", "qualifier", "origin",
		"sources", "other_value", "other_qualifier", "other_origin",
		"other_sources",
	};
	static const char numeric[] = ".........n...n...";

	if (put_bom(f, excel) < 0 || put_row(f, head, 17, NULL, excel) < 0)
		return -1;
	for (size_t i = 0; i < series_conflict_count(s); i++) {
		const struct series_conflict *c = series_conflict_at(s, i);
		const struct series_point *p = c->kept;
		const char *row[] = {
			p->series, p->indicator, p->name, p->measure, p->unit,
			p->status, p->region, p->scope, p->period, p->value,
			p->qualifier, p->derived ? "derived" : "reported",
			p->sources, c->value, c->qualifier,
			c->derived ? "derived" : "reported", c->sources,
		};
		if (put_row(f, row, 17, numeric, excel) < 0)
			return -1;
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int series_write_dat(const struct series_set *s, size_t i, FILE *f)
{
	size_t n, first = series_first_point(s, i, &n);

	if (i >= series_count(s))
		return -1;
	if (fputs("# index period end value origin\n", f) == EOF)
		return -1;
	for (size_t k = first; k < first + n; k++) {
		const struct series_point *p = series_point_at(s, k);
		if (fprintf(f, "%zu %s %s %s %s\n", p->row + 1, p->period, p->end,
			    p->value, p->derived ? "derived" : "reported") < 0)
			return -1;
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

/* ---- output files (base/atomic) ---- */

static struct diag_sink sink_of(const struct series_set *s)
{
	const struct series_opts *o = series_opts_of(s);

	return (struct diag_sink){o ? o->report : NULL, o ? o->ctx : NULL};
}

/* Writes path with w through a temporary file renamed into place. */
static int write_file(const struct series_set *s, const char *path,
		      int (*w)(const struct series_set *, FILE *, void *),
		      void *arg)
{
	struct diag_sink sk = sink_of(s);
	struct atomic_file a;

	if (!atomic_open(&a, path, &sk))
		return -1;
	int ok = w(s, a.f, arg) == 0;
	if (!ok)
		diag_report(&sk, path, "error", "write error: %s",
			    errno ? strerror(errno) : "unknown");
	return atomic_close(&a, ok, 1, &sk);
}

char *series_default_xlsx(const char *out_dir)
{
	char *d = xstrdup(out_dir && *out_dir ? out_dir : ".");
	size_t l = strlen(d);

	while (l > 1 && d[l - 1] == '/')
		d[--l] = '\0';
	char *slash = strrchr(d, '/');
	if (!slash)
		strcpy(d, ".");
	else if (slash == d)
		d[1] = '\0';
	else
		*slash = '\0';
	char *p = path_join(d, "indicators.xlsx");
	free(d);
	return p;
}

typedef int (*writer_fn)(const struct series_set *s, FILE *f, int excel);

static int call_writer(const struct series_set *s, FILE *f, void *arg)
{
	return (*(writer_fn *)arg)(s, f, series_opts_of(s)->excel);
}

static int write_dat(const struct series_set *s, FILE *f, void *arg)
{
	return series_write_dat(s, *(size_t *)arg, f);
}

static int write_one(const struct series_set *s, const char *dir,
		     const char *name, writer_fn w)
{
	char *path = path_join(dir, name);
	int rc = write_file(s, path, call_writer, (void *)&w);

	free(path);
	return rc;
}

static int slug_known(const struct series_set *s, const char *file)
{
	size_t l = strlen(file), lo = 0, hi = series_count(s);

	if (l < 5 || strcmp(file + l - 4, ".dat") != 0)
		return 1;         /* not ours */
	char *slug = xstrndup(file, l - 4);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(series_slug(s, mid), slug);
		if (c == 0) {
			free(slug);
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	free(slug);
	return 0;
}

static int write_dats(const struct series_set *s, const char *dir)
{
	char *data = path_join(dir, "data");
	int rc = 0;

	struct diag_sink sk = sink_of(s);
	if (fs_make_dirs(data, &sk) < 0) {
		free(data);
		return -1;
	}
	for (size_t i = 0; i < series_count(s) && rc == 0; i++) {
		struct buf name = {0};
		buf_printf(&name, "%s.dat", series_slug(s, i));
		char *path = path_join(data, name.p);
		if (write_file(s, path, write_dat, &i) < 0)
			rc = -1;
		free(path);
		buf_free(&name);
	}
	/* the .dat files of series that are gone would still be charted */
	DIR *d = rc == 0 ? opendir(data) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || slug_known(s, de->d_name))
			continue;
		char *path = path_join(data, de->d_name);
		unlink(path);
		free(path);
	}
	if (d)
		closedir(d);
	free(data);
	return rc;
}

static int write_changes(const struct series_set *s, FILE *f, void *arg)
{
	return changes_write(arg, f, series_opts_of(s)->excel);
}

static int write_xlsx(const struct series_set *s, const struct changes *ch,
		      const char *path)
{
	struct diag_sink sk = sink_of(s);
	char *tmp = atomic_tmpname(path, &sk);
	struct diag d;
	int rc = -1;

	if (!tmp)
		return -1;
	diag_clear(&d);
	if (xlsx_write(s, ch, tmp, &d) < 0) {
		diag_report(&sk, path, "error", "%s", d.msg);
		unlink(tmp);
	} else {
		rc = atomic_rename(tmp, path, &sk);
	}
	free(tmp);
	return rc;
}

int series_build(const char *const *paths, size_t n,
		 const struct series_opts *o, struct series_summary *sum)
{
	struct series_set *s = series_new(o);
	struct series_summary z;
	size_t good = 0;
	int status = 0;
	char *xlsx = NULL;
	struct changes ch, *chp = NULL;

	memset(&z, 0, sizeof z);
	if (o->manifest && series_read_manifest(s, o->manifest) != 0)
		status = 1;
	for (size_t i = 0; i < n; i++) {
		int rc = series_read(s, paths[i]);
		z.files++;
		if (rc < 0)
			z.bad_files++;
		else
			good++;
		if (rc)
			status = 1;
	}
	series_finish(s);
	series_summarize(s, &z);
	struct diag_sink sk = sink_of(s);
	if (!good) {
		diag_report(&sk, o->out_dir, "error",
			    "no observations file could be read; outputs left as they were");
		status = 1;
		goto out;
	}
	if (o->changes && *o->changes) {
		/* against the series.csv about to be replaced */
		char *old = o->previous ? xstrdup(o->previous) :
			    path_join(o->out_dir, "series.csv");
		struct diag d;
		diag_clear(&d);
		if (changes_compute(&ch, old, s, o->stale, o->nstale, &d) < 0)
			diag_report(&sk, old, "warning",
				    "line %ld: %s; every point counted as new",
				    d.line, d.msg);
		free(old);
		chp = &ch;
		z.points_new = ch.count[CHANGE_NEW];
		z.points_revised = ch.count[CHANGE_REVISED];
		z.points_withdrawn = ch.count[CHANGE_WITHDRAWN];
		z.points_stale = ch.count[CHANGE_STALE];
	}
	if (fs_make_dirs(o->out_dir, &sk) < 0 ||
	    write_one(s, o->out_dir, "series.csv", series_write_long) < 0 ||
	    write_one(s, o->out_dir, "pivot.csv", series_write_pivot) < 0 ||
	    write_one(s, o->out_dir, "conflicts.csv", series_write_conflicts) < 0 ||
	    write_dats(s, o->out_dir) < 0 ||
	    (chp && write_file(s, o->changes, write_changes, chp) < 0)) {
		status = -1;
		goto out;
	}
	if (!o->xlsx || *o->xlsx) {
		xlsx = o->xlsx ? xstrdup(o->xlsx) : series_default_xlsx(o->out_dir);
		if (write_xlsx(s, chp, xlsx) < 0)
			status = -1;
	}
out:
	if (sum)
		*sum = z;
	free(xlsx);
	changes_free(chp);
	series_free(s);
	return status;
}
