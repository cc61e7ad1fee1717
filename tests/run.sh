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
# The suites, by name (the rule data tests of tests/rules/*.test run in
# unit test_rulefiles): a suite listed here that is missing fails the run.
SUITES="
../tools/layers.sh	layers
cli/run.sh	cli tests
manifest/run.sh	manifest read as documents go
number/run.sh	number cases
badinput/run.sh	bad input
series/run.sh	series tests
plot/run.sh	plot tests
shard/run.sh	sharded = single
dask/run.sh	dask cluster = single
run/run.sh	run tests
report/run.sh	changes and report page
run/crash.sh	crash test
run/diskfull.sh	disk full
install/run.sh	install
golden/run.sh	golden outputs
acceptance.sh	acceptance
"
units=$(ls "$UNIT_DIR"/*/test_* 2> /dev/null)
if [ -z "$units" ]; then
	echo "unit tests: none built in $UNIT_DIR"
	echo "0 passed, 1 failed" >> "$log"
fi
for t in $units; do
	run "unit ${t#"$UNIT_DIR"/}" "$t"
done
while IFS='	' read -r script name <&3; do
	[ -n "$script" ] || continue
	if [ ! -f "tests/$script" ]; then
	echo "$name: tests/$script is missing"
	echo "$name: 0 passed, 1 failed"
	echo "0 passed, 1 failed" >> "$log"
	continue
	fi
	run "$name" sh "tests/$script"
done 3<<EOF
$SUITES
EOF
p=$(awk '{p += $1} END {print p + 0}' "$log")
f=$(awk '{f += $3} END {print f + 0}' "$log")
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
