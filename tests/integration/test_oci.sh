#!/usr/bin/env bash
# Container images: a `docker save` tarball and an OCI image layout (tar of
# index.json, oci-layout and blobs), both with two layers made by tar. The
# layers are applied in order: the upper layer's file wins, ".wh.NAME" removes
# NAME and ".wh..wh..opq" hides what the lower layer had in that directory.
. "$(dirname "$0")/lib.sh"

mk_layers() {
	local d=$TMP/layers
	mkdir -p "$d/1/etc" "$d/1/bin" "$d/1/app" "$d/2/etc" "$d/2/bin" "$d/2/app"
	printf 'root:x:0:0::/root:/bin/sh\n' >"$d/1/etc/passwd"
	printf 'lower\n' >"$d/1/bin/tool"
	printf 'old-x\n' >"$d/1/app/x"
	printf 'old-y\n' >"$d/1/app/y"
	printf 'root:x:0:0::/root:/bin/sh\nbackdoor:x:0:0::/:/bin/sh\n' >"$d/2/etc/passwd"
	: >"$d/2/bin/.wh.tool"
	: >"$d/2/app/.wh..wh..opq"
	printf 'new-z\n' >"$d/2/app/z"
	tar -C "$d/1" -cf "$TMP/l1.tar" .
	tar -C "$d/2" -cf "$TMP/l2.tar" .
}
mk_layers
upper=$(sha256sum <"$TMP/layers/2/etc/passwd" | cut -d' ' -f1)

check_image() { # check_image NAME OUT
	local name=$1 out=$2
	check "$name: identified as oci-image" [ "$(count_nodes "$out" "n['type']=='region' and n['format']=='oci-image'")" = 1 ]
	check "$name: /etc/passwd is the upper layer's" \
		[ "$(count_nodes "$out" "n['path']=='/etc/passwd' and n['status']=='ok' and n['sha256']=='$upper'")" = 1 ]
	check "$name: the lower /etc/passwd is marked replaced" \
		[ "$(count_nodes "$out" "n['path']=='/etc/passwd' and n['status']=='replaced'")" = 1 ]
	check "$name: whiteout removed /bin/tool" \
		[ "$(count_nodes "$out" "n['path']=='/bin/tool' and n['status']=='ok'")" = 0 ]
	check "$name: opaque directory hides /app/x and /app/y" \
		[ "$(count_nodes "$out" "n['path'] in ('/app/x','/app/y') and n['status']=='ok'")" = 0 ]
	check "$name: /app/z from the upper layer" [ "$(count_nodes "$out" "n['path']=='/app/z' and n['status']=='ok'")" = 1 ]
	check "$name: whiteout files are not inventoried" [ "$(count_nodes "$out" "'.wh.' in n['path']")" = 0 ]
}

# docker save layout: <id>/layer.tar and manifest.json
mkdir -p "$TMP/docker/aaa" "$TMP/docker/bbb"
cp "$TMP/l1.tar" "$TMP/docker/aaa/layer.tar"
cp "$TMP/l2.tar" "$TMP/docker/bbb/layer.tar"
printf '{"architecture":"amd64","os":"linux"}' >"$TMP/docker/config.json"
printf '[{"Config":"config.json","RepoTags":["gb/test:1"],"Layers":["aaa/layer.tar","bbb/layer.tar"]}]' >"$TMP/docker/manifest.json"
tar -C "$TMP/docker" -cf "$TMP/docker.tar" manifest.json config.json aaa bbb
extract "$TMP/docker.tar" "$TMP/d"
check "docker save: exits 0" [ "$rc" -eq 0 ]
check_image "docker save" "$TMP/d"
check "docker save: the tag is in the detail" [ "$(count_nodes "$TMP/d" "n['type']=='region' and 'gb/test:1' in n['detail']")" = 1 ]

# OCI layout with gzip-compressed layers addressed by digest
o=$TMP/oci
mkdir -p "$o/blobs/sha256"
blob() { local h; h=$(sha256sum "$1" | cut -d' ' -f1); cp "$1" "$o/blobs/sha256/$h"; echo "$h"; }
gzip -c "$TMP/l1.tar" >"$TMP/l1.tgz" && gzip -c "$TMP/l2.tar" >"$TMP/l2.tgz"
h1=$(blob "$TMP/l1.tgz") h2=$(blob "$TMP/l2.tgz")
printf '{"architecture":"arm64","os":"linux"}' >"$TMP/cfg" && hc=$(blob "$TMP/cfg")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":1},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":1},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":1}]}' "$hc" "$h1" "$h2" >"$TMP/man"
hm=$(blob "$TMP/man")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":1}]}' "$hm" >"$o/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' >"$o/oci-layout"
tar -C "$o" -cf "$TMP/oci.tar" oci-layout index.json blobs
extract "$TMP/oci.tar" "$TMP/oo"
check "OCI layout: exits 0" [ "$rc" -eq 0 ]
check_image "OCI layout" "$TMP/oo"

# Negative: a plain tar holding a file called manifest.json that lists nothing is a tar.
printf '{"not":"an image"}' >"$TMP/manifest.json"
tar -C "$TMP" -cf "$TMP/plain.tar" manifest.json
extract "$TMP/plain.tar" "$TMP/p"
check "a tar with an unrelated manifest.json stays a tar" \
	[ "$(count_nodes "$TMP/p" "n['type']=='region' and n['format']=='tar'")" = 1 ]
# A layer listed but missing: the other layers still apply and the region says so.
tar -C "$TMP/docker" -cf "$TMP/missing.tar" manifest.json config.json aaa
extract "$TMP/missing.tar" "$TMP/m"
check "missing layer: reported" [ "$(count_nodes "$TMP/m" "n['type']=='region' and n['status']=='error' and 'missing' in n['error']")" = 1 ]
check "missing layer: the present one applied" [ "$(count_nodes "$TMP/m" "n['path']=='/bin/tool' and n['status']=='ok'")" = 1 ]
finish
