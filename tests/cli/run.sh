#!/bin/sh
# CLI transcripts: commands, their output, messages and exit status.
# Each check prints nothing when it passes and "FAIL name: why" when not;
# the last line is "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
T=$(mktemp -d)
trap 'chmod -R u+rw "$T" 2>/dev/null; rm -rf "$T"' EXIT
. tests/lib.sh



# ---- version and help ----
run version 0 $Z --version
has version "$T/out" "zhibiao "
for c in extract check-rules parse-number eval explain; do
	run "help $c" 0 $Z $c --help
	has "help $c" "$T/out" "usage: zhibiao $c"
done
run "no command" 2 $Z
run "unknown command" 2 $Z frobnicate
has "unknown command" "$T/err" "unknown command 'frobnicate'"

# ---- parse-number ----
run parse-number 0 $Z parse-number 一百五十个百分点 3.2万 １０.５％ 第一 1.08亿元 9.31亿元 三成
printf '150 pp\n32000 count\n10.5 percent\n1 rank\n108000000 CNY\n931000000 CNY\n30 percent\n' > "$T/want"
if cmp -s "$T/out" "$T/want"; then ok; else bad parse-number "$(cat "$T/out")"; fi
run "parse-number bad" 1 $Z parse-number 增长 12
has "parse-number bad" "$T/out" "error: not a number: 增长"
has "parse-number bad" "$T/out" "12 count"
# the qualifier a number states is a third field; "--" ends the options
run "parse-number --" 0 $Z parse-number -- -10000 十余万 五分之一
printf -- '-10000 count\n100000 count >\n0.2 count\n' > "$T/want"
if cmp -s "$T/out" "$T/want"; then ok; else bad "parse-number --" "$(cat "$T/out")"; fi
run "parse-number -- --help" 1 $Z parse-number -- --help
has "parse-number -- --help" "$T/out" "error: not a number: --help"
run "parse-number no text" 2 $Z parse-number --

# ---- extract: one file, stdin, date and region ----
printf '今年一季度,全区GDP增长4.6%%,较去年同期提高1.4个百分点。\n' > "$T/a.txt"
run "extract file" 0 $Z extract --date 2025-05-09 --region 拱墅区 "$T/a.txt"
has "extract file" "$T/out" "doc,indicator,measure,value,unit,period,status,qualifier,scope,region,line,evidence,rule,base"
has "extract file" "$T/out" "$T/a.txt,gdp,growth,4.6,percent,2025-Q1,actual,,,拱墅区,1,"
has "extract file" "$T/out" "gdp,change,1.4,pp,2025-Q1,actual"
run "extract stdin" 0 sh -c "$Z extract --date 2025-05-09 - < '$T/a.txt'"
has "extract stdin" "$T/out" "-,gdp,growth,4.6,percent,2025-Q1"
# a masthead date when no date is given
printf '今日新闻\n2024年7月18日 星期四 第27期\n上半年,全区GDP增长5.2%%。\n' > "$T/m.txt"
run "extract masthead" 0 $Z extract "$T/m.txt"
has "extract masthead" "$T/out" "gdp,growth,5.2,percent,2024-H1,actual,,,,3,"
# line numbers point at the original line where the clause starts, after
# joins; with no period stated, an actual is about the latest period the
# date implies (May: the first quarter)
printf '本报讯 全区经济\n\n运行平稳,完成固定资产\n\n投资16 1.9亿元。\n' > "$T/w.txt"
run "extract wrapped" 0 $Z extract --date 2025-05-09 "$T/w.txt"
has "extract wrapped" "$T/out" "fixed_asset_investment,level,16190000000,CNY,2025-Q1,actual,,,,3,完成固定资产投资161.9亿元"
run "extract bad date" 2 $Z extract --date 2025-02-30 "$T/a.txt"
has "extract bad date" "$T/err" "--date '2025-02-30' is not a valid YYYY-MM-DD"
run "extract no input" 2 $Z extract
run "extract unknown option" 2 $Z extract --frob "$T/a.txt"

