#!/bin/sh
# What changed and the report page, end to end: zhibiao run twice over
# made-up articles (a figure revised, one withdrawn, one new): the summary
# counts, changes.csv, the workbook's 新增与修订 sheet read back, the page
# (self-contained, escaped) and, in headless Chromium, its screenshot,
# console and headline table; excel = yes and extract --excel.
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# row NAME FILE LINE: FILE has the whole line LINE
row() {
	if grep -qxF -- "$3" "$2"; then ok; else
		bad "$1" "$(basename "$2") has no line '$3': $(head -c 600 "$2")"; fi
}

# ---- the articles (made up for this test) ----
A=$T/a
O=$T/job
mkdir -p "$A"
printf '2025年一季度，全区实现地区生产总值120.5亿元，同比增长5.2%%。A&B<园区>固定资产投资同比增长8.1%%。\n全区社会消费品零售总额同比增长3.5%%。\n' > "$A/a1.txt"
printf '2024年一季度，全区地区生产总值同比增长4.8%%。\n全区新认定省科技型中小企业52家。\n' > "$A/a2.txt"
printf 'doc,path,date,region\na1.txt,a1.txt,2025-04-20,运河区\na2.txt,a2.txt,2024-04-18,运河区\n' > "$A/manifest.csv"
cat > "$T/job.conf" <<EOF
manifest = a/manifest.csv
output = job
rules = $PWD/rules
plots = $PWD/plots
charts = gdp
EOF

