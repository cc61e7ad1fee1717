/* test_normalize: folding, white space, line joining and the offset map. */
#include "pipeline/normalize.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/xalloc.h"

/* norm_string(in) must give want; called through NORM_IS for the line. */
static void norm_is(const char *in, const char *want, int line)
{
	char *got = norm_string(in);

	CHECK(strcmp(got, want) == 0, "line %d: norm(\"%s\") = \"%s\", want \"%s\"",
	      line, in, got, want);
	free(got);
}

#define NORM_IS(in, want) norm_is(in, want, __LINE__)

/* Byte offset of needle in hay (which must hold it). */
static size_t at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	return p ? (size_t)(p - hay) : (size_t)-1;
}

static void test_folding(void)
{
	/* full-width ASCII forms */
	NORM_IS("增长１０.５％", "增长10.5%");
	NORM_IS("同比增长１０．５％，环比下降２％；", "同比增长10.5%,环比下降2%;");
	NORM_IS("（万元）：", "(万元):");
	NORM_IS("ＧＤＰ增长", "GDP增长");
	NORM_IS("ＡＩ　ｐｌｕｓ", "AI plus");
	/* curly quotes */
	NORM_IS("“双十一”活动", "\"双十一\"活动");
	NORM_IS("‘小巨人’企业", "'小巨人'企业");
	/* dashes and waves */
	NORM_IS("1—11月", "1-11月");
	NORM_IS("1～11月", "1-11月");
	NORM_IS("1–11月", "1-11月");
	NORM_IS("1―11月", "1-11月");
	NORM_IS("1〜11月", "1-11月");
	NORM_IS("1－11月", "1-11月");
	NORM_IS("下降−0.3个百分点", "下降-0.3个百分点");
	/* traditional -> simplified */
	NORM_IS("經濟增長", "经济增长");
	NORM_IS("對外貿易", "对外贸易");
	NORM_IS("區域產業發展", "区域产业发展");
	NORM_IS("经济增长", "经济增长");
	/* a chain in OpenCC's table (薴 -> 苧 -> 苎) is followed to its end */
	NORM_IS("薴", "苎");
	NORM_IS("苧", "苎");
	/* untouched: CJK punctuation, other scripts, 4-byte characters */
	NORM_IS("《报告》、第一。", "《报告》、第一。");
	NORM_IS("𠮷野家 café", "𠮷野家café");
	NORM_IS("Crème Brûlée", "Crème Brûlée");
}

static void test_spaces(void)
{
	NORM_IS("80 0以上", "800以上");
	NORM_IS("投资 12 3 亿元", "投资123亿元");
	NORM_IS("张 三 丰", "张三丰");
	NORM_IS("区委 书记 会 议", "区委书记会议");
	NORM_IS("Deep Seek", "Deep Seek");
	NORM_IS("Deep  \t Seek", "Deep Seek");
	NORM_IS("GDP 增长 5 %", "GDP增长5%");
	NORM_IS("A\xe3\x80\x80" "B", "A B");            /* U+3000 */
	NORM_IS("增\xc2\xa0长", "增长");               /* NBSP */
	NORM_IS("x\xc2\xa0y", "x y");
	NORM_IS("增\xe2\x80\x83长 5\xe2\x80\xaf%", "增长5%"); /* em, narrow */
	NORM_IS("增\xe2\x80\x8b长\xef\xbb\xbf率\xe2\x80\x8d", "增长率");
	NORM_IS("Deep\xe2\x80\x8bSeek", "DeepSeek");
	NORM_IS("Deep \xe2\x80\x8b Seek", "Deep Seek");
	NORM_IS("增长\r\n", "增长");
	NORM_IS("  leading and trailing  ", "leading and trailing");
	NORM_IS("a1 b", "a1b");                       /* '1' is no letter */
	NORM_IS("", "");
	NORM_IS("   \n \n\t", "");
}

