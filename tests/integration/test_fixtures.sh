#!/usr/bin/env bash
# The router fixtures themselves, checked with the real tools and independently
# of glassbox, so a broken fixture is not mistaken for a glassbox bug: the uImage
# header at 0 is valid, 0xff padding up to the rootfs, a squashfs at ROOTFS_OFFSET
# that unsquashfs reads and whose files match rootfs.manifest, a real crypt hash
# of the default password, and the machine's apt setup left untouched.
. "$(dirname "$0")/lib.sh"

for arch in amd64 armhf mipsel; do
	dir=$(fixture "routers/$arch") || { fail "fixtures missing"; finish; }
	img=$dir/router-$arch.bin
	(
		# shellcheck disable=SC1091
		. "$dir/layout.env"
		head -c "$KERNEL_SIZE" "$img" >"$TMP/k.uimg"
		dumpimage -l "$TMP/k.uimg" >"$TMP/k.txt" 2>&1 || echo "BAD dumpimage" >>"$TMP/k.txt"
		grep -q "Linux-$KERNEL_VERSION" "$TMP/k.txt" && ! grep -q BAD "$TMP/k.txt"
	)
	check "$arch: uImage header and data CRC valid" [ $? -eq 0 ]
	# shellcheck disable=SC1091
	. "$dir/layout.env"
	pad=$(tail -c +$((KERNEL_SIZE + 1)) "$img" | head -c $((ROOTFS_OFFSET - KERNEL_SIZE)) | tr -d '\377' | wc -c)
	check "$arch: 0xff padding up to the rootfs" [ "$pad" -eq 0 ]
	check "$arch: rootfs on a 64 KiB boundary" [ $((ROOTFS_OFFSET % 65536)) -eq 0 ]
	check "$arch: squashfs magic at ROOTFS_OFFSET" \
		[ "$(tail -c +$((ROOTFS_OFFSET + 1)) "$img" | head -c 4)" = hsqs ]
	unsquashfs -no-progress -o "$ROOTFS_OFFSET" -d "$TMP/$arch" "$img" >/dev/null 2>&1
	check "$arch: unsquashfs reads the rootfs" [ $? -eq 0 ]
	bad=0
	while IFS=$'\t' read -r path sum; do
		[ "$(sha256sum <"$TMP/$arch$path" | cut -d' ' -f1)" = "$sum" ] || bad=$((bad + 1))
	done <"$dir/rootfs.manifest"
	check "$arch: rootfs files match the manifest" [ "$bad" -eq 0 ]
	for want in /bin/busybox /usr/sbin/dropbear 'libc.so.6'; do
		check "$arch: manifest lists $want" grep -q -- "$want" "$dir/rootfs.manifest"
	done
	hash=$(sed -n 's/^root:\([^:]*\):.*/\1/p' "$TMP/$arch/etc/shadow")
	salt=$(echo "$hash" | cut -d'$' -f3)
	check "$arch: root's hash is md5crypt of the default password" \
		[ "$(openssl passwd -1 -salt "$salt" "$ROOT_PASSWORD")" = "$hash" ]
	check "$arch: support account has an empty password" grep -q '^support::' "$TMP/$arch/etc/shadow"
	check "$arch: telnetd started at boot" grep -q telnetd "$TMP/$arch/etc/init.d/S50telnetd"
	check "$arch: web password in clear in httpd.conf" grep -qx '/cgi-bin:admin:admin' "$TMP/$arch/etc/httpd.conf"
	check "$arch: diagnostics CGI evals the query string" grep -q 'eval "ping' "$TMP/$arch/www/cgi-bin/diag.cgi"
	check "$arch: hidden CGI starts telnetd" grep -q '^telnetd -l /bin/sh' "$TMP/$arch/www/cgi-bin/telnet_en.cgi"
	check "$arch: manufacturing mode on in nvram defaults" grep -qx 'mfg_mode=1' "$TMP/$arch/etc/nvram.default"
	check "$arch: busybox is a binary of the right architecture" \
		[ "$(file -b "$TMP/$arch/bin/busybox" | grep -c -e "x86-64" -e "ARM" -e "MIPS")" = 1 ]
	rm -rf "${TMP:?}/$arch"
done

# debs.sh must not have added a foreign architecture to the machine (mipsel: one
# nobody adds by hand on a build machine).
check "mipsel not added to dpkg's architectures" sh -c '! dpkg --print-foreign-architectures | grep -qx mipsel'
check "mipsel packages come from the private apt state" [ -d "$GB_FIXTURES/apt-cache/apt/mipsel/lists" ]

finish