# ---- extract: a directory, bad documents among good ones ----
mkdir -p "$T/dir/sub"
cp "$T/a.txt" "$T/dir/1.txt"
cp "$T/a.txt" "$T/dir/sub/2.txt"
printf 'abc\377\376def' > "$T/dir/3.txt"
printf 'not an article' > "$T/dir/notes.md"
cp "$T/a.txt" "$T/dir/upper.TXT"
run "extract dir" 1 $Z extract --date 2025-05-09 -o "$T/o.csv" "$T/dir"
has "extract dir" "$T/o.csv" "$T/dir/1.txt,gdp,growth"
has "extract dir" "$T/o.csv" "$T/dir/sub/2.txt,gdp,growth"
has "extract dir: .TXT in any case" "$T/o.csv" "$T/dir/upper.TXT,gdp,growth"
has "extract dir" "$T/err" "$T/dir/3.txt"
has "extract dir" "$T/err" "byte 3"
hasnt "extract dir" "$T/o.csv" "notes.md"
run "extract missing file" 1 $Z extract "$T/nope.txt" "$T/a.txt"
has "extract missing file" "$T/err" "$T/nope.txt"
has "extract missing file" "$T/out" "gdp,growth,4.6"

# ---- extract: the document date from the file name, else a warning ----
mkdir -p "$T/named"
printf '一季度全区地区生产总值同比增长4.6%%。\n' > "$T/named/gdp_20250509.txt"
printf '一季度全区地区生产总值同比增长4.6%%。\n' > "$T/named/gdp.txt"
run "date from the name" 0 $Z extract "$T/named/gdp_20250509.txt" "$T/named/gdp.txt"
has "date from the name" "$T/out" "gdp_20250509.txt,gdp,growth,4.6,percent,2025-Q1,"
has "undated: empty period" "$T/out" "named/gdp.txt,gdp,growth,4.6,percent,,"
has "undated warned" "$T/err" "named/gdp.txt: warning: no document date"
hasnt "dated not warned" "$T/err" "gdp_20250509.txt"
run "--date before the name" 0 $Z extract --date 2023-05-09 "$T/named/gdp_20250509.txt"
has "--date before the name" "$T/out" "gdp_20250509.txt,gdp,growth,4.6,percent,2023-Q1,"

# ---- extract: manifest ----
mkdir -p "$T/man"
cp "$T/a.txt" "$T/man/a.txt"
printf 'doc,path,date,region\nA,a.txt,2025-05-09,西湖区\nB,missing.txt,2025-05-09,\nC,a.txt,2025-13-01,\nD,../a.txt,2025-05-09,\n' > "$T/man/manifest.csv"
run "manifest" 1 $Z extract --manifest "$T/man/manifest.csv" -o "$T/man.csv"
has "manifest" "$T/man.csv" "A,gdp,growth,4.6,percent,2025-Q1,actual,,,西湖区,1,"
has "manifest" "$T/err" "manifest.csv:3: error: path does not exist"
has "manifest" "$T/err" "manifest.csv:4: error: date is not a valid date"
has "manifest" "$T/err" "manifest.csv:5: error: path escapes the manifest's folder"
# a manifest as Excel saves it: GBK or UTF-8 with a BOM, dates as
# 2025/5/9, 2025.5.9 or 2025年5月9日, an absolute path
printf '\357\273\277doc,path,date,region\nA,a.txt,2025/5/9,西湖区\nB,a.txt,2025.5.9,西湖区\nC,%s,2025年5月9日,西湖区\nD,a.txt,2025-5-9,西湖区\n' "$T/man/a.txt" > "$T/man/excel.csv"
run "manifest: Excel UTF-8" 0 $Z extract --manifest "$T/man/excel.csv" -o "$T/excel.csv"
for d in A B C D; do
	has "manifest: Excel UTF-8 $d" "$T/excel.csv" "$d,gdp,growth,4.6,percent,2025-Q1,actual,,,西湖区,1,"
done
if command -v iconv > /dev/null; then
	tail -c +4 "$T/man/excel.csv" | iconv -f UTF-8 -t GBK > "$T/man/gbk.csv"
	run "manifest: GBK" 0 $Z extract --manifest "$T/man/gbk.csv" -o "$T/gbk.csv"
	if cmp -s "$T/excel.csv" "$T/gbk.csv"; then ok; else bad "manifest: GBK" "differs from the UTF-8 manifest"; fi
fi
printf 'doc,path,region\nA,a.txt,\n' > "$T/man/bad.csv"
run "manifest column" 2 $Z extract --manifest "$T/man/bad.csv"
has "manifest column" "$T/err" "lacks the column 'date'"

# ---- output is all or nothing ----
printf 'old\n' > "$T/keep.csv"
run "full disk" 2 $Z extract --date 2025-05-09 -o /dev/full "$T/a.txt"
has "full disk" "$T/err" "/dev/full: error: write error"
[ -c /dev/full ] && ok || bad "full disk" "/dev/full is no longer a device"
run "rule error keeps output" 2 $Z extract --rules "$T/nope" -o "$T/keep.csv" "$T/a.txt"
has "rule error keeps output" "$T/keep.csv" "old"
ls "$T" | grep -q 'tmp' && bad "no temp files" "$(ls "$T")" || ok

