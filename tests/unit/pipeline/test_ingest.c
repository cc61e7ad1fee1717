/* test_ingest: encodings, refusals with byte offsets, files and streams. */
#include "pipeline/ingest.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* "今年一季度地区生产总值同比增长百分之六，工业投资增长较快。\n" in GB18030 */
static const char gb_sentence[] =
	"\xbd\xf1\xc4\xea\xd2\xbb\xbc\xbe\xb6\xc8\xb5\xd8\xc7\xf8\xc9\xfa"
	"\xb2\xfa\xd7\xdc\xd6\xb5\xcd\xac\xb1\xc8\xd4\xf6\xb3\xa4\xb0\xd9"
	"\xb7\xd6\xd6\xae\xc1\xf9\xa3\xac\xb9\xa4\xd2\xb5\xcd\xb6\xd7\xca"
	"\xd4\xf6\xb3\xa4\xbd\xcf\xbf\xec\xa1\xa3\x0a";
static const char utf8_sentence[] =
	"今年一季度地区生产总值同比增长百分之六，工业投资增长较快。\n";

/* Runs ingest_bytes on p[0..n); the result text goes to *out. */
static int run(const char *p, size_t n, struct buf *out, enum encoding *enc,
	       struct diag *d)
{
	buf_clear(out);
	diag_clear(d);
	*enc = (enum encoding)-1;
	return ingest_bytes(p, n, out, enc, d);
}

/* Whether msg holds word, ignoring ASCII case. */
static int has(const char *msg, const char *word)
{
	size_t n = strlen(word);

	for (; *msg; msg++)
		if (strncasecmp(msg, word, n) == 0)
			return 1;
	return 0;
}

static void test_utf8(void)
{
	struct buf out = {0};
	struct diag d;
	enum encoding enc;
	int rc;

	rc = run("增长5%\n第二行\r\n", strlen("增长5%\n第二行\r\n"), &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_UTF8, "utf-8: rc %d enc %d", rc, enc);
	CHECK(strcmp(out.p, "增长5%\n第二行\r\n") == 0,
	      "utf-8 kept as is, line breaks too: \"%s\"", out.p);

	rc = run("\xef\xbb\xbf增长", 9, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_UTF8_BOM, "bom: rc %d enc %d", rc, enc);
	CHECK(strcmp(out.p, "增长") == 0 && out.len == 6, "bom dropped: \"%s\"",
	      out.p);

	rc = run("", 0, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_UTF8 && out.len == 0 && out.p &&
	      out.p[0] == '\0', "empty: rc %d len %zu", rc, out.len);
	rc = run(NULL, 0, &out, &enc, &d);
	CHECK(rc == 0 && out.len == 0, "empty (NULL): rc %d", rc);

	rc = run("\xef\xbb\xbf", 3, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_UTF8_BOM && out.len == 0, "bom only");

	/* plain ASCII is UTF-8 */
	rc = run("GDP 5.2%\n", 9, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_UTF8 && strcmp(out.p, "GDP 5.2%\n") == 0,
	      "ascii");

	/* output is appended */
	buf_clear(&out);
	buf_adds(&out, "前");
	diag_clear(&d);
	rc = ingest_bytes("后", 3, &out, NULL, &d);
	CHECK(rc == 0 && strcmp(out.p, "前后") == 0, "appended: \"%s\"", out.p);
	buf_free(&out);
}

static void test_utf16(void)
{
	/* "增长\n5%" then U+20BB7 (a surrogate pair), with a BOM */
	static const char le[] = "\xff\xfe" "\x9e\x58\x7f\x95\x0a\x00\x35\x00"
				 "\x25\x00\x42\xd8\xb7\xdf\x0d\x00\x0a\x00";
	static const char be[] = "\xfe\xff" "\x58\x9e\x95\x7f\x00\x0a\x00\x35"
				 "\x00\x25\xd8\x42\xdf\xb7\x00\x0d\x00\x0a";
	const char *want = "增长\n5%𠮷\r\n";
	struct buf out = {0};
	struct diag d;
	enum encoding enc;
	int rc;

	rc = run(le, sizeof le - 1, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_UTF16LE, "utf-16le: rc %d enc %d (%s)", rc,
	      enc, d.msg);
	CHECK(rc == 0 && strcmp(out.p, want) == 0, "utf-16le text: \"%s\"",
	      out.p);
	rc = run(be, sizeof be - 1, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_UTF16BE, "utf-16be: rc %d enc %d (%s)", rc,
	      enc, d.msg);
	CHECK(rc == 0 && strcmp(out.p, want) == 0, "utf-16be text: \"%s\"",
	      out.p);

	/* BOM only */
	rc = run("\xff\xfe", 2, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_UTF16LE && out.len == 0, "utf-16 bom only");

	/* odd length: the last character is cut */
	rc = run(le, sizeof le - 2, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == (long long)sizeof le - 3,
	      "utf-16 truncated: rc %d byte %lld (%s)", rc, d.byte, d.msg);

	/* an unpaired high surrogate before '5' */
	rc = run("\xff\xfe\x9e\x58\x42\xd8\x35\x00", 8, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == 4 && has(d.msg, "UTF-16"),
	      "utf-16 lone surrogate: rc %d byte %lld (%s)", rc, d.byte, d.msg);

	/* U+0000 */
	rc = run("\xff\xfe\x9e\x58\x00\x00\x35\x00", 8, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == 4 && has(d.msg, "NUL"),
	      "utf-16 NUL: rc %d byte %lld (%s)", rc, d.byte, d.msg);
	buf_free(&out);
}

