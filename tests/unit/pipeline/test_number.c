/* test_number: table-driven tests of number.c (numerals, units, decimals). */
#include "pipeline/number.h"

#include <limits.h>
#include <string.h>

#include "check.h"

/* number_parse_quantity: the whole string as a quantity.  ok 0 means the
 * string must be refused. */
static const struct {
	const char *in;
	int ok;
	const char *value;
	const char *unit;
} quantities[] = {
	/* the examples zhibiao parse-number must print */
	{ "一百五十个百分点", 1, "150", "pp" },
	{ "3.2万", 1, "32000", "count" },
	{ "10.5%", 1, "10.5", "percent" },
	{ "第一", 1, "1", "rank" },
	{ "1.08亿元", 1, "108000000", "CNY" },
	{ "9.31亿元", 1, "931000000", "CNY" },
	{ "85.54亿元", 1, "8554000000", "CNY" },
	{ "161.9亿元", 1, "16190000000", "CNY" },
	{ "75.7亿元", 1, "7570000000", "CNY" },
	{ "10.33亿元", 1, "1033000000", "CNY" },
	{ "735亿元", 1, "73500000000", "CNY" },
	/* money */
	{ "12元", 1, "12", "CNY" },
	{ "5千元", 1, "5000", "CNY" },
	{ "3.5万元", 1, "35000", "CNY" },
	{ "2万亿元", 1, "2000000000000", "CNY" },
	{ "1.5万亿元", 1, "1500000000000", "CNY" },
	{ "三亿元", 1, "300000000", "CNY" },
	{ "两千万元", 1, "20000000", "CNY" },
	{ "1千万元", 1, "10000000", "CNY" },
	{ "1,234.5万元", 1, "12345000", "CNY" },
	{ "0.5亿元", 1, "50000000", "CNY" },
	/* percent, pp */
	{ "59.2%", 1, "59.2", "percent" },
	{ "226.1%", 1, "226.1", "percent" },
	{ "100%", 1, "100", "percent" },
	{ "-3%", 1, "-3", "percent" },
	{ "百分之五十", 1, "50", "percent" },
	{ "百分之10.5", 1, "10.5", "percent" },
	{ "百分之三点五", 1, "3.5", "percent" },
	{ "1.4个百分点", 1, "1.4", "pp" },
	{ "2.24个百分点", 1, "2.24", "pp" },
	{ "1.4百分点", 1, "1.4", "pp" },
	{ "三成", 1, "30", "percent" },
	{ "3成", 1, "30", "percent" },
	{ "2.5成", 1, "25", "percent" },
	/* 倍: the number itself, no unit */
	{ "2倍", 1, "2", "" },
	{ "1.5倍", 1, "1.5", "" },
	{ "两倍", 1, "2", "" },
	/* rank */
	{ "第5位", 1, "5", "rank" },
	{ "第5", 1, "5", "rank" },
	{ "第十二名", 1, "12", "rank" },
	{ "第2名", 1, "2", "rank" },
	{ "第19届", 0, NULL, NULL },
	{ "第1.5", 0, NULL, NULL },
	{ "第零", 0, NULL, NULL },
	{ "第", 0, NULL, NULL },
	/* counts */
	{ "137家", 1, "137", "count" },
	{ "10个", 1, "10", "count" },
	{ "37人次", 1, "37", "count" },
	{ "3.2万人次", 1, "32000", "count" },
	{ "250余家", 1, "250", "count" },       /* and qual >: see numbers.cases */
	{ "460", 1, "460", "count" },
	{ "5万平方米", 1, "50000", "count" },
	{ "5千瓦", 1, "5", "count" },           /* 千瓦 is a unit word */
	{ "100万千瓦", 1, "1000000", "count" },
	{ "两项", 1, "2", "count" },
	{ "零", 1, "0", "count" },
	{ "1,234", 1, "1234", "count" },
	/* refused */
	{ "", 0, NULL, NULL },
	{ "abc", 0, NULL, NULL },
	{ "亿元", 1, "100000000", "CNY" },      /* a multiplier alone: 亿元项目 */
	{ "元", 0, NULL, NULL },
	{ "10.33亿元,减负", 0, NULL, NULL },
	{ "1,2345", 0, NULL, NULL },
	{ "5美元", 0, NULL, NULL },
	{ "十四五", 0, NULL, NULL },
	{ "99999999999999999999", 0, NULL, NULL },
	{ "9999999999999亿元", 0, NULL, NULL },   /* overflows long long */
	{ "10%%", 0, NULL, NULL },
	{ "%", 0, NULL, NULL },
	{ "百分之", 0, NULL, NULL },
	{ "-", 0, NULL, NULL },
};

