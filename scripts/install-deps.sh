#!/usr/bin/env bash
# Installs everything glassbox needs to build, test and benchmark on Debian 12.
# Idempotent: packages already present are skipped, so a second run costs one dpkg query.
set -euo pipefail

# Build: compiler, CMake, and the libraries glassbox links against.
BUILD_PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev
  libarchive-dev libsquashfs-dev zlib1g-dev liblzma-dev libzstd-dev liblz4-dev libbz2-dev liblzo2-dev
  libssl-dev libsqlite3-dev libjansson-dev libcmocka-dev libcrypt-dev libfdt-dev libext2fs-dev comerr-dev
  libyara-dev"
# Fixtures and tests: the real tools that build the test images, and those tests compare
# glassbox with (checksec for the ELF hardening verdicts, yara, gcc for planted programs).
FIXTURE_PKGS="python3-jsonschema genromfs squashfs-tools squashfs-tools-ng mtd-utils genext2fs e2fsprogs u-boot-tools device-tree-compiler
  cpio util-linux-extra android-sdk-libsparse-utils genisoimage p7zip-full zip lzop lz4 zstd xz-utils bzip2
  libarchive-tools python3 dpkg-dev openssl file openssh-client whois dropbear-bin checksec yara gcc"
# Bench: the peer tools glassbox is measured against.
BENCH_PKGS="binwalk checksec yara hyperfine"

want="$BUILD_PKGS $FIXTURE_PKGS"
case "${1:-}" in --bench) want="$want $BENCH_PKGS" ;; esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