# ---- the first run: everything is new ----
run "first run" 0 "$Z" run --config "$T/job.conf"
summary "first run" points_new=6 points_revised=0 points_withdrawn=0
head -n 1 "$O/changes.csv" > "$T/head"
row "changes.csv header" "$T/head" "change,series,indicator,name,measure,unit,status,region,scope,period,value,qualifier,sources,old_value,old_qualifier,old_sources"
n=$(grep -c '^new,' "$O/changes.csv")
[ "$n" = 6 ] && ok || bad "first run all new" "$n new rows: $(cat "$O/changes.csv")"
[ -s "$O/report/index.html" ] && ok || bad "page" "no $O/report/index.html"
ls "$O"/report/charts/*.svg > /dev/null 2>&1 && ok || bad "page charts" "no SVG beside the page"

# ---- the second run: a1 revises 5.2 to 5.3 and drops retail; a3 is new ----
printf '2025年一季度，全区实现地区生产总值120.5亿元，同比增长5.3%%。A&B<园区>固定资产投资同比增长8.1%%。\n' > "$A/a1.txt"
printf '2025年一季度，全区规模以上工业增加值同比增长6.1%%。\n' > "$A/a3.txt"
echo 'a3.txt,a3.txt,2025-07-20,运河区' >> "$A/manifest.csv"
run "second run" 0 "$Z" run --config "$T/job.conf"
summary "second run" changed=1 new=1 points_new=1 points_revised=1 points_withdrawn=1
C=$O/changes.csv
[ "$(wc -l < "$C")" = 4 ] && ok || bad "three changes" "$(cat "$C")"
grep '^revised,' "$C" | cut -d, -f1,3,4,10- > "$T/got"
row "revised row" "$T/got" "revised,gdp,地区生产总值,2025-Q1,5.3,,a1.txt,5.2,,a1.txt"
grep '^withdrawn,' "$C" | cut -d, -f1,3,10- > "$T/got"
row "withdrawn row" "$T/got" "withdrawn,retail_sales,2025-Q1,,,,3.5,,a1.txt"
grep '^new,' "$C" | cut -d, -f1,3,10- > "$T/got"
row "new row" "$T/got" "new,industrial_va,2025-Q1,6.1,,a3.txt,,,"

# the workbook's 新增与修订 sheet, read back
python3 - "$O/indicators.xlsx" > "$T/sheet" <<'EOF' || bad "sheet" "cannot read the workbook"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ss = [re.sub(r"<[^>]+>", "", s) for s in
      re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
book = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]*)" sheetId="(\d+)"', book)
print("sheets:", " ".join(n for n, _ in names))
sid = [i for n, i in names if n == "新增与修订"]
if not sid:
    sys.exit(0)
sheet = z.read("xl/worksheets/sheet%s.xml" % sid[0]).decode()
for r in re.findall(r"<row [^>]*>(.*?)</row>", sheet, re.S):
    cells = []
    for attrs, v in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", r, re.S):
        m = re.search(r"<v>(.*?)</v>", v or "")
        val = m.group(1) if m else ""
        if 't="s"' in attrs:
            val = ss[int(val)]
        cells.append(val)
    print("|".join(cells))
EOF
has "sheet named" "$T/sheet" "新增与修订"
row "sheet revised" "$T/sheet" "修订|地区生产总值|增速|%|实际|运河区|2025年一季度|5.3|a1.txt|5.2|a1.txt"
row "sheet withdrawn" "$T/sheet" "撤回|社会消费品零售总额|增速|%|实际|运河区|2025年一季度|3.5|a1.txt"
row "sheet new" "$T/sheet" "新增|规模以上工业增加值|增速|%|实际|运河区|2025年一季度|6.1|a3.txt"
row "sheet header" "$T/sheet" "变动|名称|口径|单位|状态|地区|范围|期间|新值|来源|原值|原来源"

# ---- the page ----
P=$O/report/index.html
has "page title" "$P" "<h1>经济指标报告</h1>"
has "page escaped" "$P" "A&amp;B&lt;园区&gt;"
hasnt "page not raw" "$P" "A&B<园区>"
if python3 tests/report/page.py local "$O/report" > "$T/local"; then ok; else
	bad "page self-contained" "$(cat "$T/local")"; fi
python3 tests/report/page.py rows "$P" changes > "$T/changes"
has "page revised" "$T/changes" "修订 | 运河区 | 地区生产总值 | 增速 | 2025年一季度 | 5.3% | 5.2% | a1.txt | a1.txt"
has "page withdrawn" "$T/changes" "撤回 | 运河区 | 社会消费品零售总额 | 增速 | 2025年一季度 | — | 3.5%"
# the page is rebuilt whole: no temporary folder stays
ls -a "$O" | grep -q '\.report\.tmp' && bad "page temporary" "$(ls -a "$O")" || ok

# ---- a run with nothing new keeps changes.csv and the page ----
cp "$C" "$T/changes.before"
run "third run" 0 "$Z" run --config "$T/job.conf"
summary "third run" points_new=0 points_revised=0 points_withdrawn=0
cmp -s "$C" "$T/changes.before" && ok || bad "changes kept" "changes.csv changed"

# ---- a document that cannot be read keeps its rows: its points are stale ----
cp "$A/a3.txt" "$T/a3.good"
printf '全区\377增长\n' > "$A/a3.txt"
run "stale run" 1 "$Z" run --config "$T/job.conf"
summary "stale run" failed=1 points_new=0 points_revised=0 points_withdrawn=0
grep '^stale,' "$C" | cut -d, -f1,3,10- > "$T/got"
row "stale row" "$T/got" "stale,industrial_va,2025-Q1,6.1,,a3.txt,6.1,,a3.txt"
[ "$(wc -l < "$C")" = 2 ] && ok || bad "only the stale point" "$(cat "$C")"
python3 tests/report/page.py rows "$P" changes > "$T/changes"
has "page stale" "$T/changes" "未更新 | 运河区 | 规模以上工业增加值 | 增速 | 2025年一季度 | 6.1% | 6.1% | a3.txt | a3.txt"
cp "$T/a3.good" "$A/a3.txt"
run "read again" 0 "$Z" run --config "$T/job.conf"
[ "$(wc -l < "$C")" = 1 ] && ok || bad "not stale again" "$(cat "$C")"

# ---- report = no: no page, and none expected by the next run ----
sed 's/^output = job$/output = noreport/' "$T/job.conf" > "$T/n.conf"
echo 'report = no' >> "$T/n.conf"
run "no report" 0 "$Z" run --config "$T/n.conf"
[ ! -e "$T/noreport/report" ] && ok || bad "no report" "$T/noreport/report exists"
[ -s "$T/noreport/changes.csv" ] && ok || bad "no report changes" "no changes.csv"
# nothing to rebuild: the workbook is the same file (a rebuild renames a
# new one into place)
before=$(ls -i "$T/noreport/indicators.xlsx" | cut -d' ' -f1)
run "no report again" 0 "$Z" run --config "$T/n.conf"
after=$(ls -i "$T/noreport/indicators.xlsx" | cut -d' ' -f1)
[ "$before" = "$after" ] && ok || bad "no report, no rebuild" "the outputs were rebuilt"

# ---- in a browser ----
if ! command -v chromium > /dev/null 2>&1; then
	echo "browser tests: skipped (chromium is not installed; make deps installs it)"
else
	B=$T/browser
	mkdir -p "$B/profile"
	chrome() {
		timeout 120 chromium --headless --no-sandbox --disable-gpu \
			--disable-background-networking --disable-component-update \
			--no-first-run --disable-sync --user-data-dir="$B/profile" "$@"
	}
	chrome --enable-logging=stderr --v=0 --window-size=1024,768 \
		--screenshot="$B/shot.png" "file://$P" > "$B/log" 2>&1
	if [ -s "$B/shot.png" ]; then
		ok
		if python3 tests/report/page.py png "$B/shot.png" > "$B/png"; then ok; else
			bad "screenshot" "blank: $(cat "$B/png")"; fi
	else
		bad "screenshot" "none written: $(tail -n 5 "$B/log")"
	fi
	# the page has no scripts: any console message is a fault
	if grep 'CONSOLE' "$B/log" > "$B/console"; then
		bad "console" "$(head -c 400 "$B/console")"; else ok; fi
	chrome --dump-dom "file://$P" > "$B/dom.html" 2> "$B/log2"
	python3 tests/report/page.py rows "$B/dom.html" latest > "$B/latest"
	has "headline gdp growth" "$B/latest" "地区生产总值 | 增速 | 2025年一季度 | 5.3% | 2024年一季度 | 4.8% | 同比增长5.3% | a1.txt 第1行 | 图"
	has "headline gdp level" "$B/latest" "地区生产总值 | 总量 | 2025年一季度 | 120.5亿元 | 2024年一季度 | — |"
	has "headline new" "$B/latest" "规模以上工业增加值 | 增速 | 2025年一季度 | 6.1% | 2024年一季度 | — | 全区规模以上工业增加值同比增长6.1% | a3.txt 第1行"
	has "headline region" "$B/latest" "运河区"
	# a count in the unit the rules declare for it (display: 家)
	has "headline count" "$B/latest" "新认定省科技型中小企业 | 数量 | 2024年一季度 | 52家 |"
	# the check catches a console error: a page that logs one
	printf '<!DOCTYPE html><p>x</p><script>console.error("fault")</script>\n' > "$B/bad.html"
	chrome --enable-logging=stderr --v=0 --screenshot="$B/bad.png" \
		--window-size=400,300 "file://$B/bad.html" > "$B/badlog" 2>&1
	has "console check works" "$B/badlog" "CONSOLE"
fi

# ---- excel = yes, and extract --excel ----
printf '=全区社会消费品零售总额同比增长3.5%%。全区工业投资同比下降2.5%%。\n' > "$A/a4.txt"
echo 'a4.txt,a4.txt,2025-07-21,运河区' >> "$A/manifest.csv"
sed 's/^output = job$/output = xout/' "$T/job.conf" > "$T/x.conf"
echo 'excel = yes' >> "$T/x.conf"
run "excel run" 0 "$Z" run --config "$T/x.conf"
X=$T/xout/observations.csv
head -c 3 "$X" | od -An -tx1 | tr -d ' \n' > "$T/bom"
[ "$(cat "$T/bom")" = efbbbf ] && ok || bad "excel bom" "starts with $(cat "$T/bom")"
has "excel formula neutralized" "$X" ",'=全区社会消费品零售总额同比增长3.5%,"
has "excel number stays" "$X" ",industrial_investment,growth,-2.5,percent,"
head -c 3 "$T/xout/series/series.csv" | od -An -tx1 | tr -d ' \n' > "$T/bom"
[ "$(cat "$T/bom")" = efbbbf ] && ok || bad "excel series bom" "starts with $(cat "$T/bom")"
printf 'manifest = a/manifest.csv\noutput = out\nexcel = maybe\n' > "$T/bad.conf"
run "excel key" 2 "$Z" run --config "$T/bad.conf"
has "excel key" "$T/err" "bad.conf:3: error: excel must be yes or no, not 'maybe'"
run "extract --excel" 0 "$Z" extract --excel --date 2025-07-21 --region 运河区 "$A/a4.txt"
cp "$T/out" "$T/x.csv"
head -c 3 "$T/x.csv" | od -An -tx1 | tr -d ' \n' > "$T/bom"
[ "$(cat "$T/bom")" = efbbbf ] && ok || bad "extract bom" "starts with $(cat "$T/bom")"
has "extract formula" "$T/x.csv" ",'=全区社会消费品零售总额同比增长3.5%,"
has "extract number" "$T/x.csv" ",growth,-2.5,percent,"
run "extract --excel --no-header" 0 "$Z" extract --excel --no-header --date 2025-07-21 "$A/a4.txt"
head -c 3 "$T/out" | od -An -tx1 | tr -d ' \n' > "$T/bom"
[ "$(cat "$T/bom")" != efbbbf ] && ok || bad "no header, no bom" "a BOM without the header"
run "extract plain" 0 "$Z" extract --date 2025-07-21 "$A/a4.txt"
has "extract plain formula" "$T/out" ",=全区社会消费品零售总额"

finish
