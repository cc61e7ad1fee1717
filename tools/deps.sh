#!/bin/sh
# Installs the Debian packages zhibiao needs that are missing; does nothing
# when all are present.  Uses sudo when not root.
set -e
# build: compiler, PCRE2, libcsv, OpenCC (t2s table), libxlsxwriter (workbooks,
#        which links zlib but does not depend on its -dev package)
# run:   gnuplot with cairo (charts) and a CJK font found through fontconfig
# tests: python3 (score.py), pcre2-utils (benchmark floor), GNU parallel
#        (sharded runs), GNU time (peak memory), valgrind, LibreOffice Calc and poppler (the
#        workbook printed to PDF and read back), python3-distributed (the
#        Dask test), chromium (the report page rendered headless)
PKGS="gcc make pkg-config libpcre2-dev libcsv-dev libopencc-dev opencc
libxlsxwriter-dev zlib1g-dev gnuplot-nox fonts-noto-cjk fontconfig python3 pcre2-utils
parallel time valgrind libreoffice-calc-nogui poppler-utils python3-distributed chromium"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $missing
