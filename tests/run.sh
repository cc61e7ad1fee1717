#!/bin/sh
# Runs every test of the project and ends with "N passed, N failed".
# Each part prints its own "N passed, N failed" line; this adds them up.
cd "$(dirname "$0")/.." || exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
run() {
	name=$1; shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^[0-9]* passed, [0-9]* failed' | sed "s|^|  |"
	counts=$(printf '%s\n' "$out" | grep '^[0-9]* passed, [0-9]* failed' | tail -n 1)
	if [ -z "$counts" ]; then
		counts="0 passed, 1 failed"
		echo "  $name: exited $rc without a summary line"
	elif [ $rc -ne 0 ] && [ "${counts#* passed, 0 failed}" != "$counts" ]; then
		counts="${counts%% passed*} passed, 1 failed"
		echo "  $name: exited $rc"
	fi
	echo "$name: $counts"
	echo "$counts" >> "$log"
}
# ZHIBIAO and UNIT_DIR select another build (make asan)
UNIT_DIR=${UNIT_DIR:-build/tests}
export ZHIBIAO=${ZHIBIAO:-bin/zhibiao}
for t in "$UNIT_DIR"/test_*; do
	[ -x "$t" ] && run "unit $(basename "$t")" "$t"
done
[ -x tests/rules/run.sh ] && run "rule tests" sh tests/rules/run.sh
[ -x tests/cli/run.sh ] && run "cli tests" sh tests/cli/run.sh
[ -x tests/badinput/run.sh ] && run "bad input" sh tests/badinput/run.sh
[ -x tests/series/run.sh ] && run "series tests" sh tests/series/run.sh
[ -x tests/plot/run.sh ] && run "plot tests" sh tests/plot/run.sh
[ -x tests/shard/run.sh ] && run "sharded = single" sh tests/shard/run.sh
[ -x tests/run/run.sh ] && run "run tests" sh tests/run/run.sh
[ -x tests/acceptance.sh ] && run "acceptance" sh tests/acceptance.sh
p=$(awk '{p += $1} END {print p + 0}' "$log")
f=$(awk '{f += $3} END {print f + 0}' "$log")
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
