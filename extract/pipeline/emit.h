/* emit: the observation rows and their CSV form (SCHEMA.md), written
 * through libcsv. */
#ifndef EXTRACT_EMIT_H
#define EXTRACT_EMIT_H

#include <stdio.h>

#include "pipeline/number.h"
#include "pipeline/rules.h"

#define EVIDENCE_MAX 200          /* code points */

/* One observation.  Strings are borrowed from the document and rule set;
 * the struct is only valid during the callback that hands it over. */
struct obs {
	const char *doc;
	const char *indicator;
	enum measure measure;
	struct decimal value;
	enum unit unit;
	char period[32];
	int target;
	const char *qualifier;    /* "" or a code */
	const char *scope;        /* "" or a code */
	const char *region;
	long line;
	char evidence[EVIDENCE_MAX * 4 + 1];
	const char *rule;
	char base[32];            /* change rows: the period compared with; "" = a year before */
};

/* Writes the header row.  Returns 0, or -1 on a write error. */
int emit_header(FILE *f);

/* Writes one row; with excel, for a spreadsheet (table_write_row_excel:
 * formula-like text neutralized, value and line stay numbers).  Returns 0,
 * or -1 on a write error. */
int emit_row(FILE *f, const struct obs *o, int excel);

#define EMIT_COLUMNS 14

/* Writes a row given as its EMIT_COLUMNS fields (one read back from an
 * observations file), as emit_row does. */
int emit_fields(FILE *f, const char *const *fields, int excel);

#endif