/* number_parse: the number at the start; used = bytes taken. */
static const struct {
	const char *in;
	int ok;
	const char *value;
	size_t used;
} numbers[] = {
	{ "一百五十", 1, "150", 12 },
	{ "十四", 1, "14", 6 },
	{ "两千三百零五", 1, "2305", 18 },
	{ "一万二千", 1, "12000", 12 },
	{ "三点五", 1, "3.5", 9 },
	{ "十", 1, "10", 3 },
	{ "二十万", 1, "200000", 9 },
	{ "一千零五十", 1, "1050", 15 },
	{ "一百五", 1, "150", 9 },              /* colloquial 150 */
	{ "两千三", 1, "2300", 9 },
	{ "一万二", 1, "12000", 9 },
	{ "三亿五千万", 1, "350000000", 15 },
	{ "两万亿", 1, "2000000000000", 9 },
	{ "三点五亿元", 1, "350000000", 12 },
	{ "零点五", 1, "0.5", 9 },
	{ "零", 1, "0", 3 },
	{ "〇", 1, "0", 3 },
	{ "两", 1, "2", 3 },
	{ "二〇二四年", 1, "2024", 12 },
	{ "三百零", 1, "300", 6 },              /* a trailing 零 is not taken */
	{ "十四五规划", 1, "14", 6 },
	{ "三四个", 1, "3", 3 },
	{ "十点", 1, "10", 3 },                 /* 点 with no digit after */
	{ "百分点", 0, NULL, 0 },               /* a bare 百 is not a number */
	{ "千家万户", 0, NULL, 0 },
	{ "161.9亿元", 1, "16190000000", 8 },
	{ "3.2万", 1, "32000", 6 },
	{ "1.08亿", 1, "108000000", 7 },
	{ "2万亿", 1, "2000000000000", 7 },
	{ "3千万", 1, "30000000", 7 },
	{ "1,234.5", 1, "1234.5", 7 },
	{ "12,345,678元", 1, "12345678", 10 },
	{ "10.33亿元,减负", 1, "1033000000", 8 },
	{ "10,减负", 1, "10", 2 },
	{ "1,23", 1, "1", 1 },
	{ "1,2345", 1, "1", 1 },
	{ "1,234,5678", 1, "1234", 5 },
	{ "2023,100家", 1, "2023", 4 },         /* no separator after 4 digits */
	{ "3.", 1, "3", 1 },
	{ "3.x", 1, "3", 1 },
	{ "2.0", 1, "2", 3 },
	{ "007", 1, "7", 3 },
	{ "1.4百分点", 1, "1.4", 3 },
	{ "5千米", 1, "5", 1 },
	{ "9223372036854775807", 1, "9223372036854775807", 19 },
	{ "9223372036854775808", 0, NULL, 0 },
	{ "0.00000000000000000001", 1, "0.00000000000000000001", 22 },
	{ "1.23456789012345678901", 0, NULL, 0 },
	{ "922337203685477581亿", 0, NULL, 0 },
	{ "九千亿亿", 1, "900000000000", 9 },   /* the second 亿 is not taken */
	{ "abc", 0, NULL, 0 },
	{ "", 0, NULL, 0 },
	{ ".5", 1, "0.5", 2 },
	{ "-5", 0, NULL, 0 },
};

static const struct {
	long long mant;
	int exp;
	const char *out;
} formats[] = {
	{ 25, -2, "0.25" },
	{ -3, 0, "-3" },
	{ 100, 0, "100" },
	{ 1, 2, "100" },
	{ 1619, 7, "16190000000" },
	{ 931, 6, "931000000" },
	{ 105, -1, "10.5" },
	{ 1050, -2, "10.5" },
	{ 1000, -3, "1" },
	{ 0, 0, "0" },
	{ 0, -3, "0" },
	{ 0, 5, "0" },
	{ -25, -3, "-0.025" },
	{ 5, -1, "0.5" },
	{ 123456, -3, "123.456" },
	{ -1234, -2, "-12.34" },
	{ LLONG_MAX, 0, "9223372036854775807" },
	{ LLONG_MIN, 0, "-9223372036854775808" },
	{ 1, -20, "0.00000000000000000001" },
};

