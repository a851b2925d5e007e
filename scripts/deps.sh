#!/bin/sh
# Installs what is missing for building, running and testing fangkong:
# Debian packages with apt-get (one `apt-get update` first, only when
# something is missing) and the web packages with `npm ci`.
# Usage: scripts/deps.sh [build|test|bench]
set -eu
cd "$(dirname "$0")/.."
what="${1:-build}"

PKGS="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libjansson-dev
libsodium-dev libcsv-dev libminizip-dev libexpat1-dev libfreexl-dev
libxlsxwriter-dev libqrencode-dev unicode-data nodejs npm"
case "$what" in
test) PKGS="$PKGS libcmocka-dev chromium clang-format sqlite3 python3-openpyxl" ;;
bench) PKGS="$PKGS wrk nginx-light sqlite3 python3-pandas python3-openpyxl" ;;
esac

missing=""
for p in $PKGS; do
	if [ "$p" = nodejs ] || [ "$p" = npm ]; then
		command -v "$p" >/dev/null 2>&1 && continue
		[ "$p" = npm ] && continue   # comes with Debian's nodejs or nodesource's
	fi
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q --no-install-recommends $missing
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.deps-stamp ]; then
	echo "deps: npm ci"
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.deps-stamp
fi