# ---- -j: the same bytes as one worker ----
$Z extract --manifest samples/manifest.csv -o "$T/j1.csv" 2>/dev/null
run "extract -j 3" 0 $Z extract -j 3 --manifest samples/manifest.csv -o "$T/j3.csv"
if cmp -s "$T/j1.csv" "$T/j3.csv"; then ok; else bad "extract -j 3" "differs from -j 1"; fi
run "extract -j 0" 2 $Z extract -j 0 "$T/a.txt"

# ---- records: one document a line, for streaming engines ----
run "records" 0 $Z records --manifest samples/manifest.csv -o "$T/s.rec"
[ "$(wc -l < "$T/s.rec")" -eq "$(($(wc -l < samples/manifest.csv) - 1))" ] && ok ||
	bad records "not one line per document"
run "extract --records" 0 sh -c "$Z extract --records -j 2 - < '$T/s.rec' > '$T/rec.csv'"
if cmp -s "$T/j1.csv" "$T/rec.csv"; then ok; else bad "extract --records" "differs from the files"; fi
printf 'only one field\nX\t2025-13-01\t\ttext\nY\t2025-05-09\t\t一季度,GDP增长4.6%%\n' > "$T/bad.rec"
run "bad records" 1 $Z extract --records --no-header "$T/bad.rec"
has "bad records" "$T/err" "bad.rec:1: error: a record is DOC<TAB>DATE<TAB>REGION<TAB>TEXT; skipped"
has "bad records" "$T/err" "bad.rec:2: error: the date is not a valid YYYY-MM-DD; skipped"
has "bad records" "$T/out" "Y,gdp,growth,4.6,percent,2025-Q1"
hasnt "bad records" "$T/out" "doc,indicator"

