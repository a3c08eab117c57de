#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VM lab's plumbing, sourced by the tests in this folder:
#   lab_prepare        Debian's kernel image (apt-get download, unpacked with
#                      dpkg-deb, cached in $NT_VM_CACHE) and an initramfs of
#                      busybox-static, the modules the guest needs and ./init
#   lab_boot SCRIPT RESULTS [QEMU ARGS...]
#                      boots a 2-CPU guest under TCG (KVM guests hang on these
#                      machines) with the host's root read-only over 9p and
#                      RESULTS writable; the guest runs SCRIPT (a path on the
#                      host) with the host's binaries and powers off.
#                      NT_VM_APPEND: more kernel command line arguments
#                      (nt.init=systemd boots systemd on an overlay root,
#                      see ./init; systemd.unit=, systemd.mask=...)
#   lab_load_start / lab_load_stop
#                      NT_VM_LOAD=N starts N CPU-bound processes beside the
#                      plain guest (sha256sum of /dev/zero), so that the
#                      scenarios that judge a measured effect (verification
#                      above all) are shown to hold on a loaded host, as on
#                      a busy agent; they are ended by PID
# Nothing on the host is changed but the cache and RESULTS.

lab_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NT_VM_CACHE=${NT_VM_CACHE:-/var/cache/nettuned-vm}
# virtio_ring before virtio_pci, 9pnet before 9p; lab_modules adds the
# dependencies each module names. virtio_net (multi-queue NIC, with
# failover and net_failover) and overlay (the systemd guest's writable
# root) are loaded in every guest: loading costs milliseconds.
lab_want="virtio_pci 9pnet_virtio 9p e1000e virtio_net overlay"

lab_log() { echo "# $*"; }

# lab_check_host NETTUNED: skips the test (tests/lib/tap.sh) when qemu,
# busybox-static or cpio is missing, or NETTUNED is an ASan build
lab_check_host() {
	command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64 (Debian package qemu-system-x86)"
	[ -x /bin/busybox ] || skip "no /bin/busybox (Debian package busybox-static)"
	command -v cpio >/dev/null || skip "no cpio"
	if ldd "$1" 2>/dev/null | grep -q libasan; then
		skip "an ASan build is too slow under TCG; the plain build runs the lab"
	fi
}

# The versioned package the linux-image-amd64 metapackage points at now.
lab_kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

# A module's own dependency list: the "depends=" string of its .modinfo
# section (a package's modules come without the modules.dep that depmod
# writes at install time).
lab_module_deps() {
	tr '\0' '\n' <"$1" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' '
}

# Each module of $lab_want and what it needs, dependencies first, as paths
# relative to the modules directory.
lab_modules() {
	local moddir=$1 seen="" out=""
	visit() {
		local path d
		path=$(cd "$moddir" && find kernel -name "$1.ko" -o -name "$(echo "$1" | tr _ -).ko" | head -n 1)
		[ -n "$path" ] || { echo "lab: no module $1 in $moddir" >&2; return 1; }
		case " $seen " in *" $path "*) return 0 ;; esac
		seen="$seen $path"
		for d in $(lab_module_deps "$moddir/$path"); do
			visit "$d" || return 1
		done
		out="$out $path"
	}
	for m in $lab_want; do
		visit "$m" || return 1
	done
	echo "$out"
}

lab_prepare() {
	local pkg deb moddir kver mods init_dir
	mkdir -p "$NT_VM_CACHE" || return 1
	pkg=$(lab_kernel_package)
	[ -n "$pkg" ] || { echo "lab: apt-cache knows no linux-image-amd64 (apt-get update?)" >&2; return 1; }
	deb=$(ls "$NT_VM_CACHE/${pkg}_"*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		lab_log "downloading $pkg"
		(cd "$NT_VM_CACHE" && apt-get download "$pkg" >/dev/null 2>&1) || {
			echo "lab: apt-get download $pkg failed" >&2; return 1; }
		deb=$(ls "$NT_VM_CACHE/${pkg}_"*.deb | head -n 1)
	fi
	if [ ! -d "$NT_VM_CACHE/$pkg" ]; then
		rm -rf "$NT_VM_CACHE/$pkg.tmp"
		dpkg-deb -x "$deb" "$NT_VM_CACHE/$pkg.tmp" && mv "$NT_VM_CACHE/$pkg.tmp" "$NT_VM_CACHE/$pkg" || return 1
	fi
	kver=$(ls "$NT_VM_CACHE/$pkg/lib/modules" | head -n 1)
	moddir=$NT_VM_CACHE/$pkg/lib/modules/$kver
	lab_kernel=$NT_VM_CACHE/$pkg/boot/vmlinuz-$kver
	lab_kver=$kver
	mods=$(lab_modules "$moddir") || return 1

	init_dir=$(mktemp -d /tmp/nt-vm-initrd.XXXXXX)
	mkdir -p "$init_dir"/{bin,proc,sys,dev,modules}
	cp /bin/busybox "$init_dir/bin/busybox" || { rm -rf "$init_dir"; return 1; }
	cp "$lab_dir/init" "$init_dir/init"
	chmod 0755 "$init_dir/init"
	: >"$init_dir/modules.order"
	for m in $mods; do
		cp "$moddir/$m" "$init_dir/modules/"
		basename "$m" >>"$init_dir/modules.order"
	done
	lab_initrd=$NT_VM_CACHE/initrd-$kver.cpio.gz
	(cd "$init_dir" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$lab_initrd.tmp" &&
		mv "$lab_initrd.tmp" "$lab_initrd"
	rm -rf "$init_dir"
	[ -s "$lab_initrd" ]
}

# lab_boot SCRIPT RESULTS [QEMU ARGS...]: returns qemu's status; the
# console goes to RESULTS/serial.log.
lab_boot() {
	local script=$1 results=$2
	shift 2
	timeout "${NT_VM_TIMEOUT:-600}" qemu-system-x86_64 -accel tcg -smp 2 -m 1024 \
		-nographic -no-reboot -nodefaults -serial "file:$results/serial.log" \
		-kernel "$lab_kernel" -initrd "$lab_initrd" \
		-append "console=ttyS0 panic=-1 net.ifnames=0 nt.script=$script${NT_VM_APPEND:+ $NT_VM_APPEND}" \
		-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
		-virtfs "local,path=$results,mount_tag=results,security_model=none,multidevs=remap" \
		"$@" </dev/null
}

lab_load_pids=
lab_load_start() {
	local i
	case ${NT_VM_LOAD:-0} in
	''|*[!0-9]*) echo "lab: NT_VM_LOAD must be a number of processes" >&2; return 1 ;;
	esac
	for i in $(seq "${NT_VM_LOAD:-0}"); do
		sha256sum /dev/zero >/dev/null 2>&1 &
		lab_load_pids="$lab_load_pids $!"
	done
	[ -z "$lab_load_pids" ] || lab_log "load beside the guest: ${NT_VM_LOAD} x sha256sum /dev/zero (PIDs$lab_load_pids)"
}

lab_load_stop() {
	[ -n "$lab_load_pids" ] && kill $lab_load_pids 2>/dev/null
	lab_load_pids=
}
