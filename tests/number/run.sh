#!/bin/sh
# The cases of tests/number/numbers.cases through zhibiao parse-number: one
# invocation reads every INPUT (after "--", so -10000 is text), and each
# output line is checked against its case.  Failures name the line of the
# cases file; then the count of cases under each "## " heading, then
# "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
F=tests/number/numbers.cases
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# INPUT, EXPECTED, LINE and HEADING as four files of one line per case
awk -v T="$T" '
	/^## / { h = substr($0, 4); next }
	/^#/ || /^[ \t]*$/ { next }
	{
		i = index($0, " => ")
		if (i == 0) { printf "%s:%d: no \" => \"\n", FILENAME, NR > "/dev/stderr"; bad = 1; next }
		print substr($0, 1, i - 1) > (T "/in")
		print substr($0, i + 4) > (T "/want")
		print NR > (T "/line")
		print h > (T "/heading")
	}
	END { exit bad }' "$F" || { echo "0 passed, 1 failed"; exit 1; }

# one argument per case: read the inputs into "$@"
set --
while IFS= read -r a; do set -- "$@" "$a"; done < "$T/in"
"$Z" parse-number -- "$@" > "$T/got" 2> "$T/err"
rc=$?

paste -d '\t' "$T/line" "$T/heading" "$T/in" "$T/want" "$T/got" | awk -F '\t' -v F="$F" -v rc="$rc" '
	{
		want = $4
		# "error" stands for the error line parse-number prints
		if (want == "error")
			want = "error: not a number: " $3
		n[$2]++
		if (!($2 in order)) { order[$2] = ++nh; name[nh] = $2 }
		if ($5 == want) { pass++ } else {
			fail++
			printf "FAIL %s:%s: %s: expected \"%s\", got \"%s\"\n", F, $1, $3, want, $5
		}
		errors += want ~ /^error: /
	}
	END {
		# exit 1 exactly when some case is not a number
		want_rc = errors ? 1 : 0
		if (rc != want_rc) { fail++; printf "FAIL parse-number exited %d, expected %d\n", rc, want_rc }
		for (k = 1; k <= nh; k++) printf "  %4d  %s\n", n[name[k]], name[k]
		printf "%d passed, %d failed\n", pass, fail
		exit fail > 0
	}'