# ---- check-rules ----
run "check-rules" 0 $Z check-rules
has "check-rules" "$T/out" "0 failed"
mkdir -p "$T/rules"
cat > "$T/rules/bad.rules" <<'RULES'
macro NUM = \d+
rule growth.bad
  measure: growth
  unit: percent
  pattern: 增长(?<v>%{NUM}%
RULES
run "check-rules paren" 2 $Z check-rules "$T/rules"
has "check-rules paren" "$T/err" "bad.rules:5:"
has "check-rules paren" "$T/err" "missing closing parenthesis"
cat > "$T/rules/bad.rules" <<'RULES'
indicator gdp money = GDP
rule growth.x
  measure: growth
  unit: percent
  pattern: %{IND}增长(?<v>\d+%)
  example: GDP增长5% => gdp growth 6 percent
RULES
run "check-rules example" 2 $Z check-rules "$T/rules"
has "check-rules example" "$T/err" "bad.rules:6: error: example failed"
has "check-rules example" "$T/err" "got: gdp growth 5 percent"

# ---- eval agrees with score.py ----
$Z extract --manifest samples/manifest.csv -o "$T/s.csv" 2>/dev/null
run "eval" 0 $Z eval --indicators rules/../samples/../tests/cli/indicators.csv samples/gold.csv "$T/s.csv"
if [ -f ../shared/tools/score.py ]; then
	python3 ../shared/tools/score.py --indicators tests/cli/indicators.csv samples/gold.csv "$T/s.csv" > "$T/py"
	if cmp -s "$T/out" "$T/py"; then ok; else bad "eval = score.py" "$(diff "$T/out" "$T/py" | head -5)"; fi
fi
run "eval thresholds" 1 $Z eval --min-precision 1.5 samples/gold.csv "$T/s.csv"
run "eval missing" 2 $Z eval samples/gold.csv "$T/none.csv"

# ---- options: --opt value and --opt=value everywhere, errors alike ----
for c in extract records check-rules parse-number eval explain series plot run; do
	run "help $c" 0 $Z $c --help
	has "help $c" "$T/out" "usage: zhibiao $c"
	run "unknown option $c" 2 $Z $c --frobnicate
	has "unknown option $c" "$T/err" "zhibiao: $c: unknown option '--frobnicate'; see zhibiao $c --help"
done
run "extract --opt=value" 0 $Z extract --date=2025-05-09 --region=拱墅区 --output="$T/eq.csv" --jobs=2 "$T/a.txt"
has "extract --opt=value" "$T/eq.csv" "gdp,growth,4.6,percent,2025-Q1,actual,,,拱墅区,1,"
run "extract --rules=" 0 $Z extract --rules=rules --date 2025-05-09 "$T/a.txt"
run "extract -j bad" 2 $Z extract -j x "$T/a.txt"
has "extract -j bad" "$T/err" "zhibiao: extract: -j takes a number of workers, 1 to 256 (not 'x')"
run "extract --jobs=999" 2 $Z extract --jobs=999 "$T/a.txt"
run "extract missing value" 2 $Z extract "$T/a.txt" --manifest
has "extract missing value" "$T/err" "zhibiao: extract: option '--manifest' needs a value; see zhibiao extract --help"
run "extract flag with value" 2 $Z extract --stats=1 "$T/a.txt"
has "extract flag with value" "$T/err" "option '--stats' takes no value"
run "extract -o missing value" 2 $Z extract "$T/a.txt" -o
has "extract -o missing value" "$T/err" "option '-o' needs a value"
run "extract --date=bad" 2 $Z extract --date=2025-13-01 "$T/a.txt"
has "extract --date=bad" "$T/err" "--date '2025-13-01' is not a valid YYYY-MM-DD"
run "records --opt=value" 0 $Z records --manifest=samples/manifest.csv --output="$T/eq.rec"
cmp -s "$T/eq.rec" "$T/s.rec" && ok || bad "records --opt=value" "differs from records --manifest FILE"
run "records --date=" 0 $Z records --date=2025-05-09 --region=西湖区 "$T/a.txt"
has "records --date=" "$T/out" "$T/a.txt	2025-05-09	西湖区	"
run "check-rules --keywords" 0 $Z check-rules --keywords rules
has "check-rules --keywords" "$T/out" "pattern 1:"
run "parse-number --" 0 $Z parse-number -- 3.2万
has "parse-number --" "$T/out" "32000 count"
run "parse-number negative" 0 $Z parse-number -5% 3.2万
printf -- '-5 percent\n32000 count\n' > "$T/want"
cmp -s "$T/out" "$T/want" && ok || bad "parse-number negative" "$(cat "$T/out")"
run "parse-number bad option" 2 $Z parse-number -x 5
has "parse-number bad option" "$T/err" "zhibiao: parse-number: unknown option '-x'"
run "eval --opt=value" 0 $Z eval --show=0 --indicators=tests/cli/indicators.csv --min-precision=0.1 --min-recall=0.1 samples/gold.csv "$T/s.csv"
has "eval --opt=value" "$T/out" "precision="
run "eval --show=-2" 0 $Z eval --show=-2 samples/gold.csv "$T/s.csv"
run "eval --show bad" 2 $Z eval --show 5x samples/gold.csv "$T/s.csv"
has "eval --show bad" "$T/err" "zhibiao: eval: --show takes a number of rows (not '5x')"
run "eval --min-recall bad" 2 $Z eval --min-recall=high samples/gold.csv "$T/s.csv"
has "eval --min-recall bad" "$T/err" "zhibiao: eval: --min-recall takes a number (not 'high')"
run "eval --min-precision nan" 2 $Z eval --min-precision nan samples/gold.csv "$T/s.csv"
run "eval three files" 2 $Z eval samples/gold.csv "$T/s.csv" "$T/s.csv"
has "eval three files" "$T/err" "too many arguments"
run "series --opt=value" 0 $Z series --output="$T/ser" --xlsx="$T/ser.xlsx" --rules=rules "$T/s.csv"
[ -f "$T/ser/series.csv" ] && [ -f "$T/ser.xlsx" ] && ok || bad "series --opt=value" "no series.csv or workbook"
run "series --xlsx=" 2 $Z series -o "$T/ser" --xlsx= "$T/s.csv"
has "series --xlsx=" "$T/err" "--xlsx needs a file name"
run "plot --min-points=bad" 2 $Z plot "$T/ser" --output="$T/ch" --min-points=0
has "plot --min-points=bad" "$T/err" "zhibiao: plot: --min-points takes a number of points (not '0')"
run "plot two folders" 2 $Z plot "$T/ser" "$T/ser" -o "$T/ch"
has "plot two folders" "$T/err" "one series folder only"
run "run --config=" 2 $Z run --config="$T/none.conf"
has "run --config=" "$T/err" "none.conf"
run "run no config" 2 $Z run --config=
has "run no config" "$T/err" "zhibiao: run: no config file (--config FILE); see zhibiao run --help"
run "run argument" 2 $Z run --config "$T/none.conf" extra
has "run argument" "$T/err" "zhibiao: run: unexpected argument 'extra'"

# ---- rules in layers: each --rules adds to the ones before ----
mkdir -p "$T/layer"
printf 'indicator tourism_revenue money = 旅游总收入 | 旅游收入\n' > "$T/layer/names.rules"
printf '2024年,全区实现旅游总收入12.5亿元,增长8.1%%。全区GDP增长4.6%%。\n' > "$T/tour.txt"
run "layers: default only" 0 $Z extract --date 2025-03-01 "$T/tour.txt"
hasnt "layers: default only" "$T/out" "tourism_revenue"
run "layers: indicators only" 0 $Z check-rules "$T/layer"
has "layers: indicators only" "$T/out" "1 indicators, 0 rules"
run "layers: two --rules" 0 $Z extract --rules rules --rules="$T/layer" --date 2025-03-01 "$T/tour.txt"
has "layers: two --rules" "$T/out" "tourism_revenue,level,1250000000,CNY,2024,actual,,,,1,全区实现旅游总收入12.5亿元,level.amount"
has "layers: two --rules" "$T/out" "tourism_revenue,growth,8.1,percent,2024"
has "layers: two --rules" "$T/out" "gdp,growth,4.6,percent,2024"
# a later layer replaces an indicator of the same id: its names go
printf 'indicator gdp money = 经济总盘子\n' > "$T/layer/names.rules"
printf '全区经济总盘子增长5.1%%。全区GDP增长4.6%%。\n' > "$T/repl.txt"
run "layers: replaced" 0 $Z extract --rules rules --rules "$T/layer" --date 2025-03-01 "$T/repl.txt"
has "layers: replaced" "$T/out" "gdp,growth,5.1,percent"
hasnt "layers: replaced" "$T/out" "gdp,growth,4.6,percent"
run "layers: series" 0 $Z series --rules rules --rules "$T/layer" -o "$T/lser" --no-xlsx "$T/s.csv"
run "layers: eval" 0 $Z eval --rules rules --rules "$T/layer" --show 0 samples/gold.csv "$T/s.csv"
# an error in a layer names the file; the message names every layer
printf 'rule x\n  measure: growth\n  unit: percent\n  pattern: %%{IND:moneyy}增长(?<v>\\d+)%%\n' > "$T/layer/bad.rules"
run "layers: unknown kind" 2 $Z extract --rules rules --rules "$T/layer" "$T/repl.txt"
has "layers: unknown kind" "$T/err" "bad.rules:4:12: error: unknown indicator kind 'moneyy' (kinds: "
has "layers: unknown kind" "$T/err" "zhibiao: rules in rules, $T/layer have errors; nothing extracted"
rm "$T/layer/bad.rules"
# check-rules: a layer alone, or over a base whose patterns its examples need
printf 'indicator tourism_revenue money = 旅游总收入\n  example: 全年实现旅游总收入12.5亿元 => tourism_revenue level 1250000000 CNY\n' > "$T/ex.rules"
run "layers: check-rules alone" 2 $Z check-rules "$T/ex.rules"
has "layers: check-rules alone" "$T/err" "ex.rules:2: error: example failed"
run "layers: check-rules over base" 0 $Z check-rules --rules=rules "$T/ex.rules"
has "layers: check-rules over base" "$T/out" "$T/ex.rules: 4 files, "
has "layers: check-rules over base" "$T/out" " examples, 0 failed"
printf 'indicator gdp money = 经济总盘子\nindicator tourism_revenue money = 旅游总收入\n' > "$T/layer/names.rules"
# the run config's rules list: layers too
mkdir -p "$T/job/in"
cp "$T/tour.txt" "$T/job/in/2025-03-01.txt"
printf 'input = in\noutput = out\ncharts = none\nrules = %s/rules, ../layer\n' "$(pwd)" > "$T/job/job.conf"
run "layers: run config" 0 $Z run --config "$T/job/job.conf"
has "layers: run config" "$T/job/out/observations.csv" "tourism_revenue"
hasnt "layers: run config" "$T/job/out/observations.csv" "gdp,growth,4.6"
printf 'input = in\noutput = out\ncharts = none\nrules = %s/rules, ../nowhere\n' "$(pwd)" > "$T/job/job.conf"
run "layers: run missing layer" 2 $Z run --config "$T/job/job.conf"
has "layers: run missing layer" "$T/err" "job.conf:4: error: rules $T/job/../nowhere: No such file or directory"

# ---- eval --by: per indicator and measure, counted as the overall figures ----
# one gdp row of the samples changed (a false positive and a miss)
awk 'BEGIN { FS = OFS = "," } NR > 1 && $2 == "gdp" && $3 == "growth" && !done { $4 = $4 + 50; done = 1 } { print }' "$T/s.csv" > "$T/s1.csv"
run "eval --by indicator" 0 $Z eval --by indicator samples/gold.csv "$T/s1.csv"
has "eval --by indicator" "$T/out" "## by indicator:"
has "eval --by indicator" "$T/out" "  indicator "
# the changed indicator comes first: most errors
sed -n '/^## by indicator/{n;n;p;}' "$T/out" > "$T/first"
has "eval --by first" "$T/first" "  gdp "
grep -E '^  gdp +[0-9]+ +1 +1 +0\.9[0-9]{2} +0\.9[0-9]{2} ' "$T/out" > /dev/null && ok ||
	bad "eval --by gdp" "$(grep '^  gdp ' "$T/out")"
# the summary line is the same as without --by, and last
$Z eval samples/gold.csv "$T/s1.csv" > "$T/plain"
if [ "$(tail -n 1 "$T/out")" = "$(tail -n 1 "$T/plain")" ]; then ok; else
	bad "eval --by summary" "$(tail -n 1 "$T/out") vs $(tail -n 1 "$T/plain")"; fi
# the groups add up to the overall tp, fp and fn
sums=$(awk '/^## by/ { on = 1; next } on && /^  / && $2 ~ /^[0-9]+$/ { tp += $2; fp += $3; fn += $4 } END { printf "tp=%d fp=%d fn=%d", tp, fp, fn }' "$T/out")
case "$(tail -n 1 "$T/out")" in
"$sums "*) ok ;;
*) bad "eval --by sums" "$sums vs $(tail -n 1 "$T/out")" ;;
esac
run "eval --by measure" 0 $Z eval --by measure samples/gold.csv "$T/s1.csv"
has "eval --by measure" "$T/out" "## by measure:"
grep -E '^  growth +[0-9]+ +1 +1 ' "$T/out" > /dev/null && ok ||
	bad "eval --by measure growth" "$(grep '^  growth' "$T/out")"