static void test_lines(void)
{
	/* wrapped lines join */
	NORM_IS("全年固定资产投\n资增长12%以\n上。", "全年固定资产投资增长12%以上。");
	NORM_IS("投资80\n0亿元", "投资800亿元");
	/* blank lines between wrapped lines (double spacing) join too */
	NORM_IS("全年固定资产投\n\n资增长\n\n 12%。", "全年固定资产投资增长12%。");
	NORM_IS("投\n  \n\xe3\x80\x80\n资", "投资");
	/* a sentence end keeps one line break, however many blank lines */
	NORM_IS("第一句。\n第二句。", "第一句。\n第二句。");
	NORM_IS("第一句。\n\n\n\n第二句", "第一句。\n第二句");
	NORM_IS("好！\n对？\n是!\nok?\n如下；\n如下;\n如下：\n如下:\n完",
		"好!\n对?\n是!\nok?\n如下;\n如下;\n如下:\n如下:\n完");
	NORM_IS("第一句。  \n  第二句", "第一句。\n第二句");
	/* a closing quote or bracket after the mark still ends the sentence */
	NORM_IS("他说：“增长较快。”\n下一段", "他说:\"增长较快。\"\n下一段");
	NORM_IS("（完。）\n下一段", "(完。)\n下一段");
	NORM_IS("“6+2”\n主要指标", "\"6+2\"主要指标");
	/* a comma or a full stop '.' does not end a sentence */
	NORM_IS("增长，\n较快", "增长,较快");
	NORM_IS("增长10.\n5%", "增长10.5%");
	/* headings stay on their own line */
	NORM_IS("# 标题一\n正文第一行\n续完。", "#标题一\n正文第一行续完。");
	NORM_IS("正文没有句号\n## 二级 标题\n正文", "正文没有句号\n##二级标题\n正文");
	NORM_IS("正文\n\n\n# 标题\n\n\n正文", "正文\n#标题\n正文");
	NORM_IS("正文\n  ＃ 标题\n正文", "正文\n#标题\n正文");
	NORM_IS("# A\n# B", "#A\n#B");
	/* a '#' inside a line is no heading */
	NORM_IS("第1#楼\n正文", "第1#楼正文");
	/* leading and trailing line breaks of the document go */
	NORM_IS("\n\n\n\n# 标题\n正文。\n\n", "#标题\n正文。");
	NORM_IS("\r\n  \r\n增长。\r\n\r\n", "增长。");
	/* CRLF and CR */
	NORM_IS("增\r\n长。\r\n完", "增长。\n完");
	/* a join between two ASCII letters reads as a space */
	NORM_IS("Deep\nSeek", "Deep Seek");
	NORM_IS("Deep \n\n Seek", "Deep Seek");
	NORM_IS("GDP\n增长", "GDP增长");
	/* but not when the letters follow Chinese text or punctuation: a
	 * column wrapped at a fixed width cut the word */
	NORM_IS("全区GD\nP增长", "全区GDP增长");
	NORM_IS("回落较多，GD\nP增长", "回落较多,GDP增长");
	NORM_IS("in the\nworld", "in the world");
}

