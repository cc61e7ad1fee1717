#!/bin/sh
# Acceptance: extract the real seed articles and score them against the
# gold with ../shared/tools/score.py (precision and recall >= 0.95); and
# the bundled samples against their own gold with zhibiao eval.
cd "$(dirname "$0")/.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

shared=../shared
if [ -f "$shared/seeds/manifest.csv" ] && [ -f "$shared/tools/score.py" ]; then
	if $Z extract --manifest "$shared/seeds/manifest.csv" -o "$tmp/seeds.csv" &&
	   python3 "$shared/tools/score.py" "$shared/gold/seeds.csv" "$tmp/seeds.csv" \
		--min-precision 0.95 --min-recall 0.95 > "$tmp/score.txt"; then
		pass=$((pass + 1))
		echo "seeds: $(tail -n 1 "$tmp/score.txt")"
	else
		fail=$((fail + 1))
		echo "FAIL seeds below 0.95 precision/recall:"
		cat "$tmp/score.txt" 2>/dev/null
	fi
else
	echo "seeds: skipped ($shared/seeds and $shared/tools/score.py not found)"
fi

# The samples are written for the project and labeled independently of the
# rules: the same bar as the seeds.
if $Z extract --manifest samples/manifest.csv -o "$tmp/samples.csv" &&
   $Z eval --show 0 --min-precision 0.95 --min-recall 0.95 \
	samples/gold.csv "$tmp/samples.csv" > "$tmp/eval.txt"; then
	pass=$((pass + 1))
	echo "samples: $(tail -n 1 "$tmp/eval.txt")"
else
	fail=$((fail + 1))
	echo "FAIL samples below 0.95 precision/recall:"
	cat "$tmp/eval.txt" 2>/dev/null
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
