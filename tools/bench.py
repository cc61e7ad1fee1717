#!/usr/bin/env python3
"""make bench: extraction throughput against the floor of one literal scan.

Environment: BENCH_MB (corpus size, default 16), BENCH_RUNS (runs per
figure, default 5), ZHIBIAO (binary, default bin/zhibiao).  Two corpora are
generated (tools/gencorpus.py, fixed seed) under build/bench/, outside the
tracked files: a dense one from samples/ (figures in nearly every
sentence) and a newspaper-like one from ../shared/seeds (most sentences
carry none).  For each: a table against the floor (one pcre2grep literal
scan of the same files), the ratio, the --stats stages and -j 2 against
-j 1; then ten times the rules and peak RSS at four times the size
(-j 1 and -j 2 from the manifest, and from a record file).  The
median of the runs, with min and max.
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


SEEDS = os.path.join("..", "shared", "seeds")


def corpus(mb, kind="dense"):
    """The generated corpus: "dense" from samples/ (figures in nearly every
    sentence), "news" from ../shared/seeds (newspaper pages, where most
    sentences carry no figure)."""
    name = "corpus" if kind == "dense" else "news"
    d = f"build/bench/{name}-{mb:g}"
    if not os.path.exists(os.path.join(d, "manifest.csv")):
        shutil.rmtree(d, ignore_errors=True)
        src = [] if kind == "dense" else ["--source", SEEDS]
        subprocess.run([sys.executable, "tools/gencorpus.py", *src, d, str(mb)],
                       check=True, stdout=subprocess.DEVNULL)
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
    """Peak RSS (KB) of cmd.  Through GNU time when installed: a child
    forked from this Python starts with its pages, which Linux counts in
    the peak (even across the exec), so os.wait4 overstates it by about
    Python's own size."""
    if os.path.exists("/usr/bin/time"):
        p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return int(p.stderr.decode().split()[-1])
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


def timed_pair(a, b, runs=RUNS):
    """a and b run in turn, runs times each: on a machine whose speed
    drifts (a shared VM), both see the same drift.  Their (median, min,
    max) and the median of the ratios b / a."""
    ta, tb = [], []
    for _ in range(runs):
        ta.append(run(a)[0])
        tb.append(run(b)[0])
    ratio = statistics.median(y / x for x, y in zip(ta, tb))
    return ((statistics.median(ta), min(ta), max(ta)),
            (statistics.median(tb), min(tb), max(tb)), ratio)


def machine_scaling(cmd, runs=RUNS):
    """What two cores give two independent processes: one run of cmd
    against two at once (median of runs), as a reference for -j 2."""
    one, two = [], []
    for _ in range(runs):
        one.append(run(cmd)[0])
        t0 = time.perf_counter()
        ps = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
              for _ in range(2)]
        for p in ps:
            p.wait()
        two.append(time.perf_counter() - t0)
    return 2 * statistics.median(one) / statistics.median(two)


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


def stages(err):
    """The --stats stages of one run, {name: seconds}."""
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)s\b", err)}


