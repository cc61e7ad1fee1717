#!/bin/sh
# Map/merge: extraction over shards of the input, merged by zhibiao series,
# gives byte-identical series.csv and pivot.csv to a single run.
#  1. GNU parallel, one extract per part of a split manifest;
#  2. the streaming path (Hadoop Streaming, Spark pipe): records split into
#     chunks, each piped through `zhibiao extract --records --no-header -`
#     (the mapper), outputs concatenated under one header (the reducer).
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
case $Z in /*) ;; *) Z=$PWD/$Z ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
check() {
	if cmp -s "$2" "$3"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1: $2 and $3 differ"; diff "$2" "$3" | head -5; fi
}

cp -r samples "$T/s"
# the single run
$Z extract --manifest "$T/s/manifest.csv" -o "$T/one.csv" || exit 2
$Z series "$T/one.csv" -o "$T/one" --no-xlsx >/dev/null 2>&1

if command -v parallel >/dev/null 2>&1; then
	# three manifests of every third document, beside the articles
	for k in 0 1 2; do
		awk -F, -v k=$k 'NR == 1 || (NR - 2) % 3 == k' "$T/s/manifest.csv" > "$T/s/part$k.csv"
	done
	parallel --will-cite -j 3 "$Z" extract --manifest {} -o {.}.obs.csv ::: "$T"/s/part?.csv
	$Z series "$T"/s/part?.obs.csv -o "$T/sharded" --no-xlsx >/dev/null 2>&1
	check "parallel series.csv" "$T/one/series.csv" "$T/sharded/series.csv"
	check "parallel pivot.csv" "$T/one/pivot.csv" "$T/sharded/pivot.csv"
else
	echo "shard: GNU parallel not installed; the parallel case is skipped"
fi

# streaming: records in chunks of 4 documents, each chunk through the mapper
$Z records --manifest "$T/s/manifest.csv" -o "$T/docs.rec"
split -l 4 "$T/docs.rec" "$T/chunk."
for c in "$T"/chunk.*; do
	$Z extract --records --no-header - < "$c" > "$c.out" || exit 2
done
{ $Z extract --records - < /dev/null; cat "$T"/chunk.*.out; } > "$T/streamed.csv"
$Z series "$T/streamed.csv" -o "$T/streamed" --no-xlsx >/dev/null 2>&1
check "streamed series.csv" "$T/one/series.csv" "$T/streamed/series.csv"
check "streamed pivot.csv" "$T/one/pivot.csv" "$T/streamed/pivot.csv"
check "streamed rows" "$T/one.csv" "$T/streamed.csv"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
