/* emit: observation rows as CSV. */
#include "pipeline/emit.h"

#include "base/table.h"

static const char *const columns[] = {
	"doc", "indicator", "measure", "value", "unit", "period", "status",
	"qualifier", "scope", "region", "line", "evidence", "rule", "base",
};

int emit_header(FILE *f)
{
	return table_write_row(f, columns, sizeof columns / sizeof *columns);
}

int emit_fields(FILE *f, const char *const *fields, int excel)
{
	/* 'n': value and line */
	static const char numeric[] = "...n......n...";

	return excel ? table_write_row_excel(f, fields, EMIT_COLUMNS, numeric) :
		       table_write_row(f, fields, EMIT_COLUMNS);
}

int emit_row(FILE *f, const struct obs *o, int excel)
{
	char value[64], line[24];
	const char *fields[EMIT_COLUMNS];

	decimal_format(o->value, value, sizeof value);
	snprintf(line, sizeof line, "%ld", o->line);
	fields[0] = o->doc;
	fields[1] = o->indicator;
	fields[2] = measure_name(o->measure);
	fields[3] = value;
	fields[4] = unit_name(o->unit);
	fields[5] = o->period;
	fields[6] = o->target ? "target" : "actual";
	fields[7] = o->qualifier ? o->qualifier : "";
	fields[8] = o->scope ? o->scope : "";
	fields[9] = o->region ? o->region : "";
	fields[10] = line;
	fields[11] = o->evidence;
	fields[12] = o->rule;
	fields[13] = o->base;
	return emit_fields(f, fields, excel);
}
