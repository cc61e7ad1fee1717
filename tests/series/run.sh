#!/bin/sh
# zhibiao series end to end: the samples, the workbook read back, --excel,
# bad input and exit statuses.  Each check prints nothing when it passes
# and "FAIL name: why" when not; the last line is "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# matches NAME FILE REGEX (grep -E)
matches() {
	if grep -qE -- "$3" "$2"; then ok; else
		bad "$1" "$(basename "$2") has no line matching '$3'"; fi
}

# ---- help and usage ----
run help 0 $Z series --help
has help "$T/out" "usage: zhibiao series"
run "no output dir" 2 $Z series samples/gold.csv
has "no output dir" "$T/err" "no output directory"
run "no input" 2 $Z series -o "$T/x"
run "unknown option" 2 $Z series --frobnicate x.csv -o "$T/x"
has "unknown option" "$T/err" "unknown option '--frobnicate'"

# ---- the samples ----
run "extract samples" 0 $Z extract --manifest samples/manifest.csv -o "$T/obs.csv"
run "series samples" 0 $Z series "$T/obs.csv" -o "$T/series"
S=$T/series
for f in series.csv pivot.csv conflicts.csv; do
	[ -s "$S/$f" ] && ok || bad "samples $f" "missing or empty"
done
[ -s "$T/indicators.xlsx" ] && ok || bad "samples xlsx" "no $T/indicators.xlsx"
hasnt "no summary without --verbose" "$T/err" "zhibiao: series:"
head -n 1 "$S/series.csv" > "$T/head"
echo "series,indicator,name,measure,unit,status,region,scope,period,start,end,value,qualifier,origin,sources" > "$T/want"
cmp -s "$T/head" "$T/want" && ok || bad "series.csv header" "$(cat "$T/head")"
# the 2025-Q1 investment level is in yh08 and repeated by yh09: one point
matches "repeated figure" "$S/series.csv" \
	'^fixed_asset_investment-level-r[0-9a-f]{8},fixed_asset_investment,固定资产投资,level,CNY,actual,运河区,,2025-Q1,2025-01-01,2025-03-31,16190000000,,reported,yh08_2025-04_q1.txt;yh09_2025-07_h1_gb18030.txt$'
n=$(grep -c '^fixed_asset_investment-level-r[0-9a-f]*,.*,运河区,,2025-Q1,' "$S/series.csv")
[ "$n" = 1 ] && ok || bad "one point" "$n rows for 2025-Q1"
# the GDP 2023 growth revision: 5.8 (yh01, an estimate) then 5.9 (yh02)
matches "revision" "$S/conflicts.csv" \
	'^gdp-growth-r[0-9a-f]{8},gdp,地区生产总值,growth,percent,actual,运河区,,2023,5.9,,reported,yh02_2024-02_gov_report.txt,5.8,~,reported,yh01_2024-01_fgj_1-11.txt$'
has "revision warning" "$T/err" "warning: conflicting values for gdp growth 2023 (运河区)"
matches "kept value" "$S/series.csv" '^gdp-growth-r[0-9a-f]{8},.*,运河区,,2023,2023-01-01,2023-12-31,5.9,,reported,yh02'
# periods of one series in time order across kinds
grep '^gdp-growth-r[0-9a-f]*,gdp,地区生产总值,growth,percent,actual,运河区,' "$S/series.csv" |
	cut -d, -f9 | tr '\n' ' ' > "$T/periods"
printf "2023 2024-Q1 2024-H1 2024-01/2024-09 2024 2025-Q1 2025-H1 " > "$T/want"
cmp -s "$T/periods" "$T/want" && ok || bad "period order" "$(cat "$T/periods")"
# 民间投资占比51.2%，较去年同期提高2.3个百分点 → 48.9 for 2023-H1, derived
matches "derived" "$S/series.csv" \
	'^private_investment-share-r[0-9a-f]{8},.*,运河区,,2023-H1,2023-01-01,2023-06-30,48.9,,derived,yh04_2024-07_h1_masthead.txt$'
