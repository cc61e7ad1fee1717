"""A workbook's entries as the run tests compare them: without
docProps/core.xml (it holds the time) and the 新增与修订 sheet (what
changed depends on the run before), the shared strings put into the
sheets that use them.

  import xlsx_entries; xlsx_entries.entries(path)  -> dict, None when the
                                                     file is not a whole zip
  python3 tests/xlsx_entries.py A B                -> exit 0 when alike
"""
import re
import sys
import zipfile


def entries(path):
    try:
        with zipfile.ZipFile(path) as z:
            if z.testzip() is not None:
                return None
            ss = re.findall(rb"<si>(.*?)</si>", z.read("xl/sharedStrings.xml"), re.S)
            names = re.findall(r'<sheet name="([^"]*)" sheetId="(\d+)"',
                               z.read("xl/workbook.xml").decode())
            skip = {"xl/worksheets/sheet%s.xml" % i for n, i in names if n == "新增与修订"}
            out = {}
            for n in z.namelist():
                if n in ("docProps/core.xml", "xl/sharedStrings.xml") or n in skip:
                    continue
                data = z.read(n)
                if n.startswith("xl/worksheets/"):
                    data = re.sub(rb'(<c [^>]*t="s"[^>]*>)<v>(\d+)</v>',
                                  lambda m: m.group(1) + ss[int(m.group(2))], data)
                out[n] = data
            return out
    except (OSError, zipfile.BadZipFile, KeyError, IndexError):
        return None


if __name__ == "__main__":
    a, b = entries(sys.argv[1]), entries(sys.argv[2])
    sys.exit(0 if a is not None and a == b else 1)