hasnt "eval --by measure" "$T/out" "  gdp "
run "eval --by bad" 2 $Z eval --by region samples/gold.csv "$T/s1.csv"
has "eval --by bad" "$T/err" "--by takes 'indicator' or 'measure', not 'region'"
# without --by the report is score.py's, unchanged (checked above); no table
$Z eval samples/gold.csv "$T/s1.csv" > "$T/plain"
hasnt "eval without --by" "$T/plain" "## by"

# ---- explain: the pipeline's trace, for rule authors ----
printf '一季度,全区GDP增长4.6%%,较去年同期提高1.4个百分点。\n全区GDP平稳增长。\n全镇有企业40家。\n' > "$T/e.txt"
run "explain" 0 $Z explain --date 2025-05-09 "$T/e.txt"
has "explain" "$T/out" "line 1: 一季度,全区GDP增长4.6%,较去年同期提高1.4个百分点。"
has "explain" "$T/out" "  period in force: 2025-Q1; stated here: \"一季度\" = 2025-Q1"
has "explain" "$T/out" "  names: \"GDP\" = gdp"
has "explain" "$T/out" "  match growth.up ("
has "explain" "$T/out" "\"GDP增长4.6%\", value \"4.6%\""
has "explain" "$T/out" "    row: gdp growth 4.6 percent 2025-Q1 actual"
has "explain" "$T/out" "    row: gdp change 1.4 pp 2025-Q1 actual"
has "explain" "$T/out" "  rows: 2"
has "explain gates" "$T/out" "line 2: 全区GDP平稳增长。"
has "explain gates" "$T/out" "  rules not run: no number in the sentence"
has "explain gates" "$T/out" "  rules not run: no indicator named in the sentence"
has "explain" "$T/out" "date 2025-05-09, 3 sentences shown, 1 went through the rules, 2 rows"
hasnt "explain" "$T/out" "not run: level.amount"
# --verbose: the rules not run and why
run "explain -v" 0 $Z explain -v --date 2025-05-09 "$T/e.txt"
has "explain -v" "$T/out" "  not run: level.amount ("
has "explain -v" "$T/out" "the unit it reads is not written in the sentence (CNY)"
has "explain -v" "$T/out" "none of its necessary literals is in the sentence ("
# one line, and a sentence on standard input
run "explain --line" 0 $Z explain --date 2025-05-09 --line 3 "$T/e.txt"
has "explain --line" "$T/out" "line 3: 全镇有企业40家。"
hasnt "explain --line" "$T/out" "line 1:"
run "explain stdin" 0 sh -c "printf '上半年,全区固定资产投资增长8.2%%。' | $Z explain --date 2025-07-20"
has "explain stdin" "$T/out" "stated here: \"上半年\" = 2025-H1"
has "explain stdin" "$T/out" "row: fixed_asset_investment growth 8.2 percent 2025-H1 actual"
has "explain stdin" "$T/out" "<stdin>: date 2025-07-20"
# drops, with a rule file of the test's own
cat > "$T/e.rules" <<'RULES'
macro NUM = \d+(?:\.\d+)?
scope city = 全市
indicator gdp money = GDP
indicator inv money = 固定资产投资
indicator primary money = 第一产业
rule growth
  measure: growth
  unit: percent
  pattern: %{INDS}(?:分别)?增长(?<v>%{NUM}%(?:、%{NUM}%)*)