# pivot: header labels, values in 亿元
has "pivot label" "$S/pivot.csv" ",固定资产投资 增速(%) 运河区,"
has "pivot label target" "$S/pivot.csv" ",地区生产总值 增速(%) 运河区 目标,"
has "pivot label rank" "$S/pivot.csv" ",地区生产总值 排名(全市) 东塘区,"
head -n 1 "$S/pivot.csv" | cut -d, -f1-3 > "$T/head"
echo "period,start,end" > "$T/want"
cmp -s "$T/head" "$T/want" && ok || bad "pivot header" "$(cat "$T/head")"
cut -d, -f1 "$S/pivot.csv" | tr '\n' ' ' > "$T/rows"
has "pivot rows" "$T/rows" "period 2023-H1 2023-01/2023-11 2023 2024-01-08 2024-Q1 2024-H1 2024-06-30 2024-01/2024-09 2024 2025-Q1 2025-H1 2025 "
has "pivot yi yuan" "$S/pivot.csv" ",161.9,"
# gnuplot data
slug=$(grep '^gdp-growth-r[0-9a-f]*,gdp,地区生产总值,growth,percent,actual,运河区,' "$S/series.csv" | head -n 1 | cut -d, -f1)
D=$S/data/$slug.dat
if [ -f "$D" ]; then
	ok
	has "dat header" "$D" "# index period end value origin"
	has "dat row" "$D" "2024-01/2024-09 2024-09-30 5.2 reported"
	awk '!/^#/ && NF != 5 { bad = 1 } END { exit bad }' "$D" && ok ||
		bad "dat columns" "$(cat "$D")"
else
	bad "dat file" "no $D"
fi
n=$(ls "$S/data" | wc -l)
m=$(tail -n +2 "$S/series.csv" | cut -d, -f1 | sort -u | wc -l)
[ "$n" = "$m" ] && ok || bad "one dat per series" "$n files, $m series"

# ---- the workbook read back ----
if command -v python3 > /dev/null; then
	python3 - "$T/indicators.xlsx" > "$T/xl" 2>&1 <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
s1 = z.read('xl/worksheets/sheet1.xml').decode()
ss = z.read('xl/sharedStrings.xml').decode()
wb = z.read('xl/workbook.xml').decode()
s2 = z.read('xl/worksheets/sheet2.xml').decode()
print('sheets', ' '.join(re.findall(r'<sheet name="([^"]*)"', wb)))
if re.search(r'<pane [^>]*ySplit="3"[^>]*state="frozen"', s1):
    print('frozen table')
if 'orientation="landscape"' in s1 and 'fitToHeight="0"' in s1:
    print('landscape fit to width')
if '_xlnm.Print_Titles' in wb:
    print('header rows repeated')
if '2024年1-9月' in ss and '年初至今累计' in ss:
    print('chinese periods')
if re.search(r'<row r="[0-9]+"[^>]*ht="(30|45|60)"[^>]*customHeight="1"', s2):
    print('evidence rows high')
if re.search(r'<pane [^>]*ySplit="1"[^>]*state="frozen"', s2):
    print('frozen observations')
# numbers are numeric cells: <c r=".." s=".."><v>161.9</v></c>, no t="s"
if re.search(r'<c r="[A-Z]+[0-9]+"( s="[0-9]+")?><v>161\.9</v></c>', s1):
    print('numeric 161.9')
if re.search(r'<c r="[A-Z]+[0-9]+"( s="[0-9]+")?><v>-6\.8</v></c>', s1):
    print('numeric -6.8')
if '固定资产投资' in ss and '增速' in ss:
    print('chinese label')
if '完成固定资产投资' in ss:
    print('evidence')
if '<cols>' in s1 and 'customWidth="1"' in s1:
    print('widths')
