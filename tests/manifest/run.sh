#!/bin/sh
# A manifest is read as the documents go: peak memory of extract and
# records --manifest does not grow with the manifest's rows (issue 11), on
# one thread and on two, and the messages keep their order (bad rows first,
# as when the manifest was held whole).
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# one short page, named by many rows: the manifest is all that grows
mkdir -p "$T/m"
printf '本报讯 今年一季度,示范新区地区生产总值增长6.3%%。\n' > "$T/m/page.txt"
rows() {
	awk -v n="$1" 'BEGIN {
		print "doc,path,date,region"
		for (i = 1; i <= n; i++)
			printf "doc%06d.txt,page.txt,2025-04-2%d,示范新区\n", i, i % 9
	}' > "$2"
}
rows 500 "$T/m/small.csv"
rows 30000 "$T/m/big.csv"

# every row read, in order, from the streamed manifest
run "extract big" 0 $Z extract --manifest "$T/m/big.csv" -o "$T/big.obs"
count=$(grep -c ',gdp,growth,6.3,percent,2025-Q1,' "$T/big.obs")
[ "$count" -eq 30000 ] && ok || bad "extract big" "$count rows, expected 30000"
sed -n '30001p' "$T/big.obs" | grep -q '^doc030000.txt,' && ok ||
	bad "extract big" "the last row is not doc030000.txt's: $(sed -n '30001p' "$T/big.obs")"
run "extract big -j 2" 0 $Z extract -j 2 --manifest "$T/m/big.csv" -o "$T/big2.obs"
cmp -s "$T/big.obs" "$T/big2.obs" && ok || bad "extract big -j 2" "differs from -j 1"

# Peak RSS, with GNU time (make deps installs it): a 30000-row manifest
# held whole took about 9 MB more than a 500-row one; read as the
# documents go, the same within noise.  The bound is generous.
if [ ! -x /usr/bin/time ]; then
	echo "manifest: /usr/bin/time (GNU time) not installed; the memory checks are skipped"
elif [ -n "${ASAN_OPTIONS:-}" ]; then
	echo "manifest: under AddressSanitizer (its quarantine holds freed memory); the memory checks are skipped"
else
	rss() { /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -n 1; }
	for cmd in "extract -j 1" "extract -j 2" "records"; do
		s=$(rss $Z $cmd --manifest "$T/m/small.csv" -o /dev/null)
		b=$(rss $Z $cmd --manifest "$T/m/big.csv" -o /dev/null)
		if [ "$((b - s))" -lt 3072 ]; then ok; else
			bad "peak RSS $cmd" "${s} KB with 500 rows, ${b} KB with 30000 (more than 3 MB apart)"
		fi
	done
fi

# the bad rows are reported before any document's message, the last one
# too, and the others are processed
cat > "$T/m/mixed.csv" <<'EOF'
doc,path,date,region
A,page.txt,,
B,page.txt,2025-04-20,
C,none.txt,2025-04-20,
D,page.txt,2025-04-31,
EOF
run "bad rows first" 1 $Z extract --manifest "$T/m/mixed.csv" -o "$T/mixed.obs"
sed -n 1p "$T/err" | grep -qF "mixed.csv:4: error: path does not exist (doc C, path none.txt); skipped" &&
	sed -n 2p "$T/err" | grep -qF "mixed.csv:5: error: date is not a valid date" &&
	sed -n 3p "$T/err" | grep -qF "page.txt: warning: no document date" && ok ||
	bad "bad rows first" "messages out of order: $(cat "$T/err")"
has "bad rows first" "$T/mixed.obs" "B,gdp,growth,6.3,percent,2025-Q1,"
finish
