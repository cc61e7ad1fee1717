#!/bin/sh
# Fuzzing (make fuzz): builds the libFuzzer targets of tests/fuzz/ with
# clang (ASan and UBSan) into build/fuzz/, replays the reproducers of
# tests/fuzz/regress/, then runs each target for FUZZ_SECONDS (default 60)
# with the dictionary and a copy of its seed corpus.  Prints executions,
# cov and ft (libFuzzer's final stats) per target; a crash, a leak, a
# timeout or UB is a failure, shown with its reproducer.  Ends with
# "N passed, N failed".
#
#   FUZZ_SECONDS=600 FUZZ_TARGETS="fuzz_rules fuzz_extract" sh tests/fuzz/run.sh
#   FUZZ_JOBS=0           only build and replay the regressions
#   FUZZ_BUILD=0          use the binaries already built
#   FUZZ_DIR=/tmp/f       build and work there instead of build/fuzz
#
# Reproducers named regress/TARGET/known-* are bugs reported to the owner
# of the file and not fixed yet: they are replayed and reported as XFAIL
# (not counted) until they stop failing.  While fuzzing, FUZZ_SKIP_KNOWN=1
# (the default) has a target skip inputs that could only find those again
# (see the target's source); FUZZ_SKIP_KNOWN=0 looks for them too.
cd "$(dirname "$0")/../.." || exit 2
CLANG=${CLANG:-clang}
S=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-"fuzz_number fuzz_normalize fuzz_rules fuzz_extract fuzz_table"}
B=${FUZZ_DIR:-build/fuzz}
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

if ! command -v "$CLANG" > /dev/null 2>&1; then
	echo "fuzz: $CLANG not found (clang and libclang-rt-dev are needed)"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ ! -f build/t2s_table.h ]; then
	echo "fuzz: build/t2s_table.h is missing: run make first"
	echo "0 passed, 1 failed"
	exit 1
fi

if [ "${FUZZ_BUILD:-1}" = 0 ]; then
	built=$TARGETS
