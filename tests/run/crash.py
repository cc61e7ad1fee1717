#!/usr/bin/env python3
"""zhibiao run killed with SIGKILL at random moments over a changing input
folder.  After every kill each output is whole: the version of the last
complete run or of the one that was killed (never a mix, never a torso);
the state names only store files that are there; and the run after the
kills completes with the same outputs as a fresh --full run.

Usage: crash.py ZHIBIAO [KILLS] [SECONDS]; CRASH_SEED repeats a run.
Ends with "N passed, N failed" (a check per kill and per comparison)."""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import xlsx_entries as xlsx_module  # noqa: E402

Z = os.path.abspath(sys.argv[1])
WANT_KILLS = int(sys.argv[2]) if len(sys.argv) > 2 else 100
BUDGET = float(sys.argv[3]) if len(sys.argv) > 3 else 55.0
SEED = int(os.environ.get("CRASH_SEED", str(int(time.time()))))
rng = random.Random(SEED)
passed = failed = 0


def check(ok, name, why=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s: %s (CRASH_SEED=%d)" % (name, why, SEED))


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def is_tmp(name):
    # NAME.tmpXXXXXX (base/atomic.h), files and folders
    return len(name) > 10 and name[-10:-6] == ".tmp"


def xlsx_entries(path):
    """The workbook as tests/xlsx_entries.py compares it."""
    return xlsx_module.entries(path)


def whole(rel, b):
    """changes.csv and the report page depend on the run before and on the
    time, so no reference run has their bytes: they are checked whole (the
    header and complete lines; the page from its start to its end)."""
    if b is None:
        return None
    if rel == "changes.csv":
        ok = b.startswith(b"change,series,") and b.endswith(b"\n")
    else:
        ok = b.startswith(b"<!DOCTYPE html>") and b.endswith(b"</html>\n")
    return b"whole " + rel.encode() if ok else b


def state_key(b):
    """state.csv but for the mtime column (0 when a file was too new)."""
    if b is None:
        return None
    lines = b.decode("utf-8", "replace").split("\n")
    out = lines[:2]
    for l in lines[2:]:
        f = l.split(",")
        if len(f) >= 8:
            f[3] = ""
        out.append(",".join(f))
    return "\n".join(out)


def snapshot(out):
    """Every output of a folder, by path: bytes (state without mtimes, the
    workbook as its entries).  Temporaries are left out."""
    s = {}
    for root, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if not is_tmp(d)]
        for f in files:
            p = os.path.join(root, f)
            rel = os.path.relpath(p, out)
            # the lock, and the marker of a run putting outputs in place
            if is_tmp(f) or rel in (".lock", ".rebuilding"):
                continue
            if rel == "state.csv":
                s[rel] = state_key(read(p))
            elif rel.endswith(".xlsx"):
                s[rel] = xlsx_entries(p)
            elif rel in ("changes.csv", "report/index.html"):
                s[rel] = whole(rel, read(p))
            else:
                s[rel] = read(p)
    return s


def utf8_ok(path):
    try:
        read(path).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def keep(diff, now, cur):
    """On a difference: both output folders copied where they outlive the
    test, and the workbook entries that differ."""
    kept = tempfile.mkdtemp(prefix="zhibiao-crash-kept.")
    shutil.copytree(os.path.join(T, "out"), os.path.join(kept, "after-kills"))
    shutil.copytree(os.path.join(T, "cur"), os.path.join(kept, "fresh-full"))
    shutil.copytree(IN, os.path.join(kept, "in"))
    why = "; kept in " + kept
    for f in diff:
        a, b = now.get(f), cur.get(f)
        if f.endswith(".xlsx") and isinstance(a, dict) and isinstance(b, dict):
            ents = sorted(e for e in set(a) | set(b) if a.get(e) != b.get(e))
            why += "; %s entries differ: %s" % (f, ", ".join(ents[:8]))
    return why


