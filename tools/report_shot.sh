#!/bin/sh
# Screenshot of a report page (zhibiao run's output/report/index.html) in
# headless Chromium: tools/report_shot.sh PAGE PNG [WIDTH HEIGHT].
set -e
page=$1 png=$2 w=${3:-1440} h=${4:-1500}
[ -f "$page" ] || { echo "report_shot: $page: no such page (run make demo)" >&2; exit 2; }
command -v chromium > /dev/null || { echo "report_shot: chromium is not installed (make deps)" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
tmp=$png.tmp.png
timeout 120 chromium --headless --no-sandbox --disable-gpu \
	--disable-background-networking --disable-component-update \
	--no-first-run --disable-sync --hide-scrollbars \
	--user-data-dir="$profile" --window-size="$w,$h" \
	--screenshot="$tmp" "file://$abs" > /dev/null 2>&1
[ -s "$tmp" ] || { echo "report_shot: chromium wrote no screenshot" >&2; rm -f "$tmp"; exit 1; }
mv "$tmp" "$png"
echo "wrote $png"
