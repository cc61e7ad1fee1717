"""Helpers of tests/report/run.sh (standard library only).

  page.py png FILE        checks a screenshot is not blank: prints its size,
                          colours and the share of pixels that are not the
                          background; exit 1 when blank or not a PNG
  page.py rows FILE ID    the rows of <table> inside <section id=ID> of an
                          HTML file (a --dump-dom), one a line, cells
                          joined by ' | '
  page.py local DIR       checks index.html in DIR is self-contained: every
                          src/href is a local file below DIR or an #anchor
                          that exists; no <script>, no <link>, no url(),
                          no @import; exit 1 with the first problem
"""
import html.parser
import os
import re
import struct
import sys
import zlib


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                sys.exit("%s: PNG of depth %d type %d not handled" % (path, depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def cmd_png(path):
    w, h, bpp, rows = png_pixels(path)
    counts = {}
    for line in rows[::4]:
        for x in range(0, len(line), bpp * 4):
            px = line[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    top = max(counts.values())
    ink = 1 - top / total
    print("%dx%d colours=%d ink=%.3f" % (w, h, len(counts), ink))
    return 0 if len(counts) >= 16 and ink >= 0.02 else 1


class Rows(html.parser.HTMLParser):
    def __init__(self, section):
        super().__init__()
        self.section, self.depth, self.rows = section, 0, []
        self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            if self.depth or a.get("id") == self.section:
                self.depth += 1
        if not self.depth:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "section" and self.depth:
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def cmd_rows(path, section):
    p = Rows(section)
    p.feed(open(path, encoding="utf-8").read())
    for r in p.rows:
        print(" | ".join(r))
    return 0


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.bad = [], set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "link", "iframe", "object", "embed", "base"):
            self.bad.append("<%s> element" % tag)
        if "id" in a:
            self.ids.add(a["id"])
        for k in ("src", "href"):
            if k in a:
                self.links.append(a[k])


def cmd_local(d):
    text = open(os.path.join(d, "index.html"), encoding="utf-8").read()
    p = Links()
    p.feed(text)
    if p.bad:
        print(p.bad[0])
        return 1
    if re.search(r"url\(|@import", text):
        print("url() or @import in the page")
        return 1
    for l in p.links:
        if l.startswith("#"):
            if l[1:] not in p.ids:
                print("anchor %s has no target" % l)
                return 1
            continue
        if re.match(r"[a-z]+:", l) or l.startswith("/") or ".." in l:
            print("not a local relative link: %s" % l)
            return 1
        if not os.path.isfile(os.path.join(d, l)):
            print("missing file: %s" % l)
            return 1
    print("%d links, all local" % len(p.links))
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "png":
        sys.exit(cmd_png(sys.argv[2]))
    if cmd == "rows":
        sys.exit(cmd_rows(sys.argv[2], sys.argv[3]))
    if cmd == "local":
        sys.exit(cmd_local(sys.argv[2]))
    sys.exit("unknown command " + cmd)