static void test_gb18030(void)
{
	struct buf out = {0};
	struct diag d;
	enum encoding enc;
	char bytes[256];
	size_t n;
	int rc;

	rc = run("\xd4\xf6\xb3\xa4", 4, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_GB18030 && strcmp(out.p, "增长") == 0,
	      "gb18030 增长: rc %d enc %d \"%s\" (%s)", rc, enc, out.p, d.msg);

	rc = run(gb_sentence, sizeof gb_sentence - 1, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_GB18030 &&
	      strcmp(out.p, utf8_sentence) == 0,
	      "gb18030 sentence: rc %d \"%s\" (%s)", rc, out.p, d.msg);

	/* four-byte GB18030 (U+00DF) and CRLF kept */
	rc = run("\xd4\xf6\x81\x30\x89\x38\r\n\xb3\xa4", 10, &out, &enc, &d);
	CHECK(rc == 0 && strcmp(out.p, "增ß\r\n长") == 0,
	      "gb18030 4-byte: rc %d \"%s\" (%s)", rc, out.p, d.msg);

	/* a byte GB18030 does not have (0xFF) after two good lines */
	n = 0;
	memcpy(bytes + n, gb_sentence, sizeof gb_sentence - 1);
	n += sizeof gb_sentence - 1;
	memcpy(bytes + n, gb_sentence, sizeof gb_sentence - 1);
	n += sizeof gb_sentence - 1;
	memcpy(bytes + n, "\xd4\xf6\xff\xb3\xa4", 5);
	n += 5;
	rc = run(bytes, n, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == (long long)(2 * (sizeof gb_sentence - 1) + 2),
	      "bad gb18030: rc %d byte %lld (%s)", rc, d.byte, d.msg);
	CHECK(d.line == 3 && has(d.msg, "GB18030"),
	      "bad gb18030: line %ld msg \"%s\"", d.line, d.msg);

	/* a lead byte with nothing after it at the end */
	memcpy(bytes, gb_sentence, sizeof gb_sentence - 1);
	bytes[sizeof gb_sentence - 1] = '\xd4';
	rc = run(bytes, sizeof gb_sentence, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == (long long)sizeof gb_sentence - 1,
	      "truncated gb18030: rc %d byte %lld (%s)", rc, d.byte, d.msg);
	buf_free(&out);
}

