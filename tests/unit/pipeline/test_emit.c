/* test_emit: the CSV header and rows, byte for byte, quoting through
 * libcsv, plain decimal values, and write errors. */
#include "pipeline/emit.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char header[] =
	"doc,indicator,measure,value,unit,period,status,qualifier,scope,region,"
	"line,evidence,rule,base\n";

/* What f received, as a string the caller frees. */
static char *contents(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	size_t got = fread(s, 1, (size_t)n, f);
	s[got] = '\0';
	return s;
}

/* A growth row of 5.2% to vary field by field. */
static struct obs base(void)
{
	struct obs o;

	memset(&o, 0, sizeof o);
	o.doc = "004_0c28.txt";
	o.indicator = "gdp";
	o.measure = MEASURE_GROWTH;
	o.value = (struct decimal){ 52, -1 };
	o.unit = UNIT_PERCENT;
	snprintf(o.period, sizeof o.period, "2025-Q1");
	o.target = 0;
	o.qualifier = "";
	o.scope = "";
	o.region = "杭州";
	o.line = 142;
	snprintf(o.evidence, sizeof o.evidence, "GDP同比增长5.2%%");
	o.rule = "growth.up";
	return o;
}

/* Writes one row of o and compares the bytes with want. */
static void row_is(const struct obs *o, const char *want, int line)
{
	FILE *f = tmpfile();

	if (!f) {
		CHECK(0, "tmpfile");
		return;
	}
	int rc = emit_row(f, o, 0);
	char *got = contents(f);
	CHECK(rc == 0, "line %d: emit_row returns %d", line, rc);
	CHECK(got && strcmp(got, want) == 0, "line %d: row\n    %s  want\n    %s", line,
	      got ? got : "(null)", want);
	free(got);
	fclose(f);
}

#define ROW_IS(o, want) row_is(o, want, __LINE__)

static void test_header(void)
{
	FILE *f = tmpfile();

	if (!f) {
		CHECK(0, "tmpfile");
		return;
	}
	CHECK(emit_header(f) == 0, "emit_header returns 0");
	struct obs o = base();
	CHECK(emit_row(f, &o, 0) == 0, "emit_row returns 0");
	char *got = contents(f);
	char want[512];
	snprintf(want, sizeof want, "%s%s", header,
		 "004_0c28.txt,gdp,growth,5.2,percent,2025-Q1,actual,,,杭州,142,"
		 "GDP同比增长5.2%,growth.up,\n");
	CHECK(got && strcmp(got, want) == 0, "header and row\n%s  want\n%s",
	      got ? got : "(null)", want);
	free(got);
	fclose(f);
}

static void test_rows(void)
{
	struct obs o = base();

	/* every measure and unit name, status, qualifier, scope */
	o.measure = MEASURE_RANK;
	o.value = (struct decimal){ 5, 0 };
	o.unit = UNIT_RANK;
	o.target = 1;
	o.qualifier = ">=";
	o.scope = "province";
	ROW_IS(&o, "004_0c28.txt,gdp,rank,5,rank,2025-Q1,target,>=,province,杭州,142,"
		   "GDP同比增长5.2%,growth.up,\n");
	o = base();
	o.measure = MEASURE_LEVEL;
	o.unit = UNIT_CNY;
	o.value = (struct decimal){ 1619, 7 };
	snprintf(o.period, sizeof o.period, "2022-01/2022-11");
	ROW_IS(&o, "004_0c28.txt,gdp,level,16190000000,CNY,2022-01/2022-11,actual,,,杭州,142,"
		   "GDP同比增长5.2%,growth.up,\n");
	o = base();
	o.measure = MEASURE_CHANGE;
	o.unit = UNIT_PP;
	o.value = (struct decimal){ -14, -1 };
	o.qualifier = "~";
	ROW_IS(&o, "004_0c28.txt,gdp,change,-1.4,pp,2025-Q1,actual,~,,杭州,142,"
		   "GDP同比增长5.2%,growth.up,\n");
	/* a change against another period names it in the last column */
	snprintf(o.base, sizeof o.base, "2024-Q4");
	ROW_IS(&o, "004_0c28.txt,gdp,change,-1.4,pp,2025-Q1,actual,~,,杭州,142,"
		   "GDP同比增长5.2%,growth.up,2024-Q4\n");
	o = base();
	o.measure = MEASURE_SHARE;
	o.unit = UNIT_COUNT;
	o.line = 1;
	ROW_IS(&o, "004_0c28.txt,gdp,share,5.2,count,2025-Q1,actual,,,杭州,1,"
		   "GDP同比增长5.2%,growth.up,\n");
	o = base();
	o.measure = MEASURE_RATE;
	o.period[0] = '\0';
	ROW_IS(&o, "004_0c28.txt,gdp,rate,5.2,percent,,actual,,,杭州,142,"
		   "GDP同比增长5.2%,growth.up,\n");

	/* NULL qualifier, scope and region are empty fields */
	o = base();
	o.qualifier = NULL;
	o.scope = NULL;
	o.region = NULL;
	ROW_IS(&o, "004_0c28.txt,gdp,growth,5.2,percent,2025-Q1,actual,,,,142,"
		   "GDP同比增长5.2%,growth.up,\n");
}

