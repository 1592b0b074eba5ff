#!/usr/bin/env bash
# Installs everything glassbox needs to build, test and benchmark on Debian 12.
# Idempotent: packages already present are skipped, so a second run costs one dpkg query.
set -euo pipefail

# Build: compiler, CMake, and the libraries glassbox links against.
BUILD_PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev
  libarchive-dev libsquashfs-dev zlib1g-dev liblzma-dev libzstd-dev liblz4-dev libbz2-dev liblzo2-dev
  libssl-dev libsqlite3-dev libjansson-dev libcmocka-dev libcrypt-dev libfdt-dev libext2fs-dev comerr-dev libfuzzy-dev
  libyara-dev"
# Fixtures and tests: the real tools that build the test images, and those tests compare
# glassbox with (checksec for the ELF hardening verdicts, yara, gcc for planted programs;
# ImageMagick, Ghostscript and qpdf make the images and PDFs of test_images.sh and test_pdf.sh).
FIXTURE_PKGS="python3-jsonschema genromfs squashfs-tools squashfs-tools-ng mtd-utils genext2fs e2fsprogs u-boot-tools device-tree-compiler
  cpio arj fdisk gdisk qemu-utils dosfstools util-linux-extra android-sdk-libsparse-utils genisoimage p7zip-full zip lzop lz4 zstd xz-utils bzip2
  libarchive-tools python3 dpkg-dev openssl file openssh-client whois dropbear-bin checksec yara gcc
  imagemagick ghostscript qpdf"
# Browser tests of the HTML report: headless Chromium driven by playwright-core (tests/browser, npm ci).
BROWSER_PKGS="chromium"
# Bench: the peer tools glassbox is measured against.
BENCH_PKGS="binwalk checksec yara hyperfine"

want="$BUILD_PKGS $FIXTURE_PKGS $BROWSER_PKGS"
case "${1:-}" in --bench) want="$want $BENCH_PKGS" ;; esac

# playwright-core for the browser tests, pinned by tests/browser/package-lock.json; npm ci
# only when the installed copy is not the locked one, so a second run costs nothing.
browser_tests() {
  local dir
  dir=$(cd "$(dirname "$0")/../tests/browser" && pwd)
  if [ "$(node -p "require('$dir/node_modules/playwright-core/package.json').version" 2>/dev/null)" != \
    "$(node -p "require('$dir/package-lock.json').packages['node_modules/playwright-core'].version")" ]; then
    echo "install-deps: npm ci in tests/browser" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# nodejs may come from elsewhere than Debian (NodeSource ships npm inside it): ask apt for
# nodejs and npm only when there is no node or npm at all.
command -v node >/dev/null || want="$want nodejs"
command -v npm >/dev/null || want="$want npm"
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  browser_tests
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
browser_tests
