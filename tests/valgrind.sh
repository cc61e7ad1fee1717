#!/bin/sh
# Memcheck over the main jobs (make valgrind): the seeds extraction (the
# bundled samples when ../shared is absent), the samples on one thread and
# on two, a folder of bad documents, and check-rules.  Any memory error or
# definite/indirect leak makes valgrind exit 3: the run fails.  Prints each
# run's ERROR and LEAK SUMMARY and ends with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

if ! command -v valgrind > /dev/null 2>&1; then
	echo "valgrind: not installed (make deps installs it)"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ ! -x "$Z" ]; then
	echo "valgrind: $Z is not built"
	echo "0 passed, 1 failed"
	exit 1
fi

# PCRE2's JIT code scans ahead of the subject's end with wide loads (never
# across a page) and masks what it read: memcheck, which cannot see into
# generated code, calls that a jump on uninitialised bytes.  Only errors
# whose innermost frame has no object file (the JIT's code) are suppressed;
# with the JIT off (pcre2_jit_compile failing) the same runs are clean.
cat > "$T/jit.supp" <<'EOF'
{
   pcre2-jit-code-reads-ahead-of-the-subject
   Memcheck:Cond
   obj:???
}
EOF

# vg NAME STATUS CMD...: runs CMD under memcheck; passes when CMD exits
# with STATUS (valgrind's own 3 means errors or leaks)
vg() {
	name=$1 want=$2; shift 2
	timeout -k 10 1800 valgrind --leak-check=full --suppressions="$T/jit.supp" \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=3 \
		--log-file="$T/vg.log" "$@" > "$T/out" 2> "$T/err"
	got=$?
	summary=$(grep -o 'ERROR SUMMARY: .*' "$T/vg.log" | tail -n 1)
	leaks=$(grep -oE '(definitely|indirectly|possibly) lost: [0-9,]+ bytes|still reachable: [0-9,]+ bytes|no leaks are possible' "$T/vg.log" | tr '\n' ';' | sed 's/;$//; s/;/, /g')
	if [ "$got" -eq "$want" ] && [ "${summary#ERROR SUMMARY: 0 errors}" != "$summary" ]; then
		pass=$((pass + 1))
		echo "$name: $summary; $leaks"
	else
		fail=$((fail + 1))
		echo "FAIL $name: exit $got, expected $want; $summary; $leaks"
		grep -v '^==[0-9]*== *$' "$T/vg.log" | sed -n '1,80p' | sed 's/^/    /'
		head -c 400 "$T/err" | sed 's/^/    /'
	fi
}

if [ -f ../shared/seeds/manifest.csv ]; then
	vg "seeds extraction" 0 "$Z" extract --manifest ../shared/seeds/manifest.csv -o "$T/seeds.csv"
else
	echo "seeds: ../shared/seeds absent; the samples stand in"
	vg "seeds extraction (samples)" 0 "$Z" extract --manifest samples/manifest.csv -o "$T/seeds.csv"
fi
vg "samples" 0 "$Z" extract --manifest samples/manifest.csv -o "$T/samples.csv"
vg "samples -j 2" 0 "$Z" extract -j 2 --manifest samples/manifest.csv -o "$T/samples2.csv"
if cmp -s "$T/samples.csv" "$T/samples2.csv"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL samples -j 2: output differs from -j 1"; fi

# bad documents among good ones: every refusal path frees what it took
mkdir -p "$T/bad"
cp samples/*.txt "$T/bad/"
printf '第一行。\n增长\3774.6%%。\n' > "$T/bad/badutf8.txt"
printf 'abc\000def\n' > "$T/bad/nul.txt"
printf '\377\376a\000b' > "$T/bad/u16odd.txt"
printf '\377\376a\000\000\330b\000' > "$T/bad/u16sur.txt"
printf 'caf\351\n' > "$T/bad/latin1.txt"
: > "$T/bad/empty.txt"
ln -s nowhere.txt "$T/bad/dangling.txt"
mkdir -p "$T/bad/dir.txt"
vg "bad documents" 1 "$Z" extract --date 2025-05-09 -o "$T/bad.csv" "$T/bad"
vg "bad documents to a full disk" 2 "$Z" extract --date 2025-05-09 -o /dev/full "$T/bad"
printf 'doc,path,date,region\nA,a.txt,2025-05-09,\nB,b.txt,2025-02-30,\n' > "$T/m.csv"
vg "bad manifest" 1 "$Z" extract --manifest "$T/m.csv" -o "$T/m.out"

vg "check-rules" 0 "$Z" check-rules
mkdir -p "$T/rules"
printf 'qualifier >= = 以上\nscope city = 全市\nstatus target = 预期\nindicator gdp money = GDP\nrule a.b\n  measure: growth\n  unit: percent\n  pattern: %%{IND}((?<v>\\d+%%)\n  example: GDP5%% => gdp growth 5 percent\n' > "$T/rules/bad.rules"
vg "check-rules with errors" 2 "$Z" check-rules "$T/rules/bad.rules"
vg "parse-number" 1 "$Z" parse-number 一百五十个百分点 3.2万 １０.５％ 第一 1.08亿元 三成 增长

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
