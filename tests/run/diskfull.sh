#!/bin/sh
# zhibiao run on a full disk: the output folder on a small tmpfs that the
# first run fits and a grown input does not.  The run fails with exit 2,
# names the file and the reason, and leaves the previous outputs whole and
# no temporary file; once the input shrinks again the next run works.
# Needs mount rights (root, or a container that allows it): skips with a
# message where it has none.
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
case $Z in /*) ;; *) Z=$(pwd)/$Z ;; esac
T=$(mktemp -d)
M=$T/mnt
mkdir -p "$M" "$T/in"
cleanup() {
	umount "$M" 2> /dev/null
	rm -rf "$T"
}
trap cleanup EXIT
. tests/lib.sh
TO="timeout 120"
if ! mount -t tmpfs -o size=1m zhibiao-diskfull "$M" 2> "$T/mount.err"; then
	echo "disk-full test: skipped (cannot mount a tmpfs: $(head -c 200 "$T/mount.err"))"
	finish
	exit 0
fi
cp samples/*.txt "$T/in/"
printf 'input = %s\noutput = %s/out\nregion = 运河区\ncharts = none\n' "$T/in" "$M" > "$T/job.conf"
run "disk full: first run fits" 0 "$Z" run --config "$T/job.conf"
cp -a "$M/out" "$T/prev"
# six times the articles: the store and observations.csv outgrow 1 MB
for i in 1 2 3 4 5; do
	mkdir "$T/in/more$i"
	cp samples/*.txt "$T/in/more$i/"
done
run "disk full: fails" 2 "$Z" run --config "$T/job.conf"
has "disk full: says why" "$T/err" "No space left on device"
matches() { if grep -qE -- "$3" "$2"; then ok; else bad "$1" "$(head -c 300 "$2")"; fi; }
matches "disk full: names the file" "$T/err" "zhibiao: $M/out/[^ ]+: "
[ ! -s "$T/out" ] && ok || bad "disk full: no summary" "$(cat "$T/out")"
# the previous outputs, byte for byte (the store may hold new files the
# state does not name yet: they are removed by the next complete run)
for f in observations.csv state.csv indicators.xlsx; do
	cmp -s "$T/prev/$f" "$M/out/$f" && ok || bad "disk full: $f kept" "changed"
done
diff -r "$T/prev/series" "$M/out/series" > "$T/diff" 2>&1 && ok ||
	bad "disk full: series kept" "$(head -c 300 "$T/diff")"
for f in "$T"/prev/store/*; do
	cmp -s "$f" "$M/out/store/$(basename "$f")" || { bad "disk full: store kept" "$(basename "$f")"; break; }
done
ok
left=$(find "$M/out" -name '*.tmp??????' | head -3)
[ -z "$left" ] && ok || bad "disk full: temporaries removed" "$left"
# room again: the job goes on from the previous state
rm -rf "$T"/in/more*
run "disk full: room again" 0 "$Z" run --config "$T/job.conf"
has "disk full: nothing changed" "$T/out" "new=0 changed=0 removed=0 failed=0"
cmp -s "$T/prev/observations.csv" "$M/out/observations.csv" && ok ||
	bad "disk full: same rows" "observations.csv differs"
[ "$(ls "$M/out/store" | wc -l)" -eq "$(ls "$T/prev/store" | wc -l)" ] && ok ||
	bad "disk full: store pruned" "$(ls "$M/out/store" | wc -l) files"
finish