rule growth.bare
  measure: growth
  unit: percent
  pattern: 增长(?<v>%{NUM}%)
rule rank
  measure: rank
  unit: rank
  pattern: %{IND}排名(?<v>(?:全市)?第%{NUM})
rule share.misfit
  measure: share
  unit: percent
  pattern: %{IND}占(?<v>%{NUM}亿元)
RULES
printf 'GDP增长5%%,GDP排名第2。\nGDP、固定资产投资分别增长5%%、6%%、7%%。\n增长3%%,GDP待定。\nGDP占5亿元,比重9%%。\nGDP增长5%%。\n' > "$T/d.txt"
run "explain drops" 0 $Z explain --rules "$T/e.rules" --date 2025-05-09 "$T/d.txt"
has "explain claimed" "$T/out" "  match growth.bare ($T/e.rules:10, growth percent): \"增长5%\", value \"5%\""
has "explain claimed" "$T/out" "    dropped: its value was claimed by another match: growth \"GDP增长5%\""
has "explain no scope" "$T/out" "    dropped: a rank without its scope (among whom)"
has "explain lists" "$T/out" "    dropped: the lists of indicators and values differ in length (2 indicators, 3 values)"
has "explain no subject" "$T/out" "    dropped: no indicator in the match nor before it"
has "explain misfit" "$T/out" "    dropped: no number in the value has the rule's unit (percent)"
has "explain duplicate" "$T/out" "    dropped: the same row came earlier in the document: gdp growth 5 percent 2025-Q1 actual"
run "explain no match" 0 sh -c "printf 'GDP占比5%%,约5亿元。' | $Z explain --rules '$T/e.rules' --date 2025-05-09 -"
has "explain no match" "$T/out" "  no rule matched"
has "explain no match" "$T/out" "  ran without a match: share.misfit ($T/e.rules:18)"
# a neighbour of an indicator, and a change against an earlier period
run "explain neighbour base" 0 sh -c "printf '全区人均地区生产总值增长5%%。\nGDP增速比一季度回落0.5个百分点。\n' | $Z explain --date 2025-07-20"
has "explain neighbour" "$T/out" "    dropped: the subject is a neighbour of an indicator, not one (per_capita_gdp)"
has "explain base" "$T/out" "    row: gdp change -0.5 pp 2025-H1 actual base 2025-Q1"
# a document of a manifest, with its date and region (masthead date when the
# manifest gives none)
run "explain --manifest" 0 $Z explain --manifest samples/manifest.csv --line 3 yh04_2024-07_h1_masthead.txt
has "explain --manifest" "$T/out" "samples/yh04_2024-07_h1_masthead.txt: date 2024-07-"
has "explain --manifest" "$T/out" "(found in the text or the file name)"
run "explain --manifest date" 0 $Z explain --manifest samples/manifest.csv yh03_2024-04_q1.txt
has "explain --manifest date" "$T/out" "samples/yh03_2024-04_q1.txt: date 2024-04-25, "
run "explain --manifest unknown" 1 $Z explain --manifest samples/manifest.csv nope.txt
has "explain --manifest unknown" "$T/err" "manifest.csv: error: no document 'nope.txt' in the manifest"
run "explain --manifest no doc" 2 $Z explain --manifest samples/manifest.csv
run "explain --manifest missing" 2 $Z explain --manifest "$T/none.csv" x.txt
# bad uses
run "explain bad line" 1 $Z explain --date 2025-05-09 --line 9 "$T/e.txt"
has "explain bad line" "$T/err" "e.txt:9: error: no sentence on this line"
run "explain bad date" 2 $Z explain --date 2025-13-01 "$T/e.txt"
run "explain two files" 2 $Z explain "$T/e.txt" "$T/d.txt"
run "explain unknown option" 2 $Z explain --frob "$T/e.txt"
run "explain missing" 1 $Z explain "$T/none.txt"
has "explain missing" "$T/err" "none.txt"
printf 'rule x\n  measure: growth\n  unit: percent\n  pattern: (?<v>1\n' > "$T/bad2.rules"
run "explain full disk" 2 sh -c "$Z explain --date 2025-05-09 '$T/e.txt' > /dev/full"
has "explain full disk" "$T/err" "standard output: write error"
run "explain bad rules" 2 $Z explain --rules "$T/bad2.rules" "$T/e.txt"
has "explain bad rules" "$T/err" "bad2.rules:4:"