static void test_refused(void)
{
	struct buf out = {0};
	struct diag d;
	enum encoding enc;
	char bytes[512];
	int rc;

	/* invalid UTF-8 in the middle of UTF-8 text */
	rc = run("经济增长\xff" "5%", 15, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == 12 && has(d.msg, "invalid UTF-8"),
	      "bad utf-8: rc %d byte %lld (%s)", rc, d.byte, d.msg);
	CHECK(d.line == 1 && d.col == 5, "bad utf-8: line %ld col %ld", d.line,
	      d.col);

	/* on the second line, a lead byte followed by ASCII; GB18030 would
	 * take \xc3\x28 as a character, but the text around is UTF-8 */
	const char *s = "全年地区生产总值增长。\n工业投资同比增长\xc3(百分之十)。\n";
	rc = run(s, strlen(s), &out, &enc, &d);
	CHECK(rc == -1 && d.byte == (long long)(strstr(s, "\xc3") - s) &&
	      d.line == 2 && d.col == 9 && has(d.msg, "invalid UTF-8"),
	      "bad utf-8 line 2: rc %d byte %lld %ld:%ld (%s)", rc, d.byte,
	      d.line, d.col, d.msg);

	/* a character cut at the end of a long UTF-8 text */
	size_t n = strlen(utf8_sentence);

	memcpy(bytes, utf8_sentence, n);
	memcpy(bytes + n, "\xe5\xa2", 2);
	rc = run(bytes, n + 2, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == (long long)n && has(d.msg, "UTF-8"),
	      "cut utf-8: rc %d byte %lld (%s)", rc, d.byte, d.msg);

	/* a surrogate encoded in UTF-8 is invalid */
	memcpy(bytes, utf8_sentence, n);
	memcpy(bytes + n, "\xed\xa0\x80", 3);
	rc = run(bytes, n + 3, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == (long long)n && has(d.msg, "UTF-8"),
	      "utf-8 surrogate: rc %d byte %lld (%s)", rc, d.byte, d.msg);

	/* with a BOM, bad bytes are bad UTF-8; the offset counts the BOM */
	rc = run("\xef\xbb\xbf\xd4\xf6", 5, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == 3 && has(d.msg, "UTF-8"),
	      "bom then gb: rc %d byte %lld (%s)", rc, d.byte, d.msg);

	/* NUL byte */
	rc = run("abc\0def", 7, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == 3 && has(d.msg, "NUL byte"),
	      "nul: rc %d byte %lld (%s)", rc, d.byte, d.msg);
	rc = run("增长\n\n5%\0", 11, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == 10 && d.line == 3, "nul line: %lld %ld",
	      d.byte, d.line);

	/* a PNG renamed .txt */
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
	rc = run(png, sizeof png - 1, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == 8, "png: rc %d byte %lld (%s)", rc, d.byte,
	      d.msg);

	/* binary without NUL bytes */
	for (int k = 0; k < 64; k++)
		bytes[k] = (char)(0x80 + k * 2);
	rc = run(bytes, 64, &out, &enc, &d);
	CHECK(rc == -1 && d.byte == 0, "binary: rc %d byte %lld (%s)", rc,
	      d.byte, d.msg);
	buf_free(&out);
}

/* Writes n bytes to a new temporary file; returns its path (static). */
static const char *temp_file(const char *p, size_t n)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/zhibiao_test_ingest_XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, p, n) != (ssize_t)n) {
		perror("temp_file");
		exit(2);
	}
	close(fd);
	return path;
}

static void test_files(void)
{
	struct buf out = {0};
	struct diag d;
	enum encoding enc;
	const char *path;
	FILE *f;
	int rc;

	diag_clear(&d);
	rc = ingest_file("/tmp", &out, &enc, &d);
	CHECK(rc == -1 && has(d.msg, "is a directory") && d.byte == -1,
	      "directory: rc %d (%s)", rc, d.msg);

	diag_clear(&d);
	rc = ingest_file("/nonexistent/zhibiao/none.txt", &out, &enc, &d);
	CHECK(rc == -1 && has(d.msg, "no such file"), "missing: rc %d (%s)", rc,
	      d.msg);

	diag_clear(&d);
	rc = ingest_file("/dev/null", &out, &enc, &d);
	CHECK(rc == -1 && has(d.msg, "regular"), "/dev/null: rc %d (%s)", rc,
	      d.msg);

	/* a FIFO is refused before it is opened (opening it would block) */
	char fifo[64];

	strcpy(fifo, temp_file("", 0));
	unlink(fifo);
	if (mkfifo(fifo, 0600) == 0) {
		diag_clear(&d);
		rc = ingest_file(fifo, &out, &enc, &d);
		CHECK(rc == -1 && has(d.msg, "regular"), "fifo: rc %d (%s)", rc,
		      d.msg);
		unlink(fifo);
	}

	path = temp_file(gb_sentence, sizeof gb_sentence - 1);
	buf_clear(&out);
	diag_clear(&d);
	rc = ingest_file(path, &out, &enc, &d);
	CHECK(rc == 0 && enc == ENC_GB18030 &&
	      strcmp(out.p, utf8_sentence) == 0, "gb file: rc %d (%s)", rc,
	      d.msg);
	unlink(path);

	path = temp_file("", 0);
	buf_clear(&out);
	rc = ingest_file(path, &out, &enc, &d);
	CHECK(rc == 0 && out.len == 0 && enc == ENC_UTF8, "empty file: rc %d",
	      rc);
	unlink(path);

	path = temp_file("ok\nbad\xff\xfe\n", 9);
	rc = ingest_file(path, &out, &enc, &d);
	CHECK(rc == -1 && d.byte >= 6, "bad file: rc %d byte %lld (%s)", rc,
	      d.byte, d.msg);
	unlink(path);

	/* a stream, bigger than one read */
	f = tmpfile();
	CHECK(f != NULL, "tmpfile");
	if (f) {
		for (int k = 0; k < 5000; k++)
			fputs(utf8_sentence, f);
		rewind(f);
		buf_clear(&out);
		diag_clear(&d);
		rc = ingest_stream(f, &out, &enc, &d);
		CHECK(rc == 0 && enc == ENC_UTF8 &&
		      out.len == 5000 * strlen(utf8_sentence),
		      "stream: rc %d len %zu (%s)", rc, out.len, d.msg);
		fclose(f);
	}
	f = tmpfile();
	if (f) {
		buf_clear(&out);
		rc = ingest_stream(f, &out, &enc, &d);
		CHECK(rc == 0 && out.len == 0, "empty stream: rc %d", rc);
		fclose(f);
	}
	buf_free(&out);
}