static void test_robust(void)
{
	/* a bad byte is one character, read as U+FFFD */
	NORM_IS("增\xff长", "增\xef\xbf\xbd长");
	NORM_IS("\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd");
	NORM_IS("增\xe5\xa2", "增\xef\xbf\xbd\xef\xbf\xbd");     /* truncated */
	NORM_IS("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
	NORM_IS("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");          /* overlong */
	/* control characters other than white space pass through */
	NORM_IS("a\x01" "b", "a\x01" "b");

	/* embedded NUL: dropped, the text stays one C string */
	struct norm n;

	memset(&n, 0, sizeof n);
	norm_build(&n, "a\0b", 3);
	CHECK(n.len == 2 && strcmp(n.text, "ab") == 0, "NUL: \"%s\"", n.text);
	CHECK(norm_orig_offset(&n, 1) == 2, "NUL: b at %zu",
	      norm_orig_offset(&n, 1));
	norm_free(&n);
	CHECK(n.text == NULL && n.map == NULL && n.len == 0, "norm_free zeroes");
	norm_free(&n);                  /* twice is fine */

	/* a zeroed, never-built norm answers without crashing */
	CHECK(norm_orig_offset(&n, 0) == 0, "empty norm offset");
	CHECK(norm_line(&n, 0) == 1, "empty norm line");

	/* empty input */
	norm_build(&n, "", 0);
	CHECK(n.len == 0 && n.text && n.text[0] == '\0', "empty text");
	CHECK(norm_orig_offset(&n, 0) == 0, "empty: offset %zu",
	      norm_orig_offset(&n, 0));
	CHECK(norm_line(&n, 0) == 1, "empty: line %ld", norm_line(&n, 0));
	norm_free(&n);
}

static void test_map(void)
{
	/* a number on original line 3 after two joins and removed spaces */
	const char *orig = "第一行没有句号\n第二行 继续\n第三行投资８０ 0亿元。\n下一句";
	struct norm n;
	size_t k;

	memset(&n, 0, sizeof n);
	norm_build(&n, orig, strlen(orig));
	CHECK(strcmp(n.text, "第一行没有句号第二行继续第三行投资800亿元。\n下一句") == 0,
	      "map text: \"%s\"", n.text);
	k = at(n.text, "800");
	CHECK(norm_line(&n, k) == 3, "800 on line %ld", norm_line(&n, k));
	CHECK(norm_orig_offset(&n, k) == at(orig, "８"), "800 at %zu, want %zu",
	      norm_orig_offset(&n, k), at(orig, "８"));
	CHECK(norm_orig_offset(&n, k + 1) == at(orig, "０"), "0 at %zu",
	      norm_orig_offset(&n, k + 1));
	CHECK(norm_orig_offset(&n, k + 2) == at(orig, "0亿"), "last 0 at %zu",
	      norm_orig_offset(&n, k + 2));
	k = at(n.text, "亿元");
	CHECK(norm_orig_offset(&n, k) == at(orig, "亿元"), "亿 at %zu",
	      norm_orig_offset(&n, k));
	/* after the removed space on line 2 */
	k = at(n.text, "继续");
	CHECK(norm_orig_offset(&n, k) == at(orig, "继续"), "继 at %zu",
	      norm_orig_offset(&n, k));
	CHECK(norm_line(&n, k) == 2, "继 on line %ld", norm_line(&n, k));
	/* the middle bytes of a character map to its start */
	CHECK(norm_orig_offset(&n, k + 1) == at(orig, "继续"), "继+1 at %zu",
	      norm_orig_offset(&n, k + 1));
	CHECK(norm_orig_offset(&n, k + 2) == at(orig, "继续"), "继+2");
	/* the kept line break is the original one, on line 3 */
	k = at(n.text, "\n");
	CHECK(norm_orig_offset(&n, k) == at(orig, "\n下"), "\\n at %zu",
	      norm_orig_offset(&n, k));
	CHECK(norm_line(&n, k) == 3, "\\n on line %ld", norm_line(&n, k));
	k = at(n.text, "下一句");
	CHECK(norm_line(&n, k) == 4, "下 on line %ld", norm_line(&n, k));
	CHECK(norm_orig_offset(&n, n.len) == strlen(orig), "end maps to end");
	CHECK(norm_orig_offset(&n, 0) == 0, "start maps to start");
	CHECK(norm_line(&n, 0) == 1, "start on line 1");

	/* double spacing: wrapped lines with blank lines between them */
	orig = "投\n\n资\n\n增长\n\n ８%。\n\n\n下";
	norm_build(&n, orig, strlen(orig));
	CHECK(strcmp(n.text, "投资增长8%。\n下") == 0, "double: \"%s\"", n.text);
	CHECK(norm_line(&n, at(n.text, "资")) == 3, "资 on line %ld",
	      norm_line(&n, at(n.text, "资")));
	CHECK(norm_line(&n, at(n.text, "增")) == 5, "增 on line %ld",
	      norm_line(&n, at(n.text, "增")));
	CHECK(norm_line(&n, at(n.text, "8")) == 7 &&
	      norm_orig_offset(&n, at(n.text, "8")) == at(orig, "８"),
	      "8 on line %ld", norm_line(&n, at(n.text, "8")));
	CHECK(norm_line(&n, at(n.text, "下")) == 10, "下 on line %ld",
	      norm_line(&n, at(n.text, "下")));

	/* reuse: a second document into the same struct */
	orig = "\n\n  經濟\n\n增長 ５%。";
	norm_build(&n, orig, strlen(orig));
	CHECK(strcmp(n.text, "经济增长5%。") == 0, "reuse text: \"%s\"", n.text);
	k = at(n.text, "长");
	CHECK(norm_orig_offset(&n, k) == at(orig, "長"), "長 at %zu",
	      norm_orig_offset(&n, k));
	CHECK(norm_line(&n, k) == 5, "長 on line %ld", norm_line(&n, k));
	k = at(n.text, "5");
	CHECK(norm_orig_offset(&n, k) == at(orig, "５"), "５ at %zu",
	      norm_orig_offset(&n, k));
	CHECK(norm_orig_offset(&n, k + 1) == at(orig, "%"), "%% at %zu",
	      norm_orig_offset(&n, k + 1));

	/* a traditional character whose simplified form is longer (U+346E,
	 * 3 bytes -> U+2B748, 4 bytes) */
	orig = "a\xe3\x91\xae" "b";
	norm_build(&n, orig, strlen(orig));
	CHECK(n.len == 6 && memcmp(n.text, "a\xf0\xab\x9d\x88" "b", 6) == 0,
	      "U+346E folds to U+2B748");
	for (k = 1; k < 5; k++)
		CHECK(norm_orig_offset(&n, k) == 1, "byte %zu at %zu", k,
		      norm_orig_offset(&n, k));
	CHECK(norm_orig_offset(&n, 5) == 4, "b at %zu", norm_orig_offset(&n, 5));

	/* a kept space maps to the first white space it stands for */
	orig = "AI \xe3\x80\x80 plus";
	norm_build(&n, orig, strlen(orig));
	k = at(n.text, " ");
	CHECK(norm_orig_offset(&n, k) == 2, "space at %zu",
	      norm_orig_offset(&n, k));
	CHECK(norm_orig_offset(&n, k + 1) == at(orig, "plus"), "plus");

	/* clean text needs a single map entry */
	orig = "经济增长5.5%,好。\n下一句。";
	norm_build(&n, orig, strlen(orig));
	CHECK(n.nmap == 1, "clean text: %zu map entries", n.nmap);
	norm_free(&n);
}

/* Length of the character at p[0..n) the way normalize reads it. */
static size_t char_len(const unsigned char *p, size_t n)
{
	size_t k;

	if (p[0] < 0x80)
		return 1;
	if (p[0] < 0xC2 || p[0] > 0xF4)
		return 1;
	k = p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
	if (k > n)
		return 1;
	for (size_t j = 1; j < k; j++)
		if ((p[j] & 0xC0) != 0x80)
			return 1;
	if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) ||
	    (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F))
		return 1;
	return k;
}

