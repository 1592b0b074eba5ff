/*
 * Container images: `docker save` tarballs and OCI image layouts in a tar
 * (OCI image-spec 1.1: index.json -> manifest -> layers; docker's
 * manifest.json -> Layers). The image's layers are applied in order into one
 * root filesystem, as a container runtime would see it, honouring whiteouts
 * (".wh.NAME" removes NAME, ".wh..wh..opq" empties the directory of what lower
 * layers put there). The tar itself and each layer are read with libarchive,
 * the JSON with jansson; a layer is streamed from the outer tar, never
 * written out first.
 */
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/archive_common.h"
#include "unpack/registry.h"
#include "util/util.h"

enum { MAX_JSON = 4 << 20, MAX_LAYERS = 256 };

static const char *strip_dot(const char *p)
{
	return strncmp(p, "./", 2) == 0 ? p + 2 : p;
}

static int setup_tar(struct archive *a)
{
	return archive_read_support_format_tar(a);
}

/* Reads the named small entries (JSON documents) of the tar into memory. */
typedef struct docs {
	char *names[64];
	char *bodies[64];
	size_t n;
} docs;

static const char *doc_get(const docs *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->names[i], name) == 0)
			return d->bodies[i];
	return NULL;
}

static void docs_free(docs *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->names[i]);
		free(d->bodies[i]);
	}
}

/* Loads manifest.json, index.json and every blob small enough to be a manifest or config. */
static bool load_docs(const gb_input *in, docs *d, bool *docker, bool *oci)
{
	void *st;
	struct archive *a = gb_archive_open_view(in, setup_tar, &st);
	if (!a)
		return false;
	struct archive_entry *e;
	unsigned entries = 0;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK && entries++ < 100000) {
		const char *name = archive_entry_pathname(e);
		if (!name)
			continue;
		name = strip_dot(name);
		if (strcmp(name, "manifest.json") == 0)
			*docker = true;
		if (strcmp(name, "oci-layout") == 0)
			*oci = true;
		la_int64_t size = archive_entry_size(e);
		bool wanted = strcmp(name, "manifest.json") == 0 || strcmp(name, "index.json") == 0 ||
		              (strncmp(name, "blobs/", 6) == 0 && size > 0 && size < 65536);
		if (!wanted || d->n == 64 || size < 0 || size > MAX_JSON)
			continue;
		char *body = gb_xmalloc((size_t)size + 1);
		la_ssize_t got = archive_read_data(a, body, (size_t)size);
		if (got != size) {
			free(body);
			continue;
		}
		body[size] = '\0';
		d->names[d->n] = gb_xstrdup(name);
		d->bodies[d->n++] = body;
	}
	gb_archive_close_view(a, st);
	return true;
}

/* "sha256:abc" -> "blobs/sha256/abc" */
static char *blob_path(const char *digest)
{
	const char *colon = digest ? strchr(digest, ':') : NULL;
	if (!colon || strchr(colon + 1, '/'))
		return NULL;
	return gb_xasprintf("blobs/%.*s/%s", (int)(colon - digest), digest, colon + 1);
}

/* The layer paths of the first image, in order. Returns how many. */
static size_t layer_list(const docs *d, char **layers, char *detail, size_t detail_size)
{
	size_t n = 0;
	const char *body = doc_get(d, "manifest.json");
	json_error_t err;
	if (body) { /* docker save */
		json_t *root = json_loads(body, 0, &err);
		json_t *img = json_is_array(root) ? json_array_get(root, 0) : NULL;
		json_t *ls = img ? json_object_get(img, "Layers") : NULL;
		json_t *tags = img ? json_object_get(img, "RepoTags") : NULL;
		for (size_t i = 0; json_is_array(ls) && i < json_array_size(ls) && n < MAX_LAYERS; i++)
			if (json_is_string(json_array_get(ls, i)))
				layers[n++] = gb_xstrdup(strip_dot(json_string_value(json_array_get(ls, i))));
		const char *tag = json_is_array(tags) && json_is_string(json_array_get(tags, 0))
		                      ? json_string_value(json_array_get(tags, 0))
		                      : "untagged";
		snprintf(detail, detail_size, "docker save image %.80s, %zu layers", tag, n);
		json_decref(root);
		if (n)
			return n;
	}
	body = doc_get(d, "index.json");
	if (!body)
		return 0;
	json_t *index = json_loads(body, 0, &err);
	json_t *m0 = json_array_get(json_object_get(index, "manifests"), 0);
	char *mpath = blob_path(json_string_value(json_object_get(m0, "digest")));
	const char *mbody = mpath ? doc_get(d, mpath) : NULL;
	json_t *manifest = mbody ? json_loads(mbody, 0, &err) : NULL;
	json_t *ls = json_object_get(manifest, "layers");
	for (size_t i = 0; json_is_array(ls) && i < json_array_size(ls) && n < MAX_LAYERS; i++) {
		char *p = blob_path(json_string_value(json_object_get(json_array_get(ls, i), "digest")));
		if (p)
			layers[n++] = p;
	}
	snprintf(detail, detail_size, "OCI image layout, %zu layers", n);
	json_decref(manifest);
	json_decref(index);
	free(mpath);
	return n;
}