/* The quick UTF-8 test (eight bytes at a time) must stop at the same first
 * bad byte as a byte-by-byte reading, wherever the bad bytes fall in a
 * word: after k ASCII bytes or k Chinese characters. */
static void test_fast_path(void)
{
	static const char *const bad[] = {
		"\xff", "\x80", "\xe5\xa2x", "\xed\xa0\x80", "\xe0\x80\x80",
		"\xc0\xaf", "\xf4\x90\x80\x80", "\xe5\xa2\xe5\xa2\x9e", "\xe5x\xa2",
	};
	static const char *const good[] = {
		"\xe0\xa0\x80", "\xed\x9f\xbf", "\xc3\xa9", "𠮷", "\xef\xbf\xbd",
		"\xe2\x80\x9c", "a",
	};
	const char *tail = "增长增长增长增长增长增长";
	struct buf out = {0};
	struct diag d;
	enum encoding enc;
	char text[256];
	int rc, fails = 0;

	for (size_t w = 0; w < sizeof bad / sizeof bad[0]; w++)
		for (size_t k = 0; k < 40; k++)
			for (int cjk = 0; cjk < 2; cjk++) {
				size_t n = 0;

				for (size_t j = 0; j < k; j++) {
					memcpy(text + n, cjk ? "长" : "a", cjk ? 3 : 1);
					n += cjk ? 3 : 1;
				}
				size_t at = n;

				n += (size_t)sprintf(text + n, "%s%s", bad[w], tail);
				rc = run(text, n, &out, &enc, &d);
				if (rc != -1 || d.byte != (long long)at ||
				    !has(d.msg, "invalid UTF-8")) {
					if (fails++ < 5)
						CHECK(0, "bad %zu after %zu %s: rc %d byte %lld, want %zu (%s)",
						      w, k, cjk ? "CJK" : "ASCII", rc, d.byte, at, d.msg);
				}
			}
	/* valid characters of every length at every place in a word */
	for (size_t w = 0; w < sizeof good / sizeof good[0]; w++)
		for (size_t k = 0; k < 24; k++) {
			size_t n = 0;

			for (size_t j = 0; j < k; j++)
				n += (size_t)sprintf(text + n, "%s", j % 3 ? "增" : "5");
			n += (size_t)sprintf(text + n, "%s%s", good[w], tail);
			rc = run(text, n, &out, &enc, &d);
			if ((rc != 0 || enc != ENC_UTF8 || out.len != n ||
			     memcmp(out.p, text, n) != 0) && fails++ < 5)
				CHECK(0, "good %zu after %zu: rc %d (%s)", w, k, rc, d.msg);
		}
	/* a character cut at the end, after texts of every length */
	for (size_t k = 0; k < 24; k++) {
		size_t n = 0;

		for (size_t j = 0; j < 12; j++)
			n += (size_t)sprintf(text + n, "增");
		for (size_t j = 0; j < k; j++)
			text[n++] = j % 2 ? 'b' : '7';
		size_t at = n;

		memcpy(text + n, "\xe5\xa2", 2);
		rc = run(text, n + 2, &out, &enc, &d);
		if ((rc != -1 || d.byte != (long long)at) && fails++ < 5)
			CHECK(0, "cut after %zu: rc %d byte %lld, want %zu", k, rc,
			      d.byte, at);
	}
	CHECK(fails == 0, "fast path: %d cases read otherwise", fails);
	buf_free(&out);
}

static void test_names(void)
{
	CHECK(strcmp(ingest_encoding_name(ENC_UTF8), "UTF-8") == 0, "name");
	CHECK(strcmp(ingest_encoding_name(ENC_GB18030), "GB18030") == 0, "name");
	CHECK(strcmp(ingest_encoding_name(ENC_UTF16LE), "UTF-16LE") == 0, "name");
	CHECK(strcmp(ingest_encoding_name(ENC_UTF16BE), "UTF-16BE") == 0, "name");
	CHECK(strstr(ingest_encoding_name(ENC_UTF8_BOM), "BOM") != NULL, "name");
}

int main(void)
{
	test_utf8();
	test_utf16();
	test_gb18030();
	test_refused();
	test_files();
	test_fast_path();
	test_names();
	return CHECK_DONE();
}
