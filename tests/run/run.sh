#!/bin/sh
# zhibiao run end to end: the nightly job over a copy of samples/ — first
# run, nothing to do, a changed, a deleted and a bad article, --full against
# the incremental result, the lock, a run killed mid-write, config errors.
# Each check prints nothing when it passes and "FAIL name: why" when not;
# the last line is "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
case $Z in /*) ;; *) Z=$(pwd)/$Z ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
TO="timeout 120"


matches() {
	if grep -qE -- "$3" "$2"; then ok; else
		bad "$1" "$(basename "$2") has no line matching '$3': $(head -c 400 "$2")"; fi
}
empty() {
	if [ -s "$2" ]; then bad "$1" "$(basename "$2") not empty: $(head -c 400 "$2")"; else ok; fi
}
same() {
	if cmp -s "$2" "$3"; then ok; else bad "$1" "$2 and $3 differ"; fi
}
# An .xlsx is a zip: the same entries with the same bytes, except
# docProps/core.xml, which holds the time the workbook was written, and
# the 新增与修订 sheet, which depends on the run before (the shared
# strings are compared as the other sheets use them).
same_xlsx() {
	if python3 tests/xlsx_entries.py "$2" "$3"
	then ok; else bad "$1" "$2 and $3 differ (beyond docProps/core.xml and 新增与修订)"; fi
}
# Two chart folders: the same files with the same bytes, except the
# /CreationDate of PDFs (cairo writes the time).
cat > "$T/charts.py" <<'EOF'
import os, re, sys
a, b = sys.argv[1:3]
fa, fb = sorted(os.listdir(a)), sorted(os.listdir(b))
if fa != fb:
    sys.exit("files differ: %s" % sorted(set(fa) ^ set(fb))[:5])
date = re.compile(rb"/CreationDate \(D:[^)]*\)")
for f in fa:
    x = open(os.path.join(a, f), "rb").read()
    y = open(os.path.join(b, f), "rb").read()
    if f.endswith(".pdf"):
        x, y = date.sub(b"", x), date.sub(b"", y)
    if x != y:
        sys.exit("%s differs" % f)
EOF
same_charts() {
	if python3 "$T/charts.py" "$2" "$3" > "$T/diff" 2>&1; then ok; else
		bad "$1" "$2 and $3: $(cat "$T/diff")"; fi
}
# same_outputs NAME A B: two output folders hold the same results
same_outputs() {
	same "$1 observations.csv" "$2/observations.csv" "$3/observations.csv"
	if diff -r "$2/series" "$3/series" > "$T/diff" 2>&1; then ok; else
		bad "$1 series" "$(head -c 400 "$T/diff")"; fi
	if diff -r "$2/store" "$3/store" > "$T/diff" 2>&1; then ok; else
		bad "$1 store" "$(head -c 400 "$T/diff")"; fi
	if [ -d "$2/charts" ] || [ -d "$3/charts" ]; then
		same_charts "$1 charts" "$2/charts" "$3/charts"
	fi
	same_xlsx "$1 indicators.xlsx" "$2/indicators.xlsx" "$3/indicators.xlsx"
	# the state but for mtimes (0 when a file was too new to trust)
	cut -d, -f1-3,5- "$2/state.csv" > "$T/s1"
	cut -d, -f1-3,5- "$3/state.csv" > "$T/s2"
	same "$1 state.csv" "$T/s1" "$T/s2"
}
rows_of() { grep -c "^$1," "$2"; }

# ---- help and usage ----
run help 0 "$Z" run --help
has help "$T/out" "usage: zhibiao run --config FILE"
run "no config" 2 "$Z" run
has "no config" "$T/err" "no config file"
run "unknown option" 2 "$Z" run --config x.conf --frobnicate
has "unknown option" "$T/err" "unknown option"
run "missing config file" 2 "$Z" run --config "$T/nonexistent.conf"
has "missing config file" "$T/err" "nonexistent.conf: error: cannot read"

# ---- a job over a copy of the samples (a folder) ----
A=$T/job/articles
O=$T/job/out
mkdir -p "$A"
cp samples/*.txt "$A/"
cat > "$T/job/job.conf" <<'EOF'
# the nightly job of the tests
input = articles    # *.txt, recursively
output = out
region = 运河区
charts = none        # drawn below, once: gnuplot takes its time
jobs = 2
EOF
C=$T/job/job.conf
iso='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}'
pattern="^$iso "'zhibiao run: documents=[0-9]+ new=[0-9]+ changed=[0-9]+ removed=[0-9]+ failed=[0-9]+ skipped=[0-9]+ extracted=[0-9]+ rows=[0-9]+ series=[0-9]+ conflicts=[0-9]+ points_new=[0-9]+ points_revised=[0-9]+ points_withdrawn=[0-9]+ charts=[0-9]+ elapsed=[0-9]+\.[0-9]+s$'

run "first run" 0 "$Z" run --config "$C"
summary "first run" documents=11 new=11 changed=0 removed=0 failed=0 extracted=11
matches "summary line" "$T/out" "$pattern"
[ "$(wc -l < "$T/out")" -eq 1 ] && ok || bad "one line" "$(cat "$T/out")"
# quiet on success but for the documents without a date (the samples
# without a manifest: 9 of 11 have no masthead and no date in their name)
grep -v 'warning: no document date' "$T/err" > "$T/err2"
empty "quiet on success" "$T/err2"
[ "$(grep -c 'warning: no document date' "$T/err")" -eq 9 ] && ok ||
	bad "undated warnings" "$(cat "$T/err")"
has "undated named" "$T/err" "yh03_2024-04_q1.txt: warning: no document date"
has "undated: the ways" "$T/err" "give one in the manifest's date column, with --date (extract) or 'date =' (run config), or in the file name (2025-05-09 or 20250509)"
hasnt "masthead dated" "$T/err" "yh04_2024-07_h1_masthead.txt"
for f in observations.csv series/series.csv series/pivot.csv \
	 series/conflicts.csv indicators.xlsx state.csv; do
	[ -s "$O/$f" ] && ok || bad "first run $f" "missing or empty"
done
[ "$(ls "$O/store" | grep -c '^[0-9a-f]\{16\}\.csv$')" -eq 11 ] && ok ||
	bad "store" "$(ls "$O/store")"
head -n 2 "$O/state.csv" > "$T/head"
matches "state magic" "$T/head" '^# zhibiao run state 1: settings=[0-9a-f]{16} rows=[0-9]+ series=[0-9]+ conflicts=[0-9]+ charts=[0-9]+$'
has "state columns" "$T/head" "path,doc,size,mtime,hash,store,rows,stale"
matches "state row" "$O/state.csv" '^yh03_2024-04_q1.txt,yh03_2024-04_q1.txt,[0-9]+,[0-9.]+,[0-9a-f]{16},[0-9a-f]{16},[0-9]+,0$'
rows=$(($(wc -l < "$O/observations.csv") - 1))
summary "rows" "rows=$rows"
# the observations are those of zhibiao extract over the same folder
(cd "$A" && $TO "$Z" extract --region 运河区 . > "$T/ext.csv" 2> /dev/null)
sed 's|^\./||' "$T/ext.csv" > "$T/ext2.csv"
same "same as extract" "$T/ext2.csv" "$O/observations.csv"
cp -a "$O" "$T/snap1"

run "second run" 0 "$Z" run --config "$C"
summary "second run" documents=11 new=0 changed=0 removed=0 failed=0 extracted=0 "rows=$rows"
empty "second run quiet" "$T/err"
for f in observations.csv indicators.xlsx series/series.csv series/pivot.csv; do
	same "second run leaves $f" "$O/$f" "$T/snap1/$f"
done
if diff -r "$O/series" "$T/snap1/series" > /dev/null; then ok; else bad "second run series" "changed"; fi

# touched, same bytes: read again, not extracted
touch -d '2001-01-01' "$A/yh05_2024-10_q3_trad.txt"
run "touched" 0 "$Z" run --config "$C"
summary "touched" new=0 changed=0 extracted=0
same "touched leaves observations" "$O/observations.csv" "$T/snap1/observations.csv"

# a stale temporary file of a killed run is removed
: > "$O/observations.csv.tmpAbC123"
: > "$O/store/0123456789abcdef.csv.tmpXyZ987"

# new content in one article: only it is extracted, its rows replaced
cp "$A/yh08_2025-04_q1.txt" "$A/yh03_2024-04_q1.txt"
run "changed" 0 "$Z" run --config "$C"
summary "changed" documents=11 new=0 changed=1 removed=0 failed=0 extracted=1
grep '^yh08_2025-04_q1.txt,' "$O/observations.csv" |
	sed 's/^yh08_2025-04_q1.txt,/yh03_2024-04_q1.txt,/' > "$T/want"
grep '^yh03_2024-04_q1.txt,' "$O/observations.csv" > "$T/got"
[ -s "$T/want" ] && same "changed rows replaced" "$T/want" "$T/got"
grep -v '^yh03_2024-04_q1.txt,' "$O/observations.csv" > "$T/got"
grep -v '^yh03_2024-04_q1.txt,' "$T/snap1/observations.csv" > "$T/want"
same "other rows kept" "$T/want" "$T/got"
[ ! -e "$O/observations.csv.tmpAbC123" ] && [ ! -e "$O/store/0123456789abcdef.csv.tmpXyZ987" ] &&
	ok || bad "stale temporary files" "$(ls -a "$O" "$O/store" | grep tmp)"
[ "$(ls "$O/store" | wc -l)" -eq 11 ] && ok || bad "old store file removed" "$(ls "$O/store" | wc -l) files"

# a deleted article: its rows go away
rm "$A/dt02_2025-01_annual.txt"
run "deleted" 0 "$Z" run --config "$C"
summary "deleted" documents=10 new=0 changed=0 removed=1 failed=0 extracted=0
[ "$(rows_of dt02_2025-01_annual.txt "$O/observations.csv")" -eq 0 ] && ok ||
	bad "deleted rows" "still in observations.csv"
hasnt "deleted from state" "$O/state.csv" "dt02_2025-01_annual.txt"
hasnt "deleted from series" "$O/series/series.csv" "dt02_2025-01_annual.txt"
[ "$(ls "$O/store" | wc -l)" -eq 10 ] && ok || bad "deleted store file" "$(ls "$O/store" | wc -l) files"

# an article that is not text (invalid UTF-8): reported, the rest done,
# tried again next run
cp -a "$O" "$T/snap2"
printf '2025年一季度\200\201地区生产总值增长5%%。\n' > "$A/zz_bad.txt"
mkdir -p "$A/2025"
cp samples/yh09_2025-07_h1_gb18030.txt "$A/2025/new.txt"
run "bad article" 1 "$Z" run --config "$C"
summary "bad article" documents=12 new=1 changed=0 removed=0 failed=1 extracted=1
matches "bad article reported" "$T/err" 'zz_bad\.txt:.*error: .*skipped'
[ "$(grep -v 'warning: no document date' "$T/err" | grep -c .)" -eq 1 ] && ok ||
	bad "one message" "$(cat "$T/err")"
hasnt "bad article not in state" "$O/state.csv" "zz_bad.txt"
has "new article in a subfolder" "$O/state.csv" "2025/new.txt,2025/new.txt,"
grep -v '^2025/new.txt,' "$O/observations.csv" > "$T/got"
same "others fine" "$T/snap2/observations.csv" "$T/got"
[ "$(rows_of 2025/new.txt "$O/observations.csv")" -gt 0 ] && ok || bad "new article rows" "none"
run "bad article again" 1 "$Z" run --config "$C"
summary "bad article again" new=0 failed=1 extracted=0
has "retried" "$T/err" "zz_bad.txt"
cp samples/yh01_2024-01_fgj_1-11.txt "$A/zz_bad.txt"
run "bad article fixed" 0 "$Z" run --config "$C"
summary "bad article fixed" documents=12 new=1 failed=0 extracted=1
[ "$(rows_of zz_bad.txt "$O/observations.csv")" -gt 0 ] && ok || bad "fixed rows" "none"

# ---- published figures are kept ----
# a document that read well goes bad: its rows stay (stale) until it reads
# again, a warning names it, the state marks it
cp -a "$O" "$T/snap3"
cp "$A/yh06_2025-01_annual.txt" "$T/yh06.keep"
n06=$(rows_of yh06_2025-01_annual.txt "$O/observations.csv")
printf '\200\201' >> "$A/yh06_2025-01_annual.txt"
run "gone bad" 1 "$Z" run --config "$C"
summary "gone bad" documents=12 new=0 changed=0 removed=0 failed=1 extracted=0 "rows=$(($(wc -l < "$T/snap3/observations.csv") - 1))"
matches "gone bad: error" "$T/err" 'yh06_2025-01_annual\.txt:.*error: .*skipped'
# the log: every line starts with its time
if grep -qvE "^$iso zhibiao: " "$T/err"; then bad "log times" "$(grep -vE "^$iso " "$T/err" | head -3)"; else ok; fi
matches "gone bad: warning" "$T/err" "yh06_2025-01_annual\.txt: warning: its $n06 rows of the last good read are kept \(stale\)"
same "gone bad: rows kept" "$T/snap3/observations.csv" "$O/observations.csv"
matches "gone bad: stale in the state" "$O/state.csv" '^yh06_2025-01_annual\.txt,yh06_2025-01_annual\.txt,[0-9]+,0,[0-9a-f]{16},[0-9a-f]{16},[0-9]+,1$'
matches "others not stale" "$O/state.csv" '^yh08_2025-04_q1\.txt,.*,0$'
run "still bad" 1 "$Z" run --config "$C"
summary "still bad" failed=1 removed=0
same "still bad: rows kept" "$T/snap3/observations.csv" "$O/observations.csv"
cp "$T/yh06.keep" "$A/yh06_2025-01_annual.txt"
run "reads again" 0 "$Z" run --config "$C"
summary "reads again" documents=12 new=0 changed=0 removed=0 failed=0
matches "reads again: not stale" "$O/state.csv" '^yh06_2025-01_annual\.txt,.*,0$'
same "reads again: rows" "$T/snap3/observations.csv" "$O/observations.csv"

# ---- folder input: *.txt in any case; other files counted as skipped ----
cp samples/yh02_2024-02_gov_report.txt "$A/upper.TXT"
printf 'not an article\n' > "$A/notes.md"
cp samples/manifest.csv "$A/list.csv"
run "skipped" 0 "$Z" run --config "$C"
summary "skipped" documents=13 new=1 skipped=2
has "b.TXT is a document" "$O/state.csv" "upper.TXT,upper.TXT,"
rm "$A/upper.TXT" "$A/notes.md" "$A/list.csv"
run "skipped gone" 0 "$Z" run --config "$C"
summary "skipped gone" documents=12 removed=1 skipped=0

# ---- --full gives the same outputs as the incremental runs ----
cp -a "$O" "$T/incr"
run "full" 0 "$Z" run --config "$C" --full
summary "full" documents=12 new=0 changed=0 removed=0 failed=0 extracted=12
same_outputs "full = incremental" "$T/incr" "$O"
# and as a first run into an empty folder, with one worker
sed 's/^jobs = 2/jobs = 1/; s/^output = out/output = fresh/' "$C" > "$T/job/fresh.conf"
run "fresh" 0 "$Z" run --config "$T/job/fresh.conf"
same_outputs "fresh = incremental" "$T/incr" "$T/job/fresh"

# ---- new rules: everything is extracted again ----
cp -r rules "$T/job/rules"
for f in "$T"/job/rules/*.rules; do echo '# changed' >> "$f"; break; done
printf 'rules = rules\n' >> "$C"
run "new rules" 0 "$Z" run --config "$C"
summary "new rules" documents=12 new=0 changed=12 extracted=12
same "new rules, same rows" "$T/incr/observations.csv" "$O/observations.csv"

# ---- a manifest: the same rows as zhibiao extract --manifest ----
mkdir -p "$T/man/s"
cp samples/*.txt samples/manifest.csv "$T/man/s/"
printf 'manifest = s/manifest.csv\noutput = out\njobs = 3\ncharts = none\n' > "$T/man/job.conf"
run "manifest" 0 "$Z" run --config "$T/man/job.conf"
summary "manifest" documents=11 new=11 failed=0 charts=0
$TO "$Z" extract --manifest samples/manifest.csv -o "$T/man/ext.csv"
same "manifest = extract" "$T/man/ext.csv" "$T/man/out/observations.csv"
# a manifest as Excel saves it (GBK, dates 2024/1/8 and 2024年2月26日, an
# absolute path): the same rows
mkdir -p "$T/xl/s"
cp samples/*.txt "$T/xl/s/"
sed -E 's#,([0-9]{4})-0?([0-9]+)-0?([0-9]+),#,\1/\2/\3,#' samples/manifest.csv |
	sed -E '3s#,([0-9]{4})/([0-9]+)/([0-9]+),#,\1年\2月\3日,#' |
	sed "4s#,yh03_2024-04_q1.txt,#,$T/xl/s/yh03_2024-04_q1.txt,#" |
	iconv -f UTF-8 -t GBK > "$T/xl/s/manifest.csv"
printf 'manifest = s/manifest.csv\noutput = out\ncharts = none\n' > "$T/xl/job.conf"
run "manifest: Excel" 0 "$Z" run --config "$T/xl/job.conf"
summary "manifest: Excel" documents=11 new=11 failed=0
same "manifest: Excel = UTF-8" "$T/man/ext.csv" "$T/xl/out/observations.csv"
if diff -r "$T/man/out/series" "$T/xl/out/series" > "$T/diff" 2>&1; then ok; else
	bad "manifest: Excel series" "$(head -c 400 "$T/diff")"; fi
# a bad manifest row fails that document only
printf 'bad_doc,nonexistent.txt,2025-01-01,运河区\n' >> "$T/man/s/manifest.csv"
run "manifest bad row" 1 "$Z" run --config "$T/man/job.conf"
summary "manifest bad row" documents=12 new=0 failed=1
has "manifest bad row" "$T/err" "manifest.csv:13: error: path does not exist"
# a missing article file still listed keeps its rows (stale), counted
# failed; only when its line leaves the manifest are they withdrawn
nman=$(rows_of yh03_2024-04_q1.txt "$T/man/out/observations.csv")
mv "$T/man/s/yh03_2024-04_q1.txt" "$T/man/yh03.keep"
run "manifest: file gone" 1 "$Z" run --config "$T/man/job.conf"
summary "manifest: file gone" documents=12 failed=2 removed=0
has "manifest: file gone named" "$T/err" "path does not exist (doc yh03_2024-04_q1.txt"
has "manifest: file gone stale" "$T/err" "yh03_2024-04_q1.txt: warning: its $nman rows of the last good read are kept (stale)"
[ "$(rows_of yh03_2024-04_q1.txt "$T/man/out/observations.csv")" -eq "$nman" ] && ok ||
	bad "manifest: file gone rows" "not kept"
grep -v '^yh03_2024-04_q1.txt,' "$T/man/s/manifest.csv" > "$T/man/m2" && mv "$T/man/m2" "$T/man/s/manifest.csv"
run "manifest: line removed" 1 "$Z" run --config "$T/man/job.conf"
summary "manifest: line removed" documents=11 failed=1 removed=1
[ "$(rows_of yh03_2024-04_q1.txt "$T/man/out/observations.csv")" -eq 0 ] && ok ||
	bad "manifest: line removed rows" "still there"
hasnt "manifest: line removed state" "$T/man/out/state.csv" "yh03_2024-04_q1.txt"

# ---- cron from another folder: paths are relative to the config ----
(cd / && $TO "$Z" run --config "$C") > "$T/out" 2> "$T/err"
[ $? -eq 0 ] && ok || bad "from /" "$(cat "$T/err")"
summary "from /" new=0 changed=0 extracted=0

# ---- dates: the file name, the config's date, a warning otherwise ----
D=$T/dates
mkdir -p "$D/in"
printf '一季度全区地区生产总值同比增长5.2%%。\n' > "$D/in/report_20250509.txt"
printf '一季度全区地区生产总值同比增长5.2%%。\n' > "$D/in/report-2024-05-09.txt"
printf '一季度全区地区生产总值同比增长5.2%%。\n' > "$D/in/undated.txt"
printf 'input = in\noutput = out\ncharts = none\n' > "$D/job.conf"
run "dates" 0 "$Z" run --config "$D/job.conf"
has "date from the name" "$D/out/observations.csv" "report_20250509.txt,gdp,growth,5.2,percent,2025-Q1,"
has "date from the name, dashes" "$D/out/observations.csv" "report-2024-05-09.txt,gdp,growth,5.2,percent,2024-Q1,"
has "undated: no period" "$D/out/observations.csv" "undated.txt,gdp,growth,5.2,percent,,"
has "undated warned" "$T/err" "undated.txt: warning: no document date"
[ "$(grep -c 'warning' "$T/err")" -eq 1 ] && ok || bad "only the undated warned" "$(cat "$T/err")"
printf 'date = 2023年5月9日\n' >> "$D/job.conf"
run "config date" 0 "$Z" run --config "$D/job.conf"
summary "config date" changed=3 extracted=3
has "config date used" "$D/out/observations.csv" "undated.txt,gdp,growth,5.2,percent,2023-Q1,"
has "config date before the name" "$D/out/observations.csv" "report_20250509.txt,gdp,growth,5.2,percent,2023-Q1,"
empty "config date: no warning" "$T/err"
printf 'input = in\noutput = out\ndate = 2023-02-30\n' > "$D/bad.conf"
run "config bad date" 2 "$Z" run --config "$D/bad.conf"
has "config bad date" "$T/err" "bad.conf:3: error: date must be a date such as 2025-05-09"

# ---- the lock ----
(flock "$O/.lock" sleep 3) &
holder=$!
i=0
while flock -n "$O/.lock" true 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
run "no-wait" 2 "$Z" run --config "$C" --no-wait
has "no-wait message" "$T/err" "another run is working on"
has "no-wait names the lock" "$T/err" ".lock"
empty "no-wait no summary" "$T/out"
start=$(date +%s)
run "wait" 0 "$Z" run --config "$C" --wait
end=$(date +%s)
[ $((end - start)) -ge 1 ] && ok || bad "wait" "did not wait for the lock ($((end - start))s)"
wait $holder

# ---- a progress bar only on a terminal ----
if command -v script > /dev/null; then
	$TO script -qec "$Z run --config $C --full" /dev/null > "$T/tty" 2>&1
	if grep -q "failed to create pseudo-terminal" "$T/tty"; then
		echo "run: no pseudo-terminal here (no devpts); the progress bar check is skipped"
	else
		has "progress on a terminal" "$T/tty" "12/12 documents"
	fi
else
	ok
fi

# ---- killed mid-write: the previous outputs stay whole ----
K=$T/kill
mkdir -p "$K/in"
cp samples/*.txt "$K/in/"
printf 'input = in\noutput = out\nregion = 运河区\njobs = 2\ncharts = gdp\n' > "$K/job.conf"
run "kill: first" 0 "$Z" run --config "$K/job.conf"
cp -a "$K/out" "$K/prev"
i=0
while [ $i -lt 120 ]; do
	mkdir "$K/in/c$i"
	cp samples/*.txt "$K/in/c$i/"
	i=$((i + 1))
done
# the reference: the same job run to its end elsewhere
sed 's/^output = out/output = ref/' "$K/job.conf" > "$K/ref.conf"
run "kill: reference" 0 "$Z" run --config "$K/ref.conf"
# either the previous version or the complete new one, never a torso
# (state.csv records a document's mtime only once it is older than the
# run's start, else 0, so that a change within that second is read again:
# which one a complete run writes depends on timing, not on the kill, so
# that column is left out of the comparison)
same() {
	case $3 in
	state.csv) python3 -c '
import csv, sys
def rows(p):
    with open(p, newline="", encoding="utf-8") as f:
        return [r[:3] + r[4:] if len(r) > 4 else r for r in csv.reader(f)]
sys.exit(0 if rows(sys.argv[1]) == rows(sys.argv[2]) else 1)' "$1" "$2" ;;
	*) cmp -s "$1" "$2" ;;
	esac
}
whole() {
	name=$1 f=$2
	if [ ! -e "$K/out/$f" ]; then bad "$name $f" "missing"
	elif same "$K/out/$f" "$K/prev/$f" "$f" || same "$K/out/$f" "$K/ref/$f" "$f"; then ok
	else bad "$name $f" "neither the previous nor the new version"; fi
}
# killed at NAME: the signal once COND (a shell test) holds, or when the
# run ends first
inode() { stat -c %i "$1" 2>/dev/null; }
killed() {
	name=$1 sig=$2 cond=$3
	# every attempt starts from the previous outputs
	rm -rf "$K/out"
	cp -a "$K/prev" "$K/out"
	obs_ino=$(inode "$K/out/observations.csv")
	ser_ino=$(inode "$K/out/series/series.csv")
	"$Z" run --config "$K/job.conf" > /dev/null 2>&1 &
	pid=$!
	i=0
	while kill -0 $pid 2>/dev/null && ! eval "$cond" && [ $i -lt 3000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	kill -"$sig" $pid 2>/dev/null
	wait $pid 2>/dev/null
	n="killed ($sig) $name:"
	for f in observations.csv state.csv series/series.csv series/pivot.csv \
		 series/conflicts.csv; do
		whole "$n" $f
	done
	python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).testzip()' \
		"$K/out/indicators.xlsx" 2>/dev/null && ok || bad "$n xlsx" "does not open"
	# the charts: the whole previous set or the whole new one
	if python3 "$T/charts.py" "$K/prev/charts" "$K/out/charts" > /dev/null 2>&1 ||
	   python3 "$T/charts.py" "$K/ref/charts" "$K/out/charts" > /dev/null 2>&1; then ok
	else bad "$n charts" "neither the previous set nor the new one"; fi
	# gnuplot may outlive a killed run: let it end before the next
	i=0
	while pgrep -f "$K/out" > /dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	# every store file is one of a complete run
	torso=$(python3 - "$K" <<'EOF'
import os, sys
k = sys.argv[1]
def read(p):
    try:
        return open(p, "rb").read()
    except OSError:
        return None
for f in sorted(f for f in os.listdir(k + "/out/store") if f.endswith(".csv")):
    b = read(k + "/out/store/" + f)
    if b != read(k + "/prev/store/" + f) and b != read(k + "/ref/store/" + f):
        print(f)
EOF
)
	[ -z "$torso" ] && ok || bad "$n store" "torsos: $torso"
}
half=$(( $(ls "$K/ref/store" | wc -l) / 2 ))
killed "while starting" KILL 'sleep 0.1; true'
killed "while extracting" KILL '[ "$(ls "$K/out/store" | wc -l)" -ge $half ]'
killed "while extracting" TERM '[ "$(ls "$K/out/store" | wc -l)" -ge $half ]'
killed "writing observations.csv" KILL 'ls "$K"/out/observations.csv.tmp* > /dev/null 2>&1'
killed "building the series" KILL '[ "$(inode "$K/out/observations.csv")" != "$obs_ino" ]'
killed "after series.csv" KILL '[ "$(inode "$K/out/series/series.csv")" != "$ser_ino" ]'
killed "drawing the charts" KILL 'ls -d "$K"/out/.charts.tmp* > /dev/null 2>&1'
# not killed: a run from the previous outputs that ends writes the new
# version (its state.csv may hold mtimes where the reference's has 0: it
# runs later after the copies)
killed "never (it ends)" KILL 'false'
run "kill: afterwards" 0 "$Z" run --config "$K/job.conf"
same_outputs "kill: afterwards" "$K/ref" "$K/out"
left=$(find "$K/out" -name '*.tmp??????' | head -3)
[ -z "$left" ] && ok || bad "kill: temporary files" "$left"

# ---- charts ----
H=$T/charts
mkdir -p "$H/s"
cp samples/*.txt samples/manifest.csv "$H/s/"
printf 'manifest = s/manifest.csv\noutput = out\ncharts = gdp\njobs = 2\n' > "$H/job.conf"
run "charts" 0 "$Z" run --config "$H/job.conf"
matches "charts drawn" "$T/out" ' charts=[1-9][0-9]* '
empty "charts quiet" "$T/err"
for ext in png svg pdf; do
	ls "$H"/out/charts/gdp-*."$ext" > /dev/null 2>&1 && ok || bad "charts $ext" "no gdp-*.$ext"
done
[ -s "$H/out/charts/index.csv" ] && ok || bad "charts index" "no index.csv"
others=$(ls "$H/out/charts" | grep -v -e '^gdp-' -e '^index.csv$' | head -3)
[ -z "$others" ] && ok || bad "charts = gdp only" "$others"
n=$(ls "$H"/out/charts/*.png | wc -l)
summary "one chart, three files" "charts=$n"
cp -a "$H/out" "$H/prev"
run "charts: nothing new" 0 "$Z" run --config "$H/job.conf"
summary "charts: nothing new" "charts=$n" extracted=0
if diff -r "$H/prev/charts" "$H/out/charts" > /dev/null; then ok; else
	bad "charts: nothing new" "charts drawn again"; fi
run "charts: full" 0 "$Z" run --config "$H/job.conf" --full
same_outputs "charts: full = incremental" "$H/prev" "$H/out"
# gnuplot missing: reported, the rest written, drawn next run
run "no gnuplot" 2 env PATH=/nonexistent "$Z" run --config "$H/job.conf" --full
has "no gnuplot" "$T/err" "gnuplot is not installed"
summary "no gnuplot" charts=0 failed=0
same_charts "no gnuplot keeps the charts" "$H/prev/charts" "$H/out/charts"
run "gnuplot back" 0 "$Z" run --config "$H/job.conf"
summary "gnuplot back" "charts=$n" extracted=0
# another chart list: drawn again, stale charts gone
sed -i 's/^charts = gdp/charts = cpi/' "$H/job.conf"
run "other charts" 0 "$Z" run --config "$H/job.conf"
ls "$H"/out/charts/cpi-*.png > /dev/null 2>&1 && ok || bad "other charts" "no cpi chart"
ls "$H"/out/charts/gdp-*.png > /dev/null 2>&1 && bad "other charts" "gdp charts left" || ok

# ---- config errors: exit 2 with file:line ----
E=$T/conf
mkdir -p "$E/in"
cfg() { printf "$2" > "$E/$1.conf"; }
cfg unknown 'input = in\noutput = out\nfrobnicate = 1\n'
run "unknown key" 2 "$Z" run --config "$E/unknown.conf"
has "unknown key" "$T/err" "unknown.conf:3: error: unknown key 'frobnicate'"
matches "config errors logged with the time" "$T/err" "^$iso zhibiao: .*unknown.conf:3: error"
cfg missing 'input = nowhere\noutput = out\n'
run "missing input folder" 2 "$Z" run --config "$E/missing.conf"
has "missing input folder" "$T/err" "missing.conf:1: error: input folder"
has "missing input folder why" "$T/err" "No such file or directory"
[ ! -e "$E/out" ] && ok || bad "missing input folder" "created the output"
cfg noinput '# no input\noutput = out\n\n'
run "no input key" 2 "$Z" run --config "$E/noinput.conf"
has "no input key" "$T/err" "noinput.conf:3: error: no input"
cfg jobs0 'input = in\njobs = 0\noutput = out\n'
run "jobs 0" 2 "$Z" run --config "$E/jobs0.conf"
has "jobs 0" "$T/err" "jobs0.conf:2: error: jobs must be a number from 1 to 256"
cfg jobsx 'input = in\noutput = out\njobs = many\n'
run "jobs many" 2 "$Z" run --config "$E/jobsx.conf"
has "jobs many" "$T/err" "jobsx.conf:3: error: jobs must be"
cfg noeq 'input = in\noutput out\n'
run "no =" 2 "$Z" run --config "$E/noeq.conf"
has "no =" "$T/err" "noeq.conf:2: error: expected 'key = value'"
cfg twice 'input = in\noutput = out\ninput = in\n'
run "twice" 2 "$Z" run --config "$E/twice.conf"
has "twice" "$T/err" "twice.conf:3: error: 'input' is set twice (first on line 1)"
cfg chart 'input = in\noutput = out\ncharts = gdp no_such_indicator\n'
run "unknown chart" 2 "$Z" run --config "$E/chart.conf"
has "unknown chart" "$T/err" "chart.conf:3: error: charts: 'no_such_indicator' is not an indicator"
cfg plots 'input = in\noutput = out\nplots = noplots\n'
run "plots missing" 2 "$Z" run --config "$E/plots.conf"
has "plots missing" "$T/err" "plots.conf:3: error: plots"
cfg both 'input = in\nmanifest = m.csv\noutput = out\n'
run "input and manifest" 2 "$Z" run --config "$E/both.conf"
has "input and manifest" "$T/err" "both.conf:2: error: both 'input'"
cfg several 'input = in\nfoo = 1\njobs = -3\n'
run "every error" 2 "$Z" run --config "$E/several.conf"
[ "$(grep -c 'several.conf:[0-9]*: error' "$T/err")" -eq 3 ] && ok ||
	bad "every error" "$(cat "$T/err")"
mkdir -p "$E/badrules"
printf 'rule broken\n  pattern: (\n' > "$E/badrules/x.rules"
cfg rules 'input = in\noutput = out\nrules = badrules\n'
run "rule error" 2 "$Z" run --config "$E/rules.conf"
has "rule error" "$T/err" "x.rules:"

# ---- the bundled example, in a copy of the checkout ----
mkdir -p "$T/repo"
cp -r samples rules plots "$T/repo/"
# as shipped but for the charts: all of them take half a minute
sed -i 's/^charts = all$/charts = gdp/' "$T/repo/samples/report.conf"
run "samples/report.conf" 0 "$Z" run --config "$T/repo/samples/report.conf"
summary "samples/report.conf" documents=11 new=11 failed=0
for f in observations.csv series/series.csv indicators.xlsx charts/index.csv; do
	[ -s "$T/repo/output/$f" ] && ok || bad "samples/report.conf $f" "missing"
done
same "samples/report.conf = extract" "$T/man/ext.csv" "$T/repo/output/observations.csv"

# ---- a withdrawn figure with a number format of its own (≤3%, the only
# "<=" of the samples): the incremental workbook lists it in 新增与修订,
# which adds a format to xl/styles.xml; the other sheets equal a fresh run
W="$T/withdrawn"
mkdir -p "$W/in"
cp samples/*.txt "$W/in/"
printf 'input = in\noutput = out\nregion = 运河区\ncharts = none\n' > "$W/job.conf"
printf 'input = in\noutput = fresh\nregion = 运河区\ncharts = none\n' > "$W/fresh.conf"
run "withdrawn <=: first" 0 "$Z" run --config "$W/job.conf"
rm "$W/in/yh02_2024-02_gov_report.txt"
run "withdrawn <=: incremental" 0 "$Z" run --config "$W/job.conf"
matches "withdrawn <=: listed" "$W/out/changes.csv" '^withdrawn,.*,<=,'
run "withdrawn <=: fresh" 0 "$Z" run --config "$W/fresh.conf" --full
same_xlsx "withdrawn <=: workbook = fresh" "$W/out/indicators.xlsx" "$W/fresh/indicators.xlsx"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