def run(conf, *args):
    return subprocess.run([Z, "run", "--config", conf] + list(args),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


T = tempfile.mkdtemp(prefix="zhibiao-crash.")
try:
    samples = sorted(f for f in os.listdir("samples") if f.endswith(".txt"))
    utf8 = [f for f in samples if utf8_ok(os.path.join("samples", f))]
    IN = os.path.join(T, "in")
    os.makedirs(IN)
    for i in range(2):
        os.makedirs(os.path.join(IN, "c%d" % i))
        for f in samples:
            shutil.copy(os.path.join("samples", f), os.path.join(IN, "c%d" % i, f))
    conf = os.path.join(T, "job.conf")
    with open(conf, "w") as f:
        f.write("input = in\noutput = out\nregion = 运河区\ncharts = none\njobs = 2\n")

    def ref_conf(k):
        p = os.path.join(T, "ref%d.conf" % k)
        with open(p, "w") as f:
            f.write("input = in\noutput = ref%d\nregion = 运河区\ncharts = none\njobs = 2\n" % k)
        return p

    r = run(conf)
    check(r.returncode == 0, "first run", r.stderr.decode()[:300])
    prev = snapshot(os.path.join(T, "out"))
    extra = 0

    def mutate(step):
        """The input changes as it does overnight: new, edited, deleted
        and renamed articles, and a change undone."""
        global extra
        what = step % 5
        docs = sorted(os.path.join(d, f) for d, _, fs in os.walk(IN) for f in fs)
        if what == 4:
            # back to the input before the last change: outputs a killed
            # run left half put in place must not pass for this version
            shutil.rmtree(IN)
            shutil.copytree(IN + ".before", IN)
            return
        shutil.rmtree(IN + ".before", ignore_errors=True)
        shutil.copytree(IN, IN + ".before")
        if what == 0 or len(docs) < 6:
            extra += 1
            d = os.path.join(IN, "new%d" % extra)
            os.makedirs(d, exist_ok=True)
            for f in rng.sample(samples, 4):
                shutil.copy(os.path.join("samples", f), os.path.join(d, f))
        elif what == 1:
            for p in rng.sample(docs, 3):
                # a line appended in UTF-8: to a UTF-8 article only (the
                # test is about kills, not bad bytes)
                src = os.path.join("samples", rng.choice(utf8))
                with open(src, "rb") as s, open(p, "wb") as f:
                    f.write(s.read())
                    f.write(b"\n" + ("第%d次修订。" % step).encode() + b"\n")
        elif what == 2:
            for p in rng.sample(docs, 3):
                os.unlink(p)
        else:
            p = rng.choice(docs)
            os.rename(p, p[:-4] + "_moved.txt")

    t0 = time.time()
    kills = step = between = 0
    durations = [0.5]
    while kills < WANT_KILLS and time.time() - t0 < BUDGET:
        step += 1
        mutate(step)
        rc = ref_conf(step)
        r = run(rc, "--full")
        check(r.returncode == 0, "step %d: reference run" % step, r.stderr.decode()[:300])
        cur = snapshot(os.path.join(T, "ref%d" % step))
        # the reference outputs, kept until the next step for a failure
        shutil.rmtree(os.path.join(T, "cur"), ignore_errors=True)
        os.rename(os.path.join(T, "ref%d" % step), os.path.join(T, "cur"))
        for _ in range(25):
            if kills >= WANT_KILLS or time.time() - t0 > BUDGET:
                break
            est = sorted(durations)[len(durations) // 2]
            delay = rng.uniform(0, est * 1.2)
            start = time.time()
            p = subprocess.Popen([Z, "run", "--config", conf],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                kills += 1
            else:
                durations.append(time.time() - start)
            p.wait()
            now = snapshot(os.path.join(T, "out"))
            bad = []
            for f in set(now) | set(prev) | set(cur):
                v = now.get(f)
                if f.startswith("store/"):
                    # store files: one of a complete run, or absent
                    if v is not None and v != prev.get(f) and v != cur.get(f):
                        bad.append(f)
                elif v is None:
                    if f in prev and f in cur:
                        bad.append(f + " (missing)")
                elif v != prev.get(f) and v != cur.get(f):
                    bad.append(f)
            # every store file the state names is there
            st = read(os.path.join(T, "out", "state.csv")) or b""
            for line in st.decode("utf-8", "replace").split("\n")[2:]:
                fl = line.split(",")
                if len(fl) >= 8 and "store/%s.csv" % fl[-3] not in now:
                    bad.append("state names a missing store/%s.csv" % fl[-3])
            # killed between its first and its last write: some outputs
            # new, some old (the moments that matter)
            if now != prev and now != cur:
                between += 1
            check(not bad, "kill %d (step %d, after %.3fs)" % (kills, step, delay),
                  "not a whole version: " + ", ".join(sorted(bad)[:5]))
        # then a run that completes equals the fresh --full run
        start = time.time()
        r = run(conf)
        durations.append(time.time() - start)
        check(r.returncode == 0, "step %d: run after the kills" % step, r.stderr.decode()[:300])
        now = snapshot(os.path.join(T, "out"))
        diff = sorted(f for f in set(now) | set(cur) if now.get(f) != cur.get(f))
        check(not diff, "step %d: after the kills = fresh --full" % step,
              "differ: " + ", ".join(diff[:5]) + (keep(diff, now, cur) if diff else ""))
        left = [os.path.join(d, f) for d, ds, fs in os.walk(os.path.join(T, "out"))
                for f in fs + ds if is_tmp(f)]
        check(not left, "step %d: no temporary left" % step, ", ".join(left[:3]))
        prev = cur
    check(kills >= WANT_KILLS, "kills",
          "only %d kills in %.0fs (machine too slow?)" % (kills, time.time() - t0))
    print("crash test: %d kills (%d between a run's first and last write) over "
          "%d input versions in %.1fs (CRASH_SEED=%d)"
          % (kills, between, step, time.time() - t0, SEED))
finally:
    shutil.rmtree(T, ignore_errors=True)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
