#!/usr/bin/env python3
"""Extraction on a Dask cluster: partitions of a record file mapped through
`zhibiao extract --records`, the rows gathered in input order.

usage: dask_extract.py --scheduler ADDR [--partitions N] [--zhibiao PATH]
                       [--rules DIR] RECORDS -o OBS.csv

RECORDS is a file written by `zhibiao records` (one document a line).  The
client reads it and cuts it into N partitions of whole lines (default: two
per worker); each partition travels to a worker as bytes, so the workers
need no shared file system, only the zhibiao binary and the rules at the
paths given (the same on every machine).  Partition i goes to worker
i mod W, in the order the scheduler lists them.  Each task pipes its
partition through `zhibiao extract --records --no-header --rules DIR -`;
the outputs are concatenated in partition order under one header, written
to a temporary file beside OBS.csv and renamed into place, so OBS.csv is
never half-written.  `zhibiao series OBS.csv` then gives the same series
as a single run, byte for byte.

Exit status: 0 ok; 1 some documents could not be read (zhibiao said which
on the worker's stderr, relayed here); 2 a usage, cluster or system error.
Needs python3-distributed (Debian).
"""
import argparse
import os
import subprocess
import sys
import tempfile


def extract_partition(data, zhibiao, rules):
    """Runs on a worker: one partition through the mapper.  Returns the
    exit status, the rows, the messages and the worker's address."""
    from distributed import get_worker
    p = subprocess.run([zhibiao, "extract", "--records", "--no-header",
                        "--rules", rules, "-"], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr, get_worker().address


def partitions(data, n):
    """data cut into at most n parts of whole lines, in order."""
    lines = data.splitlines(keepends=True)
    if not lines:
        return []
    n = max(1, min(n, len(lines)))
    size, parts, acc, cur = len(data) / n, [], 0, []
    for line in lines:
        cur.append(line)
        acc += len(line)
        if acc >= size * (len(parts) + 1) and len(parts) < n - 1:
            parts.append(b"".join(cur))
            cur = []
    if cur:
        parts.append(b"".join(cur))
    return parts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scheduler", required=True)
    ap.add_argument("--partitions", type=int, default=0)
    ap.add_argument("--zhibiao", default=os.path.abspath("bin/zhibiao"))
    ap.add_argument("--rules", default=os.path.abspath("rules"))
    ap.add_argument("-o", dest="out", required=True)
    ap.add_argument("records")
    a = ap.parse_args()
    try:
        from distributed import Client
    except ImportError:
        sys.exit("dask_extract: python3-distributed is not installed (make deps)")
    try:
        with open(a.records, "rb") as f:
            data = f.read()
    except OSError as e:
        print(f"dask_extract: {a.records}: {e.strerror}", file=sys.stderr)
        return 2
    header = subprocess.run([a.zhibiao, "extract", "--records", "-"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            check=True).stdout
    with Client(a.scheduler, timeout="30s") as client:
        workers = sorted(client.scheduler_info()["workers"])
        if not workers:
            print("dask_extract: the cluster has no workers", file=sys.stderr)
            return 2
        parts = partitions(data, a.partitions or 2 * len(workers))
        futures = [client.submit(extract_partition, p, a.zhibiao, a.rules,
                                 workers=[workers[i % len(workers)]],
                                 pure=False)
                   for i, p in enumerate(parts)]
        results = client.gather(futures)
    status, used = 0, set()
    d = os.path.dirname(os.path.abspath(a.out))
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(a.out) + ".tmp", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(header)
            for rc, rows, msg, addr in results:
                sys.stderr.write(msg.decode("utf-8", "replace"))
                used.add(addr)
                if rc not in (0, 1):
                    raise RuntimeError(f"zhibiao on {addr} exited {rc}")
                status = max(status, rc)
                f.write(rows)
        os.replace(tmp, a.out)
    except (OSError, RuntimeError) as e:
        os.unlink(tmp)
        print(f"dask_extract: {e}", file=sys.stderr)
        return 2
    print(f"dask_extract: {len(parts)} partitions on {len(used)} workers",
          file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
