#!/bin/sh
# make install into a DESTDIR, then the installed binary run from another
# folder: it finds the rules and plots installed beside it (also once the
# installation is moved), never the checkout it was built in; a copy
# without a share folder says where it looked.  Ends "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
unset ZHIBIAO_RULES ZHIBIAO_PLOTS
CHECKOUT=$(pwd)

# the binary under test as it is (make -o: not rebuilt, e.g. make asan's)
run "make install" 0 make -s --no-print-directory -o "$Z" install BIN="$Z" DESTDIR="$T/dest"
I=$T/dest/usr/local/bin/zhibiao
S=$T/dest/usr/local/share/zhibiao
for f in "$I" "$S/rules/10-indicators.rules" "$S/plots/line.gp" \
	 "$T/dest/usr/local/share/man/man1/zhibiao.1"; do
	[ -f "$f" ] && ok || bad "installed" "no $f"
done
[ -x "$I" ] && ok || bad "installed" "$I is not executable"
has "man page" "$T/dest/usr/local/share/man/man1/zhibiao.1" ".SH EXIT STATUS"

# the checkout's binary uses the checkout's folders
run "checkout --version" 0 $Z --version
has "checkout --version" "$T/out" "rules: $CHECKOUT/rules"
has "checkout --version" "$T/out" "plots: $CHECKOUT/plots"

# the installed binary, from elsewhere, uses its own
printf '今年一季度,全区GDP增长4.6%%,较去年同期提高1.4个百分点。\n' > "$T/a.txt"
mkdir -p "$T/elsewhere"
cd "$T/elsewhere" || exit 2
run "installed --version" 0 "$I" --version
has "installed --version" "$T/out" "rules: $S/rules"
has "installed --version" "$T/out" "plots: $S/plots"
hasnt "installed --version" "$T/out" "$CHECKOUT"
run "installed extract" 0 "$I" extract --date 2025-05-09 "$T/a.txt"
has "installed extract" "$T/out" "gdp,growth,4.6,percent,2025-Q1,actual"
run "installed check-rules" 0 "$I" check-rules
has "installed check-rules" "$T/out" "$S/rules: "
has "installed check-rules" "$T/out" " examples, 0 failed"
mkdir -p "$T/job/in"
cp "$T/a.txt" "$T/job/in/a.txt"
printf 'input = in\noutput = out\ncharts = none\n' > "$T/job/job.conf"
run "installed run" 0 "$I" run --config "$T/job/job.conf"
has "installed run" "$T/job/out/observations.csv" "gdp,growth,4.6"

# moved as a whole: still its own folders
mv "$T/dest/usr/local" "$T/moved"
run "moved --version" 0 "$T/moved/bin/zhibiao" --version
has "moved --version" "$T/out" "rules: $T/moved/share/zhibiao/rules"
run "moved extract" 0 "$T/moved/bin/zhibiao" extract --date 2025-05-09 "$T/a.txt"

# a copy without a share folder: a clear error naming where it looked
# (unless this machine has an installation in the default share folder)
mkdir -p "$T/copy/bin"
cp "$T/moved/bin/zhibiao" "$T/copy/bin/zhibiao"
if [ -d /usr/local/share/zhibiao/rules ]; then
	echo "  (skipped: /usr/local/share/zhibiao/rules exists on this machine)"
else
	run "copy extract" 2 "$T/copy/bin/zhibiao" extract --date 2025-05-09 "$T/a.txt"
	has "copy extract" "$T/err" "zhibiao: error: no rules folder found (looked in $T/copy/share/zhibiao/rules, /usr/local/share/zhibiao/rules); give --rules PATH or set ZHIBIAO_RULES"
	hasnt "copy extract" "$T/err" "$CHECKOUT"
	run "copy plot" 2 "$T/copy/bin/zhibiao" plot "$T" -o "$T/charts"
	has "copy plot" "$T/err" "no plots folder found (looked in $T/copy/share/zhibiao/plots"
	run "copy --version" 0 "$T/copy/bin/zhibiao" --version
	has "copy --version" "$T/out" "rules: (none found)"
fi
# ... and given its rules, it works
run "copy --rules" 0 "$T/copy/bin/zhibiao" extract --rules "$T/moved/share/zhibiao/rules" --date 2025-05-09 "$T/a.txt"
has "copy --rules" "$T/out" "gdp,growth,4.6"
ZHIBIAO_RULES=$T/moved/share/zhibiao/rules run "copy ZHIBIAO_RULES" 0 "$T/copy/bin/zhibiao" extract --date 2025-05-09 "$T/a.txt"

cd "$CHECKOUT" || exit 2
# uninstall removes what install put there
run "make install again" 0 make -s --no-print-directory -o "$Z" install BIN="$Z" DESTDIR="$T/d2"
run "make uninstall" 0 make -s --no-print-directory uninstall DESTDIR="$T/d2"
left=$(find "$T/d2" -type f | head -3)
[ -z "$left" ] && ok || bad "make uninstall" "left $left"
finish
