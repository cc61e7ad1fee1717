#!/bin/sh
# make layers: no module of extract/ includes a header of a layer above its
# own.  The layers, lowest first (as LAYERS in the Makefile):
#   base pipeline series plot eval nightly cli
# base sees nothing above it; pipeline never sees series, plot, eval,
# nightly or cli; and so on up.  Ends with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
LAYERS="base pipeline series plot eval nightly cli"
rank() {
	i=0
	for l in $LAYERS; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo -1
}
pass=0 fail=0
for f in extract/*/*.[ch]; do
	own=$(basename "$(dirname "$f")")
	r=$(rank "$own")
	if [ "$r" -lt 0 ]; then
		echo "$f: folder '$own' is not a layer ($LAYERS)"
		fail=$((fail + 1)); continue
	fi
	bad=$(grep -n '^#include "[a-z]*/' "$f" | while IFS= read -r line; do
		inc=${line#*\"}; inc=${inc%%/*}
		ir=$(rank "$inc")
		if [ "$ir" -lt 0 ] || [ "$ir" -gt "$r" ]; then
			echo "$f:${line%%:*}: $own includes $inc/ (${line#*:})"
		fi
	done)
	flat=$(grep -n '^#include "[a-z_0-9]*\.h"' "$f" | grep -v 't2s_table.h')
	[ -n "$flat" ] && bad="$bad${bad:+
}$f: includes that name no layer: $flat"
	if [ -n "$bad" ]; then
		echo "$bad"; fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
