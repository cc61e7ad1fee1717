# Shared helpers of the shell test suites (sourced after cd to the repo and
# after setting T, a temporary folder).  Each check prints nothing when it
# passes and "FAIL name: why" when not; finish prints "N passed, N failed".
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# run NAME STATUS CMD...: runs CMD (under $TO when set), stdout to $T/out,
# stderr to $T/err, and checks the exit status.
run() {
	name=$1 want=$2; shift 2
	${TO:-} "$@" > "$T/out" 2> "$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$name" "exit $got, expected $want; stderr: $(head -c 600 "$T/err")"; fi
}
# has NAME FILE TEXT: FILE contains TEXT (a fixed string); hasnt: it does not
has() {
	if grep -qF -- "$3" "$2"; then ok; else
		bad "$1" "$(basename "$2") lacks '$3': $(head -c 400 "$2")"; fi
}
hasnt() {
	if grep -qF -- "$3" "$2"; then bad "$1" "$(basename "$2") has '$3'"; else ok; fi
}
# summary NAME FIELD=VALUE...: the fields of the summary line in $T/out
summary() {
	name=$1; shift
	for kv in "$@"; do
		case " $(cat "$T/out") " in
		*" $kv "*) ok ;;
		*) bad "$name" "summary lacks $kv: $(cat "$T/out")" ;;
		esac
	done
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
