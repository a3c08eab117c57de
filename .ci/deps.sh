#!/usr/bin/env bash
# Installs what nettuned needs to build and test on Debian 12. Used by the
# README's commands and by .ci/run. Skips apt when everything is present.
set -euo pipefail

packages=(
	meson ninja-build pkg-config gcc libc6-dev
	libnl-3-dev libnl-genl-3-dev libsystemd-dev libinih-dev libbpf-dev clang llvm bpftool
	python3 iproute2 iputils-ping ethtool valgrind systemd
	qemu-system-x86 busybox-static cpio
	libclang-rt-14-dev clang-format
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing ${missing[*]}; run as root (sudo bash .ci/deps.sh)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
