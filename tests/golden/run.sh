#!/bin/sh
# Golden outputs: extract (and, for the samples, series) must give exactly
# the stored files.  A change that alters an output on purpose updates them
# with `sh tests/golden/run.sh --update` and says so in its commit.
#
# The samples' outputs are stored whole (tests/golden/samples/).  The seeds
# and ../shared/dev are not the project's text, so only SHA-256 digests of
# their outputs are stored (tests/golden/*.sha256); a mismatch prints the
# first differing lines against a fresh run of the stored binary's output.
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
G=tests/golden
update=0
[ "${1:-}" = --update ] && update=1
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# whole files: the samples
if ! $Z extract --manifest samples/manifest.csv -o "$tmp/samples.csv"; then
	bad "samples: extract failed"
else
	$Z series --manifest samples/manifest.csv --no-xlsx \
		-o "$tmp/series" "$tmp/samples.csv" 2> /dev/null ||
		bad "samples: series failed"
	for f in samples.csv series/series.csv series/pivot.csv series/conflicts.csv; do
		want="$G/samples/$(basename "$f")"
		[ "$f" = samples.csv ] && want="$G/samples/observations.csv"
		if [ $update = 1 ]; then
			mkdir -p "$G/samples"; cp "$tmp/$f" "$want"; continue
		fi
		if cmp -s "$tmp/$f" "$want"; then ok
		else bad "samples $f differs from $want:"; diff "$want" "$tmp/$f" | head -n 10
		fi
	done
fi

# digests: the seeds and the development set, when ../shared is beside us
for set in seeds dev; do
	m=../shared/$set/manifest.csv
	if [ ! -f "$m" ]; then
		echo "$set: skipped ($m not found)"
		continue
	fi
	if ! $Z extract --manifest "$m" -o "$tmp/$set.csv" 2> /dev/null; then
		bad "$set: extract failed"; continue
	fi
	sum=$(sha256sum < "$tmp/$set.csv" | cut -d' ' -f1)
	if [ $update = 1 ]; then
		echo "$sum" > "$G/$set.sha256"; continue
	fi
	if [ "$sum" = "$(cat "$G/$set.sha256" 2>/dev/null)" ]; then ok
	else bad "$set: observations differ from the stored digest ($G/$set.sha256): $(($(wc -l < "$tmp/$set.csv") - 1)) rows now"
	fi
done
[ $update = 1 ] && echo "golden outputs updated" && exit 0
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