# ---- extract --unclaimed: figures of sentences that gave no row ----
printf '全区GDP规模约为120亿元,较上年多3个百分点。\n固定资产投资增长5%%。\n第一产业有企业35家,有两个方面。\n全镇有企业40家。\n' > "$T/u.txt"
run "unclaimed" 0 $Z extract --rules "$T/e.rules" --date 2025-05-09 -o "$T/uo.csv" --unclaimed "$T/u.csv" "$T/u.txt"
printf 'doc,line,figure,value,unit,indicators,sentence\n%s,1,120亿元,12000000000,CNY,gdp,"全区GDP规模约为120亿元,较上年多3个百分点。"\n%s,1,3个百分点,3,pp,gdp,"全区GDP规模约为120亿元,较上年多3个百分点。"\n%s,3,35家,35,count,primary,"第一产业有企业35家,有两个方面。"\n' "$T/u.txt" "$T/u.txt" "$T/u.txt" > "$T/uwant"
if cmp -s "$T/u.csv" "$T/uwant"; then ok; else bad "unclaimed rows" "$(diff "$T/u.csv" "$T/uwant")"; fi
has "unclaimed" "$T/uo.csv" ",inv,growth,5,percent"
run "unclaimed stats" 0 $Z extract --rules "$T/e.rules" --stats --date 2025-05-09 -o "$T/uo.csv" --unclaimed "$T/u.csv" "$T/u.txt"
has "unclaimed stats" "$T/err" "unclaimed=3 figures in 2 sentences"
run "stats without unclaimed" 0 $Z extract --stats --date 2025-05-09 -o "$T/uo.csv" "$T/u.txt"
hasnt "stats without unclaimed" "$T/err" "unclaimed="
# in input order with -j 2, the same as with one thread
for i in 1 2 3 4; do cp "$T/u.txt" "$T/dir/u$i.txt"; done
rm -f "$T/dir/3.txt"
run "unclaimed -j 1 dir" 0 $Z extract --rules "$T/e.rules" --date 2025-05-09 -o "$T/j1o.csv" --unclaimed "$T/j1u.csv" "$T/dir"
run "unclaimed -j 2 dir" 0 $Z extract --rules "$T/e.rules" -j 2 --date 2025-05-09 -o "$T/j2o.csv" --unclaimed "$T/j2u.csv" "$T/dir"
if cmp -s "$T/j1u.csv" "$T/j2u.csv" && [ "$(wc -l < "$T/j1u.csv")" -eq 13 ]; then ok; else
	bad "unclaimed -j 2" "$(wc -l < "$T/j1u.csv") lines; $(diff "$T/j1u.csv" "$T/j2u.csv" | head -3)"; fi
