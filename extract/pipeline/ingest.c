/* ingest: read a document whole, find its encoding, hand it on as UTF-8. */
#include "pipeline/ingest.h"
#include "base/fs.h"
#include "base/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <sys/stat.h>

/* A file with valid multi-byte UTF-8 and at least this many of them per
 * invalid byte is corrupt UTF-8, not GB18030.  GB18030 Chinese read as
 * UTF-8 gives about one accidental valid sequence per four bad bytes (the
 * seed articles, re-encoded, all give 0.24-0.26); UTF-8 with a stray bad
 * byte gives hundreds per bad byte. */
#define UTF8_PER_BAD 4

/* How much of a position fail_at can work out. */
enum where {
	WHERE_BYTE,     /* byte offset only (UTF-16: '\n' is two bytes) */
	WHERE_LINE,     /* and the line: 0x0A is a line feed in GB18030 too */
	WHERE_COL,      /* and the column: the bytes before are valid UTF-8 */
};

/* Clears d and sets the position of a bad-input error at p[off]; the
 * caller sets the message.  Returns -1. */
static int fail_at(struct diag *d, const char *p, size_t off, enum where w)
{
	size_t ls = 0;

	diag_clear(d);
	d->byte = (long long)off;
	if (w == WHERE_BYTE)
		return -1;
	d->line = 1;
	for (const char *q = p; (q = memchr(q, '\n', off - (size_t)(q - p)));
	     q++) {
		d->line++;
		ls = (size_t)(q - p) + 1;
	}
	if (w == WHERE_COL) {
		/* a byte order mark is no column (the byte offset counts it) */
		if (ls == 0 && off >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			ls = 3;
		d->col = utf8_count(p + ls, off - ls) + 1;
	}
	return -1;
}

static int fail_sys(struct diag *d, const char *what, int err)
{
	diag_clear(d);
	if (what)
		diag_set(d, "%s: %s", what, strerror(err));
	else
		diag_set(d, "%s", strerror(err));
	return -1;
}

/* Scans p[0..n) as UTF-8: counts valid multi-byte sequences and invalid
 * bytes, and sets *first_bad to the first invalid byte (n when none). */
static void utf8_scan(const unsigned char *p, size_t n, size_t *multi,
		      size_t *bad, size_t *first_bad)
{
	size_t i = 0;

	*multi = *bad = 0;
	*first_bad = n;
	while (i < n) {
		size_t k;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(p + i, n - i)) != 0) {
			(*multi)++;
			i += k;
			continue;
		}
		if (*bad == 0)
			*first_bad = i;
		(*bad)++;
		i++;
	}
}

/* Converts p[skip..n) from the iconv encoding from, appending UTF-8 to out.
 * Returns 0, or -1 with *stop set to the offset in p where iconv stopped
 * and *err to its errno. */
static int convert(const char *from, const char *p, size_t n, size_t skip,
		   struct buf *out, size_t *stop, int *err)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *in = (char *)p + skip;
	size_t inleft = n - skip;
	int rc = 0;

	if (cd == (iconv_t)-1) {
		*stop = skip;
		*err = errno;
		return -1;
	}
	/* two bytes of UTF-16 or GB18030 never take more than three of UTF-8 */
	buf_reserve(out, inleft + inleft / 2 + 16);
	while (inleft > 0) {
		char *o = out->p + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);

		out->len = (size_t)(o - out->p);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			buf_reserve(out, inleft * 2 + 16);
			continue;
		}
		*err = errno;
		*stop = (size_t)(in - p);
		rc = -1;
		goto out;
	}
out:
	out->p[out->len] = '\0';
	iconv_close(cd);
	return rc;
}

static int ingest_utf16(const char *p, size_t n, int le, struct buf *out,
			struct diag *d)
{
	const char *name = le ? "UTF-16LE" : "UTF-16BE";
	size_t stop;
	int err;

	/* U+0000 would end the text early for every C string after us */
	for (size_t k = 2; k + 1 < n; k += 2)
		if (p[k] == 0 && p[k + 1] == 0) {
			fail_at(d, p, k, WHERE_BYTE);
			diag_set(d, "%s: NUL character (binary file?)", name);
			return -1;
		}
	if (convert(name, p, n, 2, out, &stop, &err) == 0)
		return 0;
	diag_clear(d);
	d->byte = (long long)stop;
	if (err == EINVAL)
		diag_set(d, "%s: truncated at end of file", name);
	else if (err == EILSEQ)
		diag_set(d, "invalid %s (unpaired surrogate?)", name);
	else
		diag_set(d, "%s: %s", name, strerror(err));
	return -1;
}

/* Converts the bytes p[0..n) of a copy from encoding e (UTF-16 or GB18030)
 * to UTF-8, appended to out; multi and bad are utf8_scan's counts. */
static int ingest_convert(const char *p, size_t n, enum encoding e,
			  size_t multi, size_t bad, struct buf *out,
			  struct diag *d)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t stop;
	int err;

	if (e == ENC_UTF16LE || e == ENC_UTF16BE)
		return ingest_utf16(p, n, e == ENC_UTF16LE, out, d);
	if (convert("GB18030", p, n, 0, out, &stop, &err) == 0)
		return 0;
	if (err != EILSEQ && err != EINVAL)
		return fail_sys(d, "iconv GB18030", err);
	/* Neither: name the likelier one, and where it broke. */
	if (multi > bad)
		return 1;
	fail_at(d, p, stop, WHERE_LINE);
	if (err == EINVAL)
		diag_set(d, "neither UTF-8 nor GB18030 (truncated character "
			 "0x%02X at end)", u[stop]);
	else
		diag_set(d, "neither UTF-8 nor GB18030 (byte 0x%02X)", u[stop]);
	return -1;
}

