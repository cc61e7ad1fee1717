#!/bin/sh
# The crash test (tests/run/crash.py): zhibiao run killed with SIGKILL at
# random moments, at least 100 times over a changing input folder (about
# 30 s on a quiet machine; the bound of 150 s only stops it on a machine
# far too loaded).  Skips with a message where python3 is missing.
cd "$(dirname "$0")/../.." || exit 2
Z=${ZHIBIAO:-bin/zhibiao}
if ! command -v python3 > /dev/null; then
	echo "crash test: skipped (no python3)"
	echo "0 passed, 0 failed"
	exit 0
fi
exec python3 tests/run/crash.py "$Z" "${CRASH_KILLS:-100}" "${CRASH_SECONDS:-150}"