/* Values are plain decimals: no exponent, no trailing zeros. */
static void test_values(void)
{
	static const struct {
		struct decimal d;
		const char *want;
	} values[] = {
		{ { 0, 0 }, "0" },
		{ { 5, 0 }, "5" },
		{ { -3, 0 }, "-3" },
		{ { 25, -2 }, "0.25" },
		{ { 5, -3 }, "0.005" },
		{ { 105, -1 }, "10.5" },
		{ { 1050, -2 }, "10.5" },
		{ { 100, -2 }, "1" },
		{ { 931, 6 }, "931000000" },
		{ { 2, 12 }, "2000000000000" },
		{ { 15, 11 }, "1500000000000" },
		{ { -226, -1 }, "-22.6" },
		{ { -5, -3 }, "-0.005" },
		{ { 123456789012345LL, -4 }, "12345678901.2345" },
	};

	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		struct obs o = base();
		char want[512];
		o.value = values[i].d;
		snprintf(want, sizeof want,
			 "004_0c28.txt,gdp,growth,%s,percent,2025-Q1,actual,,,杭州,142,"
			 "GDP同比增长5.2%%,growth.up,\n", values[i].want);
		row_is(&o, want, __LINE__);
	}
}

/* Fields with a comma, quote, line break or edge space are quoted (quotes
 * doubled); others are written as they are. */
static void test_quoting(void)
{
	static const struct {
		const char *evidence, *field;
	} q[] = {
		{ "全区GDP增长5%,投资增长6%", "\"全区GDP增长5%,投资增长6%\"" },
		{ "\"152\"工程落地率", "\"\"\"152\"\"工程落地率\"" },
		{ "a\"b", "\"a\"\"b\"" },
		{ "第一行\n第二行", "\"第一行\n第二行\"" },
		{ "回车\r", "\"回车\r\"" },
		{ " 前空格", "\" 前空格\"" },
		{ "后空格 ", "\"后空格 \"" },
		{ "\t制表", "\"\t制表\"" },
		{ "中 间", "中 间" },
		{ "单引号'", "单引号'" },
		{ "分号;冒号:", "分号;冒号:" },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
		struct obs o = base();
		char want[512];
		snprintf(o.evidence, sizeof o.evidence, "%s", q[i].evidence);
		snprintf(want, sizeof want,
			 "004_0c28.txt,gdp,growth,5.2,percent,2025-Q1,actual,,,杭州,142,%s,growth.up,\n",
			 q[i].field);
		row_is(&o, want, __LINE__);
	}
	/* other fields are quoted the same way */
	struct obs o = base();
	o.doc = "a,b.txt";
	o.region = "杭州\"西湖\"";
	ROW_IS(&o, "\"a,b.txt\",gdp,growth,5.2,percent,2025-Q1,actual,,,\"杭州\"\"西湖\"\"\",142,"
		   "GDP同比增长5.2%,growth.up,\n");
	/* the longest evidence (200 four-byte code points) is written whole */
	o = base();
	size_t k = 0;
	for (int i = 0; i < EVIDENCE_MAX; i++, k += 4)
		memcpy(o.evidence + k, "\xF0\xA0\xAE\xB7", 4);     /* 𠮷 */
	o.evidence[k] = '\0';
	FILE *f = tmpfile();
	if (f) {
		CHECK(emit_row(f, &o, 0) == 0, "a long evidence row");
		char *got = contents(f);
		CHECK(got && strstr(got, o.evidence) && strlen(got) ==
		      strlen("004_0c28.txt,gdp,growth,5.2,percent,2025-Q1,actual,,,杭州,142,,growth.up,\n") + k,
		      "the long evidence is written whole (%zu bytes)", got ? strlen(got) : 0);
		free(got);
		fclose(f);
	}
}

/* A write error: -1 from the write (unbuffered), or from fflush. */
static void test_write_error(void)
{
	FILE *f = fopen("/dev/full", "w");

	if (!f) {
		CHECK(0, "cannot open /dev/full");
		return;
	}
	struct obs o = base();
	/* buffered: the bytes wait in the buffer, and fflush fails */
	CHECK(emit_header(f) == 0, "a buffered header is accepted");
	CHECK(emit_row(f, &o, 0) == 0, "a buffered row is accepted");
	CHECK(fflush(f) == EOF, "fflush to /dev/full fails");
	fclose(f);

	/* unbuffered: every write fails at once */
	f = fopen("/dev/full", "w");
	if (!f) {
		CHECK(0, "cannot open /dev/full");
		return;
	}
	setvbuf(f, NULL, _IONBF, 0);
	CHECK(emit_header(f) == -1, "an unbuffered header to /dev/full returns -1");
	clearerr(f);
	CHECK(emit_row(f, &o, 0) == -1, "an unbuffered row to /dev/full returns -1");
	clearerr(f);
	o.evidence[0] = ',';             /* the quoted path (csv_fwrite) */
	CHECK(emit_row(f, &o, 0) == -1, "an unbuffered quoted row to /dev/full returns -1");
	fclose(f);

	/* a stream open for reading only */
	f = fopen("/dev/null", "r");
	if (f) {
		CHECK(emit_header(f) == -1, "a header to a read-only stream returns -1");
		fclose(f);
	}
}

int main(void)
{
	test_header();
	test_rows();
	test_values();
	test_quoting();
	test_write_error();
	return CHECK_DONE();
}