PY
	for w in "sheets 指标表 观测值 冲突" "frozen table" \
		"landscape fit to width" "header rows repeated" "chinese periods" \
		"evidence rows high" \
		"frozen observations" "numeric 161.9" "numeric -6.8" \
		"chinese label" "evidence" "widths"; do
		has "xlsx $w" "$T/xl" "$w"
	done
else
	bad "xlsx" "python3 is needed to read the workbook back"
fi

# ---- options: --xlsx, --no-xlsx, --manifest, --verbose ----
run "xlsx path" 0 $Z series "$T/obs.csv" -o "$T/s2" --xlsx "$T/book.xlsx" --verbose
[ -s "$T/book.xlsx" ] && ok || bad "xlsx path" "no book.xlsx"
has "verbose" "$T/err" "zhibiao: series: 1 files (0 unreadable), "
has "verbose" "$T/err" "1 conflicts"
rm -f "$T/indicators.xlsx"
run "no xlsx" 0 $Z series "$T/obs.csv" -o "$T/s3" --no-xlsx
[ ! -e "$T/indicators.xlsx" ] && ok || bad "no xlsx" "a workbook was written"
run "manifest" 0 $Z series "$T/obs.csv" -o "$T/s4" --no-xlsx --manifest samples/manifest.csv
has "manifest" "$T/s4/conflicts.csv" ",5.9,,reported,yh02_2024-02_gov_report.txt,5.8,~,reported,yh01_2024-01_fgj_1-11.txt"
# shards: the same rows split in two files give the same series.csv
head -n 100 "$T/obs.csv" > "$T/a.csv"
{ head -n 1 "$T/obs.csv"; tail -n +101 "$T/obs.csv"; } > "$T/b.csv"
run "shards" 0 $Z series "$T/a.csv" "$T/b.csv" -o "$T/s5" --no-xlsx
cmp -s "$T/s5/series.csv" "$S/series.csv" && ok || bad "shards" "series.csv differs"
ls "$T/s5" | grep -q tmp && bad "temp files" "left in $T/s5" || ok

# ---- --excel: BOM, formula cells neutralized, numbers kept ----
cat > "$T/evil.csv" <<'CSV'
doc,indicator,measure,value,unit,period,status,qualifier,scope,region,line,evidence,rule
+d1,real_estate_investment,growth,-6.8,percent,2023,actual,,,"=HYPERLINK(""http://x"",""y"")",3,房地产开发投资下降6.8%,growth.down
CSV
run "excel" 0 $Z series "$T/evil.csv" -o "$T/ex" --excel --no-xlsx
head -c 3 "$T/ex/series.csv" | od -An -tx1 | tr -d ' \n' > "$T/bom"
[ "$(cat "$T/bom")" = "efbbbf" ] && ok || bad "excel BOM" "$(cat "$T/bom")"
head -c 3 "$T/ex/pivot.csv" | od -An -tx1 | tr -d ' \n' > "$T/bom"
[ "$(cat "$T/bom")" = "efbbbf" ] && ok || bad "excel BOM pivot" "$(cat "$T/bom")"
has "excel formula" "$T/ex/series.csv" ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
has "excel plus" "$T/ex/series.csv" ",'+d1"
has "excel negative" "$T/ex/series.csv" ",-6.8,,reported,"
run "no excel" 0 $Z series "$T/evil.csv" -o "$T/nx" --no-xlsx
head -c 6 "$T/nx/series.csv" > "$T/h"
[ "$(cat "$T/h")" = "series" ] && ok || bad "no BOM" "$(cat "$T/h")"
has "no excel formula" "$T/nx/series.csv" ",\"=HYPERLINK("

