#!/bin/sh
# A real distributed engine: a Dask scheduler and two worker processes on
# this machine (started here, stopped at the end), the record file mapped
# in partitions through `zhibiao extract --records` by tools/dask_extract.py;
# the gathered rows and the merged series equal a single run's, byte for
# byte, and both workers took partitions.  Skipped, with a message, when
# python3-distributed is not installed (make deps installs it).
cd "$(dirname "$0")/../.." || exit 2
. tests/lib.sh
Z=${ZHIBIAO:-bin/zhibiao}
case $Z in /*) ;; *) Z=$PWD/$Z ;; esac
PY=""
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import distributed' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
	echo "dask: python3-distributed is not installed; skipped (make deps installs it)"
	echo "0 passed, 0 failed"
	exit 0
fi
T=$(mktemp -d)
pids=""
stop() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap stop EXIT
trap 'exit 2' INT TERM

# a free port, then the scheduler and two single-threaded workers
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
addr=tcp://127.0.0.1:$port
"$PY" -m distributed.cli.dask_scheduler --host 127.0.0.1 --port "$port" \
	--dashboard-address :0 > "$T/scheduler.log" 2>&1 &
pids="$pids $!"
for w in 1 2; do
	"$PY" -m distributed.cli.dask_worker "$addr" --nworkers 1 --nthreads 1 \
		--no-dashboard --name "w$w" --local-directory "$T/w$w" \
		> "$T/worker$w.log" 2>&1 &
	pids="$pids $!"
done
# wait (up to 60 s) until both workers have joined
"$PY" - "$addr" <<'PY' || { echo "dask: the cluster did not start"; cat "$T"/*.log | tail -20; }
import sys, time
from distributed import Client
with Client(sys.argv[1], timeout="60s") as c:
    c.wait_for_workers(2, timeout=60)
PY

# documents: the samples and the seed articles, as records
$Z records --manifest samples/manifest.csv -o "$T/a.rec" || exit 2
$Z records --manifest ../shared/seeds/manifest.csv -o "$T/b.rec" || exit 2
cat "$T/a.rec" "$T/b.rec" > "$T/docs.rec"

# the single run
$Z extract --records "$T/docs.rec" -o "$T/one.csv" || exit 2
$Z series "$T/one.csv" -o "$T/one" --no-xlsx > /dev/null 2>&1

run "dask extract" 0 "$PY" tools/dask_extract.py --scheduler "$addr" \
	--partitions 5 --zhibiao "$Z" --rules "$PWD/rules" "$T/docs.rec" -o "$T/dask.csv"
has "two workers" "$T/err" "5 partitions on 2 workers"
if cmp -s "$T/one.csv" "$T/dask.csv"; then ok; else
	bad "dask rows" "differ from the single run: $(diff "$T/one.csv" "$T/dask.csv" | head -5)"; fi
$Z series "$T/dask.csv" -o "$T/dask" --no-xlsx > /dev/null 2>&1
for f in series.csv pivot.csv conflicts.csv; do
	if cmp -s "$T/one/$f" "$T/dask/$f"; then ok; else bad "dask $f" "differs from the single run"; fi
done
rows=$(($(wc -l < "$T/one.csv") - 1))
[ "$rows" -gt 100 ] && ok || bad "rows" "only $rows rows in the single run"

# a record file that cannot be read: exit 2, no output left
run "missing records" 2 "$PY" tools/dask_extract.py --scheduler "$addr" \
	"$T/none.rec" -o "$T/none.csv"
[ ! -e "$T/none.csv" ] && ok || bad "missing records" "an output was written"
finish
