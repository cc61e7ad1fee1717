#!/usr/bin/env python3
"""make bench: extraction throughput against the floor of one literal scan.

Environment: BENCH_MB (corpus size, default 16), BENCH_RUNS (runs per
figure, default 5), ZHIBIAO (binary, default bin/zhibiao).  The corpus is
generated (tools/gencorpus.py, fixed seed) under build/bench/, outside the
tracked files.  Prints one table; the median of the runs, with min and max.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
os.chdir(ROOT)
Z = os.environ.get("ZHIBIAO", "bin/zhibiao")
MB = float(os.environ.get("BENCH_MB", "16"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def corpus(mb):
    d = f"build/bench/corpus-{mb:g}"
    if not os.path.exists(os.path.join(d, "manifest.csv")):
        shutil.rmtree(d, ignore_errors=True)
        subprocess.run([sys.executable, "tools/gencorpus.py", d, str(mb)], check=True,
                       stdout=subprocess.DEVNULL)
    size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)
               if f.endswith(".txt"))
    docs = sum(1 for f in os.listdir(d) if f.endswith(".txt"))
    return d, size, docs


def run(cmd):
    """Runs cmd; returns (seconds, peak RSS in KB, stdout, stderr)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    t = time.perf_counter() - t0
    # the child's own rusage: wait4 already reaped by communicate, so use
    # /usr/bin/time when present for RSS
    if p.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}): {err.decode()[:500]}")
    return t, out.decode(), err.decode()


def peak_rss(cmd):
    """Peak RSS (KB) of cmd, through os.wait4."""
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execvp(cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    return ru.ru_maxrss


def timed(cmd, runs=RUNS):
    ts = [run(cmd)[0] for _ in range(runs)]
    return statistics.median(ts), min(ts), max(ts)


def rate(size, t):
    return size / 1048576 / t


def synthetic_rules(src, dst, factor):
    """Copies the rules and adds (factor - 1) x as many rules that never
    match: same shapes, keywords made of rare characters."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    n = sum(len(re.findall(r"^rule ", open(os.path.join(src, f), encoding="utf-8").read(), re.M))
            for f in os.listdir(src) if f.endswith(".rules"))
    shapes = [
        ("growth", "percent", "%{INDS}%{GAP}(?:%{VSYEAR})?{kw}(?<v>%{PCTS})"),
        ("level", "CNY", "%{INDS:money}%{GAP}{kw}(?<v>%{AMOUNTS})"),
        ("rank", "rank", "%{CLAUSE}%{LEAD}{kw}(?<v>%{RANKS})"),
        ("share", "percent", "%{INDS}%{GAP}占[^,;:。]{1,20}?{kw}(?<v>%{PCTS})"),
    ]
    with open(os.path.join(dst, "90-synthetic.rules"), "w", encoding="utf-8") as f:
        for i in range(n * (factor - 1)):
            measure, unit, pat = shapes[i % len(shapes)]
            kw = chr(0x9F00 + i % 150) + chr(0x9E00 + (i * 7) % 150)
            f.write(f"rule synthetic.{i}\n  measure: {measure}\n  unit: {unit}\n"
                    f"  pattern: {pat.replace('{kw}', kw)}\n\n")
    return n, n * factor


def main():
    d, size, docs = corpus(MB)
    manifest = os.path.join(d, "manifest.csv")
    ext = [Z, "extract", "--manifest", manifest, "-o", "/dev/null"]
    floor = ["pcre2grep", "-rc", "增长", d]
    rows = len(run([Z, "extract", "--manifest", manifest])[1].splitlines()) - 1

    print(f"corpus: {d}: {docs} documents, {size / 1048576:.1f} MB; {RUNS} runs, median (min-max)")
    print()
    e = timed(ext)
    fl = timed(floor)
    rss_e, rss_f = peak_rss(ext), peak_rss(floor)
    line = "{:<28} {:>9} {:>19} {:>10} {:>8} {:>9}"
    print(line.format("", "MB/s", "(min-max)", "docs/s", "rows", "peak RSS"))
    print(line.format("zhibiao extract -j 1", f"{rate(size, e[0]):.1f}",
                      f"({rate(size, e[2]):.1f}-{rate(size, e[1]):.1f})",
                      f"{docs / e[0]:.0f}", rows, f"{rss_e / 1024:.1f} MB"))
    print(line.format("pcre2grep -c 增长 (floor)", f"{rate(size, fl[0]):.1f}",
                      f"({rate(size, fl[2]):.1f}-{rate(size, fl[1]):.1f})",
                      f"{docs / fl[0]:.0f}", "-", f"{rss_f / 1024:.1f} MB"))
    print(f"extract / floor: {fl[0] / e[0] * 100:.1f}% of the floor's throughput (goal >= 40%)")

    # stages, from the extractor's own clocks
    err = run(ext + ["--stats"])[2]
    m = re.search(r"normalize=([\d.]+)s match=([\d.]+)s resolve=([\d.]+)s", err)
    t_read = timed([ "cat", *[os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith('.txt')][:1]], 1)[0]
    if m:
        norm, match, res = map(float, m.groups())
        rest = max(e[0] - norm - match - res, 0.0)
        print()
        print("stages (seconds of one -j 1 run):")
        print(f"  normalize {norm:.3f}  match {match:.3f}  resolve+emit {res:.3f}  "
              f"read+segment+periods+rest {rest:.3f}  (total {e[0]:.3f})")
    del t_read

    # ten times the rules
    n1, n10 = synthetic_rules("rules", "build/bench/rules-x10", 10)
    e10 = timed(ext + ["--rules", "build/bench/rules-x10"])
    print()
    print(f"rules: {n1} -> {n10}: {rate(size, e[0]):.1f} -> {rate(size, e10[0]):.1f} MB/s, "
          f"time x{e10[0] / e[0]:.2f} (goal < 1.5)")

    # threads
    j2 = timed(ext[:2] + ["-j", "2"] + ext[2:])
    print()
    print(f"threads ({os.cpu_count()} cores): -j 1 {rate(size, e[0]):.1f} MB/s, "
          f"-j 2 {rate(size, j2[0]):.1f} MB/s, speed-up x{e[0] / j2[0]:.2f} (goal >= 1.8)")

    # memory: the same for a corpus four times as large
    d4, size4, _ = corpus(MB * 4)
    rss4 = peak_rss([Z, "extract", "--manifest", os.path.join(d4, "manifest.csv"),
                     "-o", "/dev/null"])
    print()
    print(f"memory: peak RSS {rss_e / 1024:.1f} MB at {size / 1048576:.0f} MB, "
          f"{rss4 / 1024:.1f} MB at {size4 / 1048576:.0f} MB (goal < 32 MB, flat)")


if __name__ == "__main__":
    main()
