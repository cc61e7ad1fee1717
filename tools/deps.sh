#!/bin/sh
# Installs the Debian packages zhibiao needs that are missing; does nothing
# when all are present.  Uses sudo when not root.
set -e
PKGS="gcc make pkg-config libpcre2-dev libcsv-dev libopencc-dev opencc python3"
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