/* Turns the bytes out->p[base..out->len) into the document's UTF-8: in
 * place when they are UTF-8 already (most documents: no copy), else
 * converted from a copy.  Returns 0 or -1 as ingest_bytes does, out->len
 * back at base on failure. */
static int ingest_raw(struct buf *out, size_t base, enum encoding *enc,
		      struct diag *d)
{
	const char *p = out->p + base;
	const unsigned char *u = (const unsigned char *)p;
	size_t n = out->len - base, skip = 0, multi = 0, bad = 0, first_bad = 0;
	const char *nul;
	enum encoding e = ENC_UTF8;
	int rc = 0;

	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		e = ENC_UTF16LE;
		goto convert;
	}
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		e = ENC_UTF16BE;
		goto convert;
	}
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		e = ENC_UTF8_BOM;
		skip = 3;
	}
	if ((nul = memchr(p, 0, n)) != NULL) {
		fail_at(d, p, (size_t)(nul - p), WHERE_LINE);
		diag_set(d, "NUL byte (binary file?)");
		goto fail;
	}
	/* the quick test most documents pass, before utf8_scan counts what
	 * is wrong with the others */
	if (utf8_valid(p + skip, n - skip, &first_bad)) {
		if (skip) {
			memmove(out->p + base, p + skip, n - skip);
			out->len -= skip;
			out->p[out->len] = '\0';
		}
		goto ok;
	}
	utf8_scan(u + skip, n - skip, &multi, &bad, &first_bad);
	first_bad += skip;
	/* A BOM says UTF-8; so do many good sequences around a few bad ones. */
	if (skip || (multi > 0 && multi >= UTF8_PER_BAD * bad))
		goto bad_utf8;
	e = ENC_GB18030;
convert: {
	struct buf raw = {0};

	buf_add(&raw, p, n);
	out->len = base;
	rc = ingest_convert(raw.p, n, e, multi, bad, out, d);
	if (rc > 0) {
		u = (const unsigned char *)raw.p;
		fail_at(d, raw.p, first_bad, WHERE_COL);
		diag_set(d, "invalid UTF-8 (byte 0x%02X)", u[first_bad]);
	}
	buf_free(&raw);
	if (rc)
		goto fail;
	goto ok;
}
bad_utf8:
	fail_at(d, p, first_bad, WHERE_COL);
	diag_set(d, "invalid UTF-8 (byte 0x%02X)", u[first_bad]);
fail:
	out->len = base;
	out->p[base] = '\0';
	return -1;
ok:
	if (enc)
		*enc = e;
	return 0;
}

int ingest_bytes(const char *p, size_t n, struct buf *out,
		 enum encoding *enc, struct diag *d)
{
	struct diag dummy;
	size_t base = out->len;

	buf_add(out, n ? p : "", n);
	return ingest_raw(out, base, enc, d ? d : &dummy);
}

/* Appends the rest of f to raw; 0 or -1 with errno set. */
static int read_all(FILE *f, struct buf *raw)
{
	size_t chunk = 65536;

	for (;;) {
		size_t got;

		buf_reserve(raw, chunk);
		got = fread(raw->p + raw->len, 1, raw->cap - raw->len - 1, f);
		raw->len += got;
		raw->p[raw->len] = '\0';
		if (got == 0 || feof(f))
			break;
		chunk = raw->cap;       /* double next time */
	}
	if (ferror(f)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

int ingest_file(const char *path, struct buf *out, enum encoding *enc,
		struct diag *d)
{
	struct diag dummy;
	struct stat st;
	size_t base = out->len;

	if (!d)
		d = &dummy;
	if (fs_read_all(path, out, &st) < 0) {
		if (errno == EINVAL && st.st_mode && !S_ISREG(st.st_mode)) {
			diag_clear(d);
			diag_set(d, "not a regular file");
			return -1;
		}
		return fail_sys(d, NULL, errno);
	}
	return ingest_raw(out, base, enc, d);
}

int ingest_stream(FILE *f, struct buf *out, enum encoding *enc,
		  struct diag *d)
{
	struct diag dummy;
	size_t base = out->len;

	if (!d)
		d = &dummy;
	errno = 0;
	if (read_all(f, out) < 0) {
		out->len = base;
		if (out->p)
			out->p[base] = '\0';
		return fail_sys(d, NULL, errno);
	}
	return ingest_raw(out, base, enc, d);
}

const char *ingest_encoding_name(enum encoding enc)
{
	switch (enc) {
	case ENC_UTF8:
		return "UTF-8";
	case ENC_UTF8_BOM:
		return "UTF-8 (BOM)";
	case ENC_UTF16LE:
		return "UTF-16LE";
	case ENC_UTF16BE:
		return "UTF-16BE";
	case ENC_GB18030:
		return "GB18030";
	}
	return "unknown";
}