run "unclaimed no header" 0 $Z extract --no-header --date 2025-05-09 -o "$T/nh.csv" --unclaimed "$T/nhu.csv" "$T/u.txt"
hasnt "unclaimed no header" "$T/nhu.csv" "doc,line,figure"
# atomic: a failed write leaves both files as they were
echo old > "$T/keep.csv"
run "unclaimed full disk" 2 $Z extract --date 2025-05-09 -o "$T/keep.csv" --unclaimed /dev/full "$T/u.txt"
has "unclaimed full disk" "$T/err" "/dev/full: error: write error"
has "unclaimed full disk" "$T/keep.csv" "old"
echo old > "$T/keepu.csv"
run "unclaimed obs full disk" 2 $Z extract --date 2025-05-09 -o /dev/full --unclaimed "$T/keepu.csv" "$T/u.txt"
has "unclaimed obs full disk" "$T/keepu.csv" "old"
run "unclaimed bad dir" 2 $Z extract --date 2025-05-09 -o "$T/keep.csv" --unclaimed "$T/nodir/u.csv" "$T/u.txt"
has "unclaimed bad dir" "$T/keep.csv" "old"
ls "$T" | grep -q 'tmp' && bad "unclaimed temporaries" "$(ls "$T" | grep tmp)" || ok
run "unclaimed both stdout" 2 $Z extract --date 2025-05-09 --unclaimed - "$T/u.txt"
has "unclaimed both stdout" "$T/err" "--unclaimed - needs -o FILE"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