/* Random documents from awkward pieces; checks the map's promises on every
 * byte and a few properties of the text.  Returns the failures seen. */
static int fuzz_one(unsigned *seed)
{
	static const char *const piece[] = {
		"增", "長", "經", "濟", "率", "。", "，", "；", "：", "？", "！",
		"１", "０", "％", "Ａ", "ｂ", "＃", "#", "a", "Z", "7", ".", "-",
		" ", "  ", "\t", "\xe3\x80\x80", "\xc2\xa0", "\xe2\x80\x8b",
		"\xef\xbb\xbf", "\r", "\n", "\n\n", "\n \n", "“", "”", "—", "～",
		"\xe3\x91\xae", "𠮷", "\xff", "\x80", "\xe5\xa2", "\xf0\x9f",
		"é", "」", "\"", ")", "\x01", "\0", "薴",
	};
	const size_t npiece = sizeof piece / sizeof piece[0];
	char orig[512];
	size_t len = 0, olast = 0, cnt = rand_r(seed) % 60;
	struct norm n;
	int bad = 0;

	for (size_t k = 0; k < cnt; k++) {
		size_t w = rand_r(seed) % npiece;
		size_t pl = strlen(piece[w]) ? strlen(piece[w]) : 1;

		memcpy(orig + len, piece[w], pl);
		len += pl;
	}
	memset(&n, 0, sizeof n);
	norm_build(&n, orig, len);
	const unsigned char *t = (const unsigned char *)n.text;

	for (size_t k = 0; k < n.len; k += char_len(t + k, n.len - k)) {
		size_t cl = char_len(t + k, n.len - k);
		size_t o = norm_orig_offset(&n, k);
		long line = 1;

		if (cl == 1 && t[k] >= 0x80)
			bad++;          /* output is not valid UTF-8 */
		if (o >= len || o < olast)
			bad++;
		olast = o;
		for (size_t j = 1; j < cl; j++)
			if (norm_orig_offset(&n, k + j) != o)
				bad++;
		/* o is the start of an original character */
		for (size_t j = 0; j < len && j < o;
		     j += char_len((const unsigned char *)orig + j, len - j))
			if (j + char_len((const unsigned char *)orig + j,
					 len - j) > o)
				bad++;
		for (size_t j = 0; j < o; j++)
			line += orig[j] == '\n';
		if (norm_line(&n, k) != line)
			bad++;
		/* ... and it is the character this one came from */
		size_t ol = char_len((const unsigned char *)orig + o, len - o);
		char one[8];

		memcpy(one, orig + o, ol);
		one[ol] = '\0';
		if (t[k] == '\n') {
			bad += orig[o] != '\n';
		} else if (t[k] == ' ') {
			char *f = norm_string(one);

			bad += orig[o] != '\n' && f[0] != '\0';
			free(f);
		} else {
			char *f = norm_string(one);

			bad += strlen(f) != cl || memcmp(f, t + k, cl) != 0;
			free(f);
		}
	}
	bad += norm_orig_offset(&n, n.len) != len;
	bad += strlen(n.text) != n.len;
	bad += strstr(n.text, "\n\n") != NULL || strchr(n.text, '\r') != NULL;
	bad += n.len > 0 && (t[0] == '\n' || t[n.len - 1] == '\n');
	for (size_t k = 0; k < n.len; k++)
		if (t[k] == ' ' && !(k > 0 && k + 1 < n.len &&
				     (unsigned)((t[k - 1] | 0x20) - 'a') < 26u &&
				     (unsigned)((t[k + 1] | 0x20) - 'a') < 26u))
			bad++;
	/* normalizing twice changes nothing, unless a blank line made a title
	 * (normalized text keeps no blank lines to say so again) */
	char *again = norm_string(n.text);
	int blank_line = 0;

	for (size_t k = 0; k + 1 < len; k++)
		if (orig[k] == '\n') {
			size_t j = k + 1;
			while (j < len && strchr(" \t\r", orig[j]))
				j++;
			blank_line |= j < len && orig[j] == '\n';
		}
	if (!blank_line)
		bad += strcmp(again, n.text) != 0;
	if (bad) {
		printf("fuzz input:");
		for (size_t k = 0; k < len; k++)
			printf(" %02x", (unsigned char)orig[k]);
		printf("\n  output: \"%s\"\n  again:  \"%s\"\n", n.text, again);
	}
	free(again);
	norm_free(&n);
	return bad;
}