else
# ---- build: the library (extract/*/*.c but cli/) into an archive, so a
# target links only the modules it uses; then one binary per target ----
mkdir -p "$B/obj" "$B/artifacts"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=c11 -g -O1 -D_XOPEN_SOURCE=700 -DPCRE2_CODE_UNIT_WIDTH=8 -Ibuild -Iextract \
-DZHIBIAO_RULES_DIR=\"$(pwd)/rules\" $(pkg-config --cflags libpcre2-8 2>/dev/null)"
LIBS="$(pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8) -lcsv -lm -pthread"
objs=""
for f in extract/*/*.c; do
	case $f in extract/cli/*) continue ;; esac
	n=$(basename "$f" .c)
	o="$B/obj/$n.o"
	if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ -n "$(find extract -name '*.h' -newer "$o")" ]; then
		# a module that does not compile here (a missing optional
		# library) is left out; the link says if a target needed it
		if ! $CLANG $CFLAGS $(pkg-config --cflags xlsxwriter 2>/dev/null) $SAN \
			-fsanitize=fuzzer-no-link -c -o "$o" "$f" 2> "$B/obj/$n.err"; then
			echo "fuzz: $f does not compile; left out: $(head -c 200 "$B/obj/$n.err")"
			rm -f "$o"
			continue
		fi
	fi
	objs="$objs $o"
done
rm -f "$B/libzhibiao.a"
ar rcs "$B/libzhibiao.a" $objs
built=""
for t in $TARGETS; do
	if $CLANG $CFLAGS $SAN -fsanitize=fuzzer -o "$B/$t" "tests/fuzz/$t.c" \
		"$B/libzhibiao.a" $LIBS 2> "$B/$t.build.log"; then
		built="$built $t"
		ok
	else
		bad "$t build" "$(head -c 600 "$B/$t.build.log")"
	fi
done
fi

# -max_len per target: rule files and articles are longer than numbers
max_len() {
	case $1 in
	fuzz_number) echo 64 ;;
	fuzz_normalize) echo 4096 ;;
	fuzz_rules) echo 4096 ;;
	fuzz_table) echo 2048 ;;
	*) echo 8192 ;;
	esac
}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# ---- the reproducers of bugs found before ----
for t in $built; do
	[ -d "tests/fuzz/regress/$t" ] || continue
	for f in "tests/fuzz/regress/$t"/*; do
		[ -f "$f" ] || continue
		# a known bug may be a hang: give those 5 seconds
		case $(basename "$f") in known-*) to=5 ;; *) to=30 ;; esac
		FUZZ_SKIP_KNOWN=0 timeout -k 5 120 "$B/$t" -timeout=$to "$f" > "$B/$t.replay.log" 2>&1
		rc=$?
		case $(basename "$f") in
		known-*)
			if [ $rc -eq 0 ]; then ok; echo "XPASS $t $f: fixed? rename it without known-"; else
				echo "XFAIL $t $f: a known bug, reported"; fi ;;
		*)
			if [ $rc -eq 0 ]; then ok; else
				bad "$t regression $f" "$(grep -m 3 -E 'ERROR|runtime error|fuzz_|Assertion' "$B/$t.replay.log")"; fi ;;
		esac
	done
done

# ---- fuzzing ----
# one run of target $1 for $2 seconds into $B/$1.log; sets rc, execs,
# cov, ft, repro
fuzz_once() {
	FUZZ_SKIP_KNOWN=${FUZZ_SKIP_KNOWN:-1} timeout -k 10 $(($2 + 120)) "$B/$1" \
		-max_total_time="$2" -timeout=20 -rss_limit_mb=2560 \
		-max_len="$(max_len $1)" -dict=tests/fuzz/zhibiao.dict \
		-print_final_stats=1 -artifact_prefix="$B/artifacts/$1/" \
		"$B/corpus/$1" > "$B/$1.log" 2>&1
	rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$B/$1.log" | grep -o '[0-9]*$')
	last=$(grep -E '^#[0-9]+' "$B/$1.log" | tail -n 1)
	cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*$')
	ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*$')
	repro=$(grep -o "Test unit written to [^ ]*" "$B/$1.log" | sed 's/Test unit written to //' | tail -n 1)
}
# FUZZ_KEEP_GOING=1: after a crash, note it and go on for the rest of the
# time (a long run finds more than the first bug); the default stops
if [ "${FUZZ_JOBS:-1}" != 0 ]; then
	for t in $built; do
		mkdir -p "$B/corpus/$t" "$B/artifacts/$t"
		cp tests/fuzz/corpus/$t/* "$B/corpus/$t/" 2>/dev/null
		start=$(date +%s)
		total=0 crashes=0 left=$S found=""
		while [ "$left" -gt 0 ]; do
			fuzz_once "$t" "$left"
			total=$((total + ${execs:-0}))
			[ $rc -eq 0 ] && break
			crashes=$((crashes + 1))
			why=$(grep -m 1 -E 'ERROR: |runtime error|fuzz_[a-z]*: |libFuzzer: ' "$B/$t.log")
			cp "$B/$t.log" "$B/$t.crash$crashes.log"
			found="$found
  $t crash $crashes: ${why:-see $B/$t.crash$crashes.log}; reproducer: ${repro:-none}"
			[ "${FUZZ_KEEP_GOING:-0}" = 1 ] || break
			left=$((S - ($(date +%s) - start)))
		done
		echo "$t: $(($(date +%s) - start))s execs=$total cov=${cov:-?} ft=${ft:-?} corpus=$(ls "$B/corpus/$t" | wc -l) crashes=$crashes"
		if [ $crashes -eq 0 ]; then ok; else
			bad "$t" "$crashes crash(es), replay with $B/$t REPRODUCER:$found"
		fi
	done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