/* Inner reader: the layer's bytes come from the outer archive's current entry. */
static la_ssize_t layer_read(struct archive *inner, void *data, const void **buf)
{
	(void)inner;
	static __thread uint8_t chunk[1 << 16];
	la_ssize_t n = archive_read_data(data, chunk, sizeof(chunk));
	*buf = chunk;
	return n;
}

/* Applies one layer's entries, turning whiteouts into removals. */
static void apply_layer(gb_extract_ctx *x, struct archive *outer, const char *layer)
{
	struct archive *a = archive_read_new();
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	if (archive_read_open(a, outer, NULL, layer_read, NULL) != ARCHIVE_OK) {
		gb_extract_error(x, "layer %s cannot be read: %s", layer, archive_error_string(a));
		archive_read_free(a);
		return;
	}
	struct archive_entry *e;
	int rc;
	while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		if (gb_extract_should_stop(x))
			break;
		const char *path = archive_entry_pathname(e);
		if (!path)
			continue;
		const char *slash = strrchr(path, '/');
		const char *base = slash ? slash + 1 : path;
		if (strncmp(base, ".wh.", 4) == 0) {
			char *dir = gb_xstrndup(path, slash ? (size_t)(slash - path) : 0);
			if (strcmp(base, ".wh..wh..opq") == 0) {
				/* Opaque: what lower layers put in this directory is hidden. */
				gb_emit_remove(x, dir[0] ? dir : "/");
				gb_entry_meta meta = {.mode = 0755};
				gb_emit_dir(x, dir[0] ? dir : "/", &meta);
			} else {
				char *victim = gb_xasprintf("%s/%s", dir, base + 4);
				gb_emit_remove(x, victim);
				free(victim);
			}
			free(dir);
			continue;
		}
		gb_archive_emit_entry(x, a, e);
	}
	if (rc == ARCHIVE_FATAL)
		gb_extract_error(x, "layer %s unreadable: %s", layer, archive_error_string(a));
	archive_read_free(a);
}

static bool oci_probe(const gb_input *in, gb_probe_result *res)
{
	if (!gb_format_find("tar")->probe(in, res))
		return false;
	docs d = {0};
	bool docker = false, oci = false;
	if (!load_docs(in, &d, &docker, &oci) || (!docker && !oci)) {
		docs_free(&d);
		return false;
	}
	char *layers[MAX_LAYERS];
	char detail[GB_DETAIL_MAX];
	size_t n = layer_list(&d, layers, detail, sizeof(detail));
	for (size_t i = 0; i < n; i++)
		free(layers[i]);
	docs_free(&d);
	if (n == 0)
		return false;
	res->confidence = 98; /* above tar: the same bytes, read as what they are */
	snprintf(res->detail, sizeof(res->detail), "%s", detail);
	return true;
}

static int oci_extract(gb_extract_ctx *x)
{
	docs d = {0};
	bool docker = false, oci = false;
	char *layers[MAX_LAYERS];
	char detail[GB_DETAIL_MAX];
	if (!load_docs(&x->in, &d, &docker, &oci)) {
		gb_extract_error(x, "image tar cannot be opened");
		return -1;
	}
	size_t n = layer_list(&d, layers, detail, sizeof(detail));
	docs_free(&d);
	if (n == 0) {
		gb_extract_error(x, "no layers listed in manifest.json or index.json");
		return -1;
	}
	for (size_t i = 0; i < n && !gb_extract_should_stop(x); i++) {
		void *st;
		struct archive *a = gb_archive_open_view(&x->in, setup_tar, &st);
		if (!a)
			break;
		struct archive_entry *e;
		bool found = false;
		while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
			const char *name = archive_entry_pathname(e);
			if (name && strcmp(strip_dot(name), layers[i]) == 0) {
				found = true;
				apply_layer(x, a, layers[i]);
				break;
			}
		}
		if (!found)
			gb_extract_error(x, "layer %s listed in the manifest is missing from the image",
			                 layers[i]);
		gb_archive_close_view(a, st);
	}
	for (size_t i = 0; i < n; i++)
		free(layers[i]);
	return 0;
}

const gb_format gb_format_oci = {
    .name = "oci-image",
    .description = "container image: docker save tarball or OCI image layout, layers applied with whiteouts",
    .magics = {{"ustar", 5, 257}},
    .flags = 0, /* found through tar at offset 0; a carved tar is extracted as a tar */
    .probe = oci_probe,
    .extract = oci_extract,
};