/* A short unpunctuated line before a blank line is a title where blank
 * lines separate paragraphs, and a wrap where they separate every line. */
static void test_titles(void)
{
	char *a = norm_string("锚定目标抓落实\n\n全区生产总值增长5%。\n\n投资增长6%。\n");
	char *b = norm_string("全区生产总值\n\n增长5%,投资\n\n增长6%,消费\n\n增长7%。\n");

	CHECK(strcmp(a, "锚定目标抓落实\n全区生产总值增长5%。\n投资增长6%。") == 0,
	      "title kept apart: %s", a);
	CHECK(strcmp(b, "全区生产总值增长5%,投资增长6%,消费增长7%。") == 0,
	      "double-spaced wraps joined: %s", b);
	free(a);
	free(b);
}

/* Line breaks found sixteen bytes at a time, and runs copied while they
 * are scanned: a break, a blank line or a character to fold at every place
 * relative to a block, after ASCII or Chinese text. */
static void test_blocks(void)
{
	int fails = 0;

	for (size_t k = 0; k < 40; k++)
		for (int cjk = 0; cjk < 2; cjk++)
			for (int what = 0; what < 3; what++) {
				char orig[256], want[256];
				size_t n = 0, w = 0;
				struct norm nm;

				for (size_t j = 0; j < k; j++) {
					const char *c = cjk ? (j % 5 ? "增" : "长") : j % 2 ? "5" : "x";
					n += (size_t)sprintf(orig + n, "%s", c);
					w += (size_t)sprintf(want + w, "%s", c);
				}
				/* a line that ends a sentence, a blank line, a
				 * traditional character */
				const char *mid = what == 0 ? "。\n" : what == 1 ? "。\n \n" : "經";
				n += (size_t)sprintf(orig + n, "%s第二行", mid);
				w += (size_t)sprintf(want + w, "%s第二行", what == 2 ? "经" : "。\n");
				memset(&nm, 0, sizeof nm);
				norm_build(&nm, orig, n);
				size_t pos = at(nm.text, "第二行");
				long line = what == 1 ? 3 : what == 0 ? 2 : 1;
				if ((strcmp(nm.text, want) != 0 || norm_line(&nm, pos) != line ||
				     norm_orig_offset(&nm, pos) != (size_t)(strstr(orig, "第二行") - orig)) &&
				    fails++ < 5)
					CHECK(0, "k %zu %s %d: \"%s\" line %ld", k, cjk ? "CJK" : "ASCII",
					      what, nm.text, norm_line(&nm, pos));
				norm_free(&nm);
			}
	CHECK(fails == 0, "blocks: %d texts read otherwise", fails);
}

static void test_fuzz(void)
{
	unsigned seed = 12345;
	int failed = 0;

	for (int k = 0; k < 8000 && failed < 3; k++)
		failed += fuzz_one(&seed) != 0;
	CHECK(failed == 0, "fuzz: %d documents broke the map's promises",
	      failed);

	/* raw random bytes: must not crash (ASan watches), output valid */
	for (int k = 0; k < 2000; k++) {
		unsigned char raw[256];
		size_t len = rand_r(&seed) % sizeof raw;
		struct norm n;

		for (size_t j = 0; j < len; j++)
			raw[j] = (unsigned char)rand_r(&seed);
		memset(&n, 0, sizeof n);
		norm_build(&n, (const char *)raw, len);
		for (size_t j = 0; j <= n.len; j++)
			(void)norm_line(&n, j);
		norm_free(&n);
	}
}

int main(void)
{
	test_folding();
	test_spaces();
	test_lines();
	test_robust();
	test_map();
	test_titles();
	test_blocks();
	test_fuzz();
	return CHECK_DONE();
}
