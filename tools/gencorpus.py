#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus from the project's own samples.

usage: gencorpus.py [--source DIR] OUTDIR MEGABYTES [SEED]

Paragraphs of samples/*.txt (or of DIR/*.txt: ../shared/seeds gives
newspaper pages, where most sentences carry no figure) are recombined into new documents with varied
numbers, line wrapping every 10-20 characters (sometimes double-spaced),
OCR spaces inside words and numbers, and full-width digits; OUTDIR gets the
documents and a manifest.csv (doc,path,date,region).  Same seed, same bytes.
"""
import csv
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "samples")
FULLWIDTH = {c: chr(0xFF10 + i) for i, c in enumerate("0123456789")}


def read_samples(src):
    paras = []
    for name in sorted(os.listdir(src)):
        if not name.endswith(".txt"):
            continue
        raw = open(os.path.join(src, name), "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        # undo the samples' own wrapping: paragraphs are split by blank lines
        for p in re.split(r"\n\s*\n", text):
            p = re.sub(r"\s*\n\s*", "", p).strip()
            if len(p) > 20:
                paras.append(p)
    return paras


def vary_numbers(p, rng):
    def repl(m):
        s = m.group(0)
        if "." in s:
            whole, frac = s.split(".")
            v = float(s) * rng.uniform(0.7, 1.3)
            return f"{v:.{len(frac)}f}"
        v = int(s)
        if 1900 <= v <= 2100:           # years stay years
            return s
        return str(max(1, int(v * rng.uniform(0.7, 1.3))))
    return re.sub(r"\d+(?:\.\d+)?", repl, p)


def mess(p, rng):
    if rng.random() < 0.3:              # full-width digits
        p = "".join(FULLWIDTH.get(c, c) if rng.random() < 0.5 else c for c in p)
    if rng.random() < 0.3:              # OCR spaces
        p = "".join(c + (" " if rng.random() < 0.08 else "") for c in p)
    return p


def wrap(p, rng):
    if rng.random() < 0.5:
        return p + "\n"
    sep = "\n\n" if rng.random() < 0.4 else "\n"
    out, i = [], 0
    while i < len(p):
        n = rng.randint(10, 20)
        out.append(p[i:i + n])
        i += n
    return sep.join(out) + "\n"


def main():
    args, src = sys.argv[1:], SAMPLES
    if args[:1] == ["--source"] and len(args) > 1:
        src, args = args[1], args[2:]
    if len(args) < 2:
        sys.exit(__doc__)
    outdir, mb = args[0], float(args[1])
    rng = random.Random(int(args[2]) if len(args) > 2 else 20251122)
    paras = read_samples(src)
    if not paras:
        sys.exit(f"gencorpus: no paragraphs in {src}/*.txt")
    os.makedirs(outdir, exist_ok=True)
    target = int(mb * 1024 * 1024)
    total, k = 0, 0
    with open(os.path.join(outdir, "manifest.csv"), "w", newline="",
              encoding="utf-8") as mf:
        w = csv.writer(mf, lineterminator="\n")
        w.writerow(["doc", "path", "date", "region"])
        while total < target:
            doc = f"d{k:06d}.txt"
            body = "".join(wrap(mess(vary_numbers(rng.choice(paras), rng), rng), rng)
                           for _ in range(rng.randint(4, 12)))
            data = body.encode("utf-8")
            with open(os.path.join(outdir, doc), "wb") as f:
                f.write(data)
            year = rng.randint(2022, 2025)
            w.writerow([doc, doc, f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        rng.choice(["运河区", "东塘区", ""])])
            total += len(data)
            k += 1
    print(f"{outdir}: {k} documents, {total / 1048576:.1f} MB")


if __name__ == "__main__":
    main()
