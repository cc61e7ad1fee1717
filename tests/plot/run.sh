#!/bin/sh
# Charts: every kind rendered from fixture series (2 points and 40, a
# derived point, ranks with scope, actual and target) and from the samples;
# gnuplot's status through the command's, and every image non-trivial.
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

if ! command -v gnuplot >/dev/null 2>&1; then
	echo "plot: gnuplot not installed; skipped (make deps installs gnuplot-nox)"
	echo "0 passed, 0 failed"
	exit 0
fi

# check_chart BASE: PNG 1920x1080 of some size, SVG is XML with the title,
# PDF is a PDF
check_chart() {
	python3 - "$1" <<'PY' && ok || bad chart "$1"
import struct, sys, xml.dom.minidom
base = sys.argv[1]
png = open(base + ".png", "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", png[16:24])
assert (w, h) == (1920, 1080), f"PNG is {w}x{h}"
assert len(png) > 10000, f"PNG only {len(png)} bytes"
svg = open(base + ".svg", encoding="utf-8").read()
xml.dom.minidom.parseString(svg.encode())
# the chart's own title, as index.csv lists it
import csv, os
chart = os.path.basename(base)
title = None
with open(os.path.join(os.path.dirname(base), "index.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if chart == row["chart"] + "-" + row["kind"]:
            title = row["title"]
assert title and any(ord(ch) > 0x3000 for ch in title), f"no Chinese title for {chart} in index.csv"
assert title in svg, f"the SVG lacks its title {title}"
assert open(base + ".pdf", "rb").read(5) == b"%PDF-", "not a PDF"
PY
}

timeout 300 $Z plot tests/plot/fixtures -o "$T/c" > "$T/out" 2> "$T/err"
rc=$?
[ $rc -eq 0 ] && ok || bad "plot fixtures" "exit $rc: $(head -c 300 "$T/err")"
for base in gdp-growth-r1-line fixed_asset_investment-level-r1-bar \
	    retail_sales-growth-r1-line private_investment-rank-province-r1-ytd-rank \
	    private_investment-rank-province-r1-same-Q1-rank \
	    gdp-growth-r2-target; do
	if [ -f "$T/c/$base.png" ]; then check_chart "$T/c/$base"; else bad "$base" "not made"; fi
done
grep -q "gdp-growth-r2,target," "$T/c/index.csv" && ok || bad index "no target chart listed"
# negative actual values against a target (once drawn out of range, then a
# gnuplot 5.4 crash) and derived values: hollow, and said so in the key
for base in fiscal_revenue-growth-r1-target fiscal_revenue-level-r1-bar; do
	if [ -f "$T/c/$base.png" ]; then check_chart "$T/c/$base"; else bad "$base" "not made"; fi
done
grep -q "实际(推算值, 空心)" "$T/c/fiscal_revenue-growth-r1-target.svg" && ok ||
	bad "derived in target key" "no 实际(推算值, 空心) in the SVG"
grep -q "推算值(空心)" "$T/c/fiscal_revenue-level-r1-bar.svg" && ok ||
	bad "derived in bar key" "no 推算值(空心) in the SVG"
grep -q "推算值(空心)" "$T/c/gdp-growth-r1-line.svg" && ok ||
	bad "derived in line key" "no 推算值(空心) in the SVG"
grep -q ">-1.2%<" "$T/c/fiscal_revenue-growth-r1-target.svg" && ok ||
	bad "negative label" "no -1.2% label in the target SVG"
# only the period with both (2024) is paired: no -2.6% of 2024-H1, no 2025
! grep -q ">-2.6%<\|2025年" "$T/c/fiscal_revenue-growth-r1-target.svg" && ok ||
	bad "target pairs" "a period without both in the target SVG"
grep -q ">≥2%<" "$T/c/fiscal_revenue-growth-r1-target.svg" && ok ||
	bad "qualifier" "no ≥2% (2%以上) label in the target SVG"
ls "$T/c" | grep -q tmp && bad "temporary files" "$(ls "$T/c" | grep tmp)" || ok

# options and errors
timeout 60 $Z plot tests/plot/fixtures -o "$T/o" --only private_investment 2>/dev/null
[ "$(ls "$T/o" | grep -c png)" -eq 2 ] && ok || bad "--only" "$(ls "$T/o")"

# like with like: years, year to date and single quarters never share a
# chart; each year's 一季度 compared; no target chart without a common
# period; a per-capita income in 元; sources named by date and title
mkdir -p "$T/k/docs"
printf '拱墅区人均收入简报\n正文\n' > "$T/k/docs/a.txt"
printf '季度快报\n2024年7月18日 星期四\n' | iconv -f UTF-8 -t GB18030 > "$T/k/docs/b.txt"
printf 'doc,path,date,region\na.txt,docs/a.txt,2025-04-20,\nb.txt,docs/b.txt,,\n' > "$T/k/manifest.csv"
{
	head -n 1 tests/plot/fixtures/series.csv
	for p in 2023:2023-01-01:2023-12-31:7.1 2024:2024-01-01:2024-12-31:6.9 \
		 2024-Q1:2024-01-01:2024-03-31:5.2 2025-Q1:2025-01-01:2025-03-31:5.6 \
		 2024-H1:2024-01-01:2024-06-30:5.9 2024-Q3:2024-07-01:2024-09-30:4.1 \
		 2024-Q4:2024-10-01:2024-12-31:4.4; do
		IFS=: read -r per st en v <<EOF2
$p
EOF2
		echo "inc-growth-r1,inc,人均收入,growth,percent,actual,r1,,$per,$st,$en,$v,,reported,a.txt;b.txt"
	done
	echo "inc-level-r1,inc,人均收入,level,CNY,actual,r1,,2023,2023-01-01,2023-12-31,76500,,reported,a.txt"
	echo "inc-level-r1,inc,人均收入,level,CNY,actual,r1,,2024,2024-01-01,2024-12-31,81200,,reported,a.txt"
	echo "inc-level-target-r1,inc,人均收入,level,CNY,target,r1,,2026,2026-01-01,2026-12-31,90000,,reported,a.txt"
} > "$T/k/series.csv"
timeout 120 $Z plot "$T/k" -o "$T/kc" --manifest "$T/k/manifest.csv" 2> "$T/err"
[ $? -eq 0 ] && ok || bad "like with like" "$(head -c 300 "$T/err")"
for base in inc-growth-r1-year-line inc-growth-r1-ytd-line inc-growth-r1-single-line \
	    inc-growth-r1-same-Q1-line inc-level-r1-bar; do
	[ -f "$T/kc/$base.svg" ] && ok || bad "like with like" "no $base: $(ls "$T/kc" | grep svg)"
done
[ ! -e "$T/kc/inc-growth-r1-line.svg" ] && ok || bad "like with like" "a chart mixes kinds"
grep -q ">2023年<" "$T/kc/inc-growth-r1-ytd-line.svg" "$T/kc/inc-growth-r1-single-line.svg" &&
	bad "like with like" "a year in a quarterly chart" || ok
grep -q ">2024年一季度<" "$T/kc/inc-growth-r1-year-line.svg" &&
	bad "like with like" "a quarter in the yearly chart" || ok
[ ! -e "$T/kc/inc-level-r1-target.svg" ] && ok || bad "target" "a target chart without a common period"
grep -q ">元<" "$T/kc/inc-level-r1-bar.svg" && ! grep -q "亿元" "$T/kc/inc-level-r1-bar.svg" &&
	grep -q ">81200<" "$T/kc/inc-level-r1-bar.svg" && ok || bad "per capita" "not in 元"
grep -q "2025-04-20《拱墅区人均收入简报》" "$T/kc/inc-level-r1-bar.svg" && ok ||
	bad "footnote" "sources not by date and title"
# a GB18030 document without a manifest date: its title and masthead date
grep -q "2024-07-18《季度快报》; 2025-04-20《拱墅区人均收入简报》" "$T/kc/inc-growth-r1-year-line.svg" && ok ||
	bad "footnote" "no masthead date or GB18030 title, or not in time order"
# plot -o DIR removes what it drew there before (its index), nothing else
touch "$T/kc/mine.txt"
sed -i '/^inc-level-r1,/d; /^inc-level-target-r1,/d' "$T/k/series.csv"
timeout 120 $Z plot "$T/k" -o "$T/kc" 2> "$T/err"
[ ! -e "$T/kc/inc-level-r1-bar.png" ] && [ -e "$T/kc/mine.txt" ] &&
	[ -e "$T/kc/inc-growth-r1-year-line.png" ] && ok ||
	bad "plot -o" "old charts kept or other files removed: $(ls "$T/kc")"
timeout 60 $Z plot "$T/none" -o "$T/x" 2> "$T/err"; [ $? -eq 2 ] && ok || bad "missing series" "exit $?"
grep -q "series.csv" "$T/err" && ok || bad "missing series message" "$(cat "$T/err")"
timeout 60 env PATH=/nonexistent "$(cd "$(dirname "$Z")" && pwd)/$(basename "$Z")" plot tests/plot/fixtures -o "$T/y" 2> "$T/err"
[ $? -eq 2 ] && grep -q "gnuplot is not installed" "$T/err" && ok || bad "no gnuplot" "$(cat "$T/err")"

# the samples, end to end
$Z extract --manifest samples/manifest.csv -o "$T/obs.csv" 2>/dev/null
$Z series "$T/obs.csv" -o "$T/series" --no-xlsx 2>/dev/null
timeout 600 $Z plot "$T/series" -o "$T/charts" --only gdp,fixed_asset_investment 2> "$T/err"
[ $? -eq 0 ] && ok || bad "plot samples" "$(head -c 300 "$T/err")"
n=$(ls "$T/charts" | grep -c '\.png$')
[ "$n" -ge 5 ] && ok || bad "plot samples" "only $n charts"
for f in "$T"/charts/*.png; do check_chart "${f%.png}"; done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