# ---- bad input: reported with file:line, the rest merged, exit 1 ----
cat > "$T/bad.csv" <<'CSV'
doc,indicator,measure,value,unit,period,status
d1,gdp,growth,5.5,percent,2024,actual
d1,gdp,growth,abc,percent,2024,actual
d1,gdp,growth,5.5,percent,2024-Q5,actual
d1,gdp,speed,5.5,percent,2024,actual
CSV
printf 'a,b\n1,2\n' > "$T/notobs.csv"
run "bad rows" 1 $Z series "$T/bad.csv" "$T/notobs.csv" "$T/missing.csv" "$T/obs.csv" -o "$T/bd" --no-xlsx
has "bad value" "$T/err" "bad.csv:3: error: value 'abc' is not a plain decimal number"
has "bad period" "$T/err" "bad.csv:4: error: period '2024-Q5'"
has "bad measure" "$T/err" "bad.csv:5: error: unknown measure 'speed'"
has "not obs" "$T/err" "notobs.csv:1: error: not an observations file"
has "missing" "$T/err" "missing.csv: error:"
has "rest merged" "$T/bd/series.csv" "yh08_2025-04_q1.txt;yh09_2025-07_h1_gb18030.txt"
printf 'doc,indicator,measure,value,unit,period,status\nd,gdp,growth,5,percent,,actual\n' > "$T/noper.csv"
run "no period" 0 $Z series "$T/noper.csv" -o "$T/np" --no-xlsx
has "no period" "$T/err" "noper.csv:2: warning: no period"
run "nothing readable" 1 $Z series "$T/missing.csv" -o "$T/none" --no-xlsx
[ ! -e "$T/none/series.csv" ] && ok || bad "nothing readable" "outputs written"

# ---- write errors: exit 2 ----
: > "$T/plainfile"
run "write error" 2 $Z series "$T/obs.csv" -o "$T/plainfile/sub" --no-xlsx
has "write error" "$T/err" "error"
run "xlsx write error" 2 $Z series "$T/obs.csv" -o "$T/s6" --xlsx "$T/nodir/x.xlsx"
run "rules error" 2 $Z series "$T/obs.csv" -o "$T/s7" --rules "$T/missing.rules"

# ---- the seeds' workbook printed: LibreOffice to PDF ----
if [ ! -f ../shared/seeds/manifest.csv ]; then
	echo "workbook print test: skipped (../shared/seeds not found)"
elif ! command -v soffice > /dev/null || ! command -v pdftotext > /dev/null; then
	echo "workbook print test: skipped (needs soffice from libreoffice-calc-nogui and pdftotext from poppler-utils: make deps)"
else
	$Z extract --manifest ../shared/seeds/manifest.csv -o "$T/seeds.csv" 2>/dev/null
	$Z series --manifest ../shared/seeds/manifest.csv --xlsx "$T/pr/seeds.xlsx" \
		-o "$T/pr/series" "$T/seeds.csv" 2>/dev/null
	HOME="$T/pr" timeout 180 soffice --headless --convert-to pdf --outdir "$T/pr" \
		"$T/pr/seeds.xlsx" > /dev/null 2>&1
	if [ -s "$T/pr/seeds.pdf" ]; then
		pages=$(pdfinfo "$T/pr/seeds.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
		table=0 landscape=0
		for p in $(seq 1 "${pages:-0}"); do
			pdftotext -f "$p" -l "$p" "$T/pr/seeds.pdf" "$T/pr/p.txt"
			grep -q "主要经济指标" "$T/pr/p.txt" && table=$((table + 1))
		done
		pdfinfo "$T/pr/seeds.pdf" | grep -q "Page size: *841.89 x 595" && landscape=1
		[ "$table" -ge 1 ] && [ "$table" -le 3 ] && ok ||
			bad "指标表 pages" "$table pages (of $pages)"
		[ $landscape = 1 ] && ok || bad "landscape" "$(pdfinfo "$T/pr/seeds.pdf" | grep 'Page size')"
		pdftotext -f 1 -l 1 "$T/pr/seeds.pdf" "$T/pr/p.txt"
		grep -q "年一季度" "$T/pr/p.txt" && grep -q "年初至今累计" "$T/pr/p.txt" &&
			! grep -q "2025-Q1" "$T/pr/p.txt" && ok ||
			bad "Chinese periods" "$(head -c 300 "$T/pr/p.txt")"
	else
		bad "workbook print" "LibreOffice wrote no PDF"
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