def one_corpus(kind, d, size, docs):
    """Extract against the floor on one corpus; returns the -j 1 median."""
    manifest = os.path.join(d, "manifest.csv")
    ext = [Z, "extract", "--manifest", manifest, "-o", "/dev/null"]
    floor = ["pcre2grep", "-rc", "增长", d]
    rows = len(run([Z, "extract", "--manifest", manifest])[1].splitlines()) - 1
    print(f"{kind} corpus: {d}: {docs} documents, {size / 1048576:.1f} MB; "
          f"{RUNS} runs, median (min-max)")
    e, fl, _ = timed_pair(ext, floor)
    rss_e, rss_f = peak_rss(ext), peak_rss(floor)
    line = "{:<28} {:>9} {:>19} {:>10} {:>8} {:>9}"
    print(line.format("", "MB/s", "(min-max)", "docs/s", "rows", "peak RSS"))
    print(line.format("zhibiao extract -j 1", f"{rate(size, e[0]):.1f}",
                      f"({rate(size, e[2]):.1f}-{rate(size, e[1]):.1f})",
                      f"{docs / e[0]:.0f}", rows, f"{rss_e / 1024:.1f} MB"))
    print(line.format("pcre2grep -c 增长 (floor)", f"{rate(size, fl[0]):.1f}",
                      f"({rate(size, fl[2]):.1f}-{rate(size, fl[1]):.1f})",
                      f"{docs / fl[0]:.0f}", "-", f"{rss_f / 1024:.1f} MB"))
    print(f"{kind}: extract / floor = {fl[0] / e[0]:.2f} of the floor's throughput"
          f" (runs taken in turn)"
          f"{' (goal >= 0.40)' if kind == 'news' else ''}")
    t_st, _, err = run(ext + ["--stats"])
    st = stages(err)
    if st:
        names = [k for k in st if k != "total"]
        print("stages (seconds of one -j 1 run; they add up to the total):")
        print("  " + "  ".join(f"{k} {st[k]:.3f}" for k in names) +
              f"  (total {st.get('total', 0):.3f} of {t_st:.3f} s measured "
              "outside: the rest is process start and exit)")
    j1, j2, ratio = timed_pair(ext, ext[:2] + ["-j", "2"] + ext[2:])
    print(f"threads ({os.cpu_count()} cores): -j 1 {rate(size, j1[0]):.1f} MB/s, "
          f"-j 2 {rate(size, j2[0]):.1f} MB/s, speed-up x{1 / ratio:.2f} (goal >= 1.7; "
          f"runs in turn, median of the ratios); two -j 1 processes at once: "
          f"x{machine_scaling(ext):.2f}")
    print()
    return e, ext, rss_e


def main():
    d, size, docs = corpus(MB)
    e, ext, rss_e = one_corpus("dense", d, size, docs)
    if os.path.isdir(SEEDS):
        nd, nsize, ndocs = corpus(MB, "news")
        _, _, rss_n = one_corpus("news", nd, nsize, ndocs)
    else:
        nd = None
        print(f"news corpus: {SEEDS} is missing; skipped\n")

    # ten times the rules
    n1, n10 = synthetic_rules("rules", "build/bench/rules-x10", 10)
    e1, e10, ratio = timed_pair(ext, ext + ["--rules", "build/bench/rules-x10"])
    print(f"rules: {n1} -> {n10}: {rate(size, e1[0]):.1f} -> {rate(size, e10[0]):.1f} MB/s, "
          f"time x{ratio:.2f} (goal < 1.5; runs in turn, median of the ratios)")

    # memory: the same for corpora four times as large, from the manifest
    # (read as the documents go, so flat) on one thread and on two, and
    # from a record file
    for kind, rss in (("dense", rss_e), ("news", rss_n if nd else None)):
        if rss is None:
            continue
        print(memory_line(kind, rss))


def memory_line(kind, rss=None):
    """Peak RSS of extract --manifest at MB and four times MB (-j 1, -j 2)
    and of extract --records at both: the memory line of one corpus.  rss:
    the -j 1 figure at MB when already measured."""
    d1 = corpus(MB, kind)[0]
    d4 = corpus(MB * 4, kind)[0]

    def manifest(d_, j):
        return peak_rss([Z, "extract", "-j", str(j), "--manifest",
                         os.path.join(d_, "manifest.csv"), "-o", "/dev/null"])

    j1 = [rss if rss is not None else manifest(d1, 1), manifest(d4, 1)]
    j2 = [manifest(d1, 2), manifest(d4, 2)]
    rec = []
    for d_ in (d1, d4):
        r = os.path.join("build/bench", os.path.basename(d_) + ".rec")
        if not os.path.exists(r):
            subprocess.run([Z, "records", "--manifest",
                            os.path.join(d_, "manifest.csv"), "-o", r], check=True)
        rec.append(peak_rss([Z, "extract", "--records", r, "-o", "/dev/null"]))

    def mb(v):
        return f"{v[0] / 1024:.1f} and {v[1] / 1024:.1f} MB"
    return (f"memory ({kind}): peak RSS at {MB:g} and {MB * 4:g} MB: --manifest "
            f"-j 1 {mb(j1)}, -j 2 {mb(j2)}; --records {mb(rec)} "
            "(goal < 32 MB, flat)")

if __name__ == "__main__":
    main()