int main(void)
{
	char buf[64];

	for (size_t k = 0; k < sizeof quantities / sizeof quantities[0]; k++) {
		struct quantity q = { { 99, 99 }, UNIT_NONE, QUAL_NONE, 0 };
		const char *in = quantities[k].in;
		int ok = number_parse_quantity(in, strlen(in), &q);

		CHECK(ok == quantities[k].ok, "quantity \"%s\": ok %d", in, ok);
		if (!ok || !quantities[k].ok)
			continue;
		decimal_format(q.value, buf, sizeof buf);
		CHECK(strcmp(buf, quantities[k].value) == 0 &&
			      strcmp(unit_name(q.unit), quantities[k].unit) == 0,
		      "quantity \"%s\": expected %s %s, got %s %s", in,
		      quantities[k].value, quantities[k].unit, buf,
		      unit_name(q.unit));
	}

	for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++) {
		struct decimal d = { 99, 99 };
		size_t used = 999;
		const char *in = numbers[k].in;
		int ok = number_parse(in, strlen(in), &d, &used);

		CHECK(ok == numbers[k].ok, "number \"%s\": ok %d", in, ok);
		if (!ok || !numbers[k].ok)
			continue;
		decimal_format(d, buf, sizeof buf);
		CHECK(strcmp(buf, numbers[k].value) == 0 &&
			      used == numbers[k].used,
		      "number \"%s\": expected %s used %zu, got %s used %zu",
		      in, numbers[k].value, numbers[k].used, buf, used);
	}

	for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
		struct decimal d = { formats[k].mant, formats[k].exp };

		decimal_format(d, buf, sizeof buf);
		CHECK(strcmp(buf, formats[k].out) == 0,
		      "format %lld e%d: expected %s, got %s", formats[k].mant,
		      formats[k].exp, formats[k].out, buf);
	}

	/* exact, canonical values: 9.31亿 is 931 * 10^6 */
	{
		struct decimal d;
		size_t used;

		CHECK(number_parse("9.31亿", strlen("9.31亿"), &d, &used) &&
			      d.mant == 931 && d.exp == 6,
		      "9.31亿: got %lld e%d", d.mant, d.exp);
		CHECK(number_parse("10.50", 5, &d, &used) && d.mant == 105 &&
			      d.exp == -1,
		      "10.50: got %lld e%d", d.mant, d.exp);
		CHECK(number_parse("0.0", 3, &d, &used) && d.mant == 0 &&
			      d.exp == 0,
		      "0.0: got %lld e%d", d.mant, d.exp);
		/* used may be NULL; len bounds the text */
		CHECK(number_parse("123", 2, &d, NULL) && d.mant == 12,
		      "len 2 of 123: got %lld", d.mant);
		CHECK(!number_parse(NULL, 0, &d, &used), "NULL text");
	}

	/* a small buffer truncates and stays terminated */
	{
		struct decimal d = { 1619, 7 };
		char small[5];

		decimal_format(d, small, sizeof small);
		CHECK(strcmp(small, "1619") == 0, "truncated: got %s", small);
		decimal_format(d, small, 1);
		CHECK(small[0] == '\0', "size 1: got \"%s\"", small);
	}

	/* scale, neg, double */
	{
		struct decimal d = { 15, -1 };

		d = decimal_scale(d, 2);
		CHECK(d.mant == 15 && d.exp == 1 &&
			      strcmp(decimal_format(d, buf, sizeof buf), "150") == 0,
		      "1.5 scaled by 2: got %lld e%d", d.mant, d.exp);
		d = decimal_scale((struct decimal){ 2, 0 }, 2);
		CHECK(strcmp(decimal_format(d, buf, sizeof buf), "200") == 0,
		      "2 * 100: got %s", buf);
		d = decimal_neg((struct decimal){ 3, 0 });
		CHECK(strcmp(decimal_format(d, buf, sizeof buf), "-3") == 0,
		      "neg 3: got %s", buf);
		d = decimal_neg((struct decimal){ 0, 0 });
		CHECK(strcmp(decimal_format(d, buf, sizeof buf), "0") == 0,
		      "neg 0: got %s", buf);
		CHECK(decimal_to_double((struct decimal){ 1, -1 }) == 0.1,
		      "0.1 as double");
		CHECK(decimal_to_double((struct decimal){ 1619, 7 }) == 16190000000.0,
		      "161.9亿 as double");
		CHECK(decimal_to_double((struct decimal){ -25, -2 }) == -0.25,
		      "-0.25 as double");
	}

	/* the qualifier and the part of a whole a quantity states */
	{
		static const struct {
			const char *in;
			enum qualifier qual;
			int ratio;
		} quals[] = {
			{ "十余万", QUAL_GT, 0 }, { "3600余家", QUAL_GT, 0 },
			{ "二十几万元", QUAL_GT, 0 }, { "一千多万", QUAL_GT, 0 },
			{ "十万", QUAL_NONE, 0 }, { "五分之一", QUAL_NONE, 1 },
			{ "一半", QUAL_NONE, 1 }, { "三又三分之一", QUAL_NONE, 0 },
			{ "百分之五", QUAL_NONE, 0 }, { "二分之一倍", QUAL_NONE, 0 },
		};
		for (size_t k = 0; k < sizeof quals / sizeof quals[0]; k++) {
			struct quantity q;
			const char *in = quals[k].in;
			CHECK(number_parse_quantity(in, strlen(in), &q) &&
				      q.qual == quals[k].qual &&
				      q.ratio == quals[k].ratio,
			      "quantity \"%s\": qual %d ratio %d", in, (int)q.qual,
			      q.ratio);
		}
	}

	/* the longest quantity at the start */
	{
		static const struct {
			const char *in;
			size_t used;
			const char *value;
		} reads[] = {
			{ "50元6角三分,增长", 15, "50.63" },
			{ "8亿元人民币以上", 16, "800000000" },
			{ "3.5%以上", 4, "3.5" },
			{ "七成六的", 9, "76" },
			{ "1.4个百分点", 15, "1.4" },
			{ "第19届", 5, "19" },
			{ "5千瓦时", 10, "5" },
			{ "十余家企业", 9, "10" },
			{ "增长", 0, NULL },
			{ "百分点", 0, NULL },
		};
		for (size_t k = 0; k < sizeof reads / sizeof reads[0]; k++) {
			struct quantity q;
			const char *in = reads[k].in;
			size_t used = number_read_quantity(in, strlen(in), &q);
			CHECK(used == reads[k].used &&
				      (!used || strcmp(decimal_format(q.value, buf, sizeof buf),
						       reads[k].value) == 0),
			      "read \"%s\": used %zu (%s)", in, used,
			      used ? buf : "-");
		}
	}

	/* where numbers start, and what before one belongs to it */
	{
		static const struct {
			const char *in;
			int start, pair;
		} starts[] = {
			{ "5", 1, 0 }, { ".5", 1, 0 }, { "一", 1, 0 }, { "壹佰", 1, 1 },
			{ "十二", 1, 1 }, { "百三", 1, 1 }, { "百分点", 0, 0 },
			{ "千家", 0, 0 }, { "万", 0, 0 }, { "半成", 1, 0 },
			{ "两千", 1, 1 }, { "零十", 1, 1 }, { "十余", 1, 1 },
			{ "一是", 1, 0 }, { "是一", 0, 0 }, { ".", 0, 0 }, { "", 0, 0 },
		};
		for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
			const char *in = starts[k].in;
			CHECK(number_start(in, strlen(in)) == starts[k].start &&
				      number_cn_pair(in, strlen(in)) == starts[k].pair,
			      "start/pair \"%s\"", in);
		}
		CHECK(number_prefix_len("增长百分之", strlen("增长百分之")) == 9,
		      "百分之 before a number");
		CHECK(number_prefix_len("增长负百分之", strlen("增长负百分之")) == 12,
		      "负百分之 before a number");
		CHECK(number_prefix_len("增长-", strlen("增长-")) == 1, "- before");
		CHECK(number_prefix_len("增长", strlen("增长")) == 0, "nothing before");
		CHECK(number_char_before("完成几", strlen("完成几")) &&
			      !number_char_before("完成", strlen("完成")),
		      "a numeral before");
	}

	/* unit marks: what number_parse_quantity reads has its unit's mark */
	{
		static const struct {
			const char *in;
			enum unit u;
		} marks[] = {
			{ "占比五分之一", UNIT_PERCENT }, { "千分之三", UNIT_PERCENT },
			{ "一半", UNIT_PERCENT }, { "七成六", UNIT_PERCENT },
			{ "1.4百分点", UNIT_PP }, { "3万元", UNIT_CNY },
			{ "第三", UNIT_RANK },
		};
		for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
			const char *in = marks[k].in;
			CHECK(unit_marks_in(in, strlen(in)) & unit_marks(marks[k].u, 0),
			      "mark of \"%s\"", in);
		}
		CHECK(!(unit_marks_in("分别", 6) & unit_marks(UNIT_PERCENT, 0)),
		      "分别 is no percent");
		CHECK(!(unit_marks_in("上半年", 9) & unit_marks(UNIT_PERCENT, 0)),
		      "上半年 is no percent");
	}

	/* unit names, both ways */
	{
		static const enum unit all[] = {
			UNIT_CNY, UNIT_PERCENT, UNIT_PP, UNIT_RANK, UNIT_COUNT,
		};

		for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
			CHECK(unit_from_name(unit_name(all[k])) == (int)all[k],
			      "unit %s round trip", unit_name(all[k]));
		CHECK(strcmp(unit_name(UNIT_NONE), "") == 0, "UNIT_NONE name");
		CHECK(strcmp(unit_name(UNIT_CNY), "CNY") == 0, "CNY name");
		CHECK(unit_from_name("") == -1, "empty unit name");
		CHECK(unit_from_name("yuan") == -1, "unknown unit name");
		CHECK(unit_from_name(NULL) == -1, "NULL unit name");
	}

	return CHECK_DONE();
}
