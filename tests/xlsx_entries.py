"""A workbook's entries as the run tests compare them: without
docProps/core.xml (it holds the time) and the 新增与修订 sheet (what
changed depends on the run before), the shared strings and the cell
styles put into the sheets that use them.  The styles are compared as
the sheets use them because a number format only 新增与修订 uses (a
withdrawn ≤3.5% when no other value has ≤) is one more entry of
xl/styles.xml, and so it too depends on the run before.

  import xlsx_entries; xlsx_entries.entries(path)  -> dict, None when the
                                                     file is not a whole zip
  python3 tests/xlsx_entries.py A B                -> exit 0 when alike
"""
import re
import sys
import zipfile


def element(tag, xml):
    """The <tag> elements of xml, whole (empty or with content)."""
    return re.findall(rb"<%s\b(?:[^>]*/>|.*?</%s>)" % (tag, tag), xml, re.S)


def styles(xml):
    """The cell styles (cellXfs) of styles.xml, each with its number
    format, font, fill and border written out; and styles.xml without
    those lists."""
    fmts = dict(re.findall(rb'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/>', xml))
    parts = {}
    for tag in (b"font", b"fill", b"border", b"xf"):
        name = b"cellXfs" if tag == b"xf" else tag + b"s"
        m = re.search(rb"<%s\b[^>]*>(.*?)</%s>" % (name, name), xml, re.S)
        parts[tag] = element(tag, m.group(1)) if m else []
        xml = xml.replace(m.group(0), b"") if m else xml

    def put(m):
        key, i = m.group(1), m.group(2)
        if key == b"numFmtId":
            return b"numFmt={%s}" % fmts.get(i, i)
        return b"%s={%s}" % (key, parts[key[:-2]][int(i)])
    xfs = [re.sub(rb'(numFmtId|fontId|fillId|borderId)="(\d+)"', put, x)
           for x in parts[b"xf"]]
    xml = re.sub(rb"<numFmts\b.*?</numFmts>", b"", xml, flags=re.S)
    return xfs, xml


def entries(path):
    try:
        with zipfile.ZipFile(path) as z:
            if z.testzip() is not None:
                return None
            ss = re.findall(rb"<si>(.*?)</si>", z.read("xl/sharedStrings.xml"), re.S)
            xfs, rest = styles(z.read("xl/styles.xml"))
            names = re.findall(r'<sheet name="([^"]*)" sheetId="(\d+)"',
                               z.read("xl/workbook.xml").decode())
            skip = {"xl/worksheets/sheet%s.xml" % i for n, i in names if n == "新增与修订"}
            out = {}
            for n in z.namelist():
                if n in ("docProps/core.xml", "xl/sharedStrings.xml") or n in skip:
                    continue
                data = z.read(n)
                if n == "xl/styles.xml":
                    data = rest
                if n.startswith("xl/worksheets/"):
                    data = re.sub(rb'(<c [^>]*t="s"[^>]*>)<v>(\d+)</v>',
                                  lambda m: m.group(1) + ss[int(m.group(2))], data)
                    data = re.sub(rb'\b(s|style)="(\d+)"',
                                  lambda m: m.group(1) + b"={" + xfs[int(m.group(2))] + b"}",
                                  data)
                out[n] = data
            return out
    except (OSError, zipfile.BadZipFile, KeyError, IndexError):
        return None


if __name__ == "__main__":
    a, b = entries(sys.argv[1]), entries(sys.argv[2])
    sys.exit(0 if a is not None and a == b else 1)
