/* Component identification that needs no fixture: the kernel version the
 * unpacker read off a banner (node detail), versions in file names, CPE
 * names, the version reader's refusals, and package databases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyze/components.h"
#include "glassbox/analyzer.h"
#include "vuln/vuln.h"

extern const gb_analyzer gb_analyzer_components;

static const gb_component *find(const gb_components *cs, const char *name)
{
	for (size_t i = 0; i < cs->count; i++)
		if (!strcmp(cs->items[i].name, name))
			return &cs->items[i];
	return NULL;
}

static void run(gb_node *nodes, size_t n, gb_components *cs)
{
	gb_inventory inv = {.nodes = nodes, .count = n, .cap = n};
	const gb_analyzer *const only[] = {&gb_analyzer_components, NULL};
	gb_findings fs = {0};
	gb_analyze_full(&inv, "/nonexistent", NULL, only, 1, &fs, cs, NULL);
	gb_findings_free(&fs);
}

static void test_kernel_and_names(void **st)
{
	gb_node nodes[4] = {
	    {.id = 1,
	     .kind = GB_NODE_REGION,
	     .path = "/",
	     .container = "router.bin",
	     .format = "uimage",
	     .detail = "uImage, Linux-4.14.180, ARM, gzip"},
	    {.id = 2,
	     .kind = GB_NODE_FILE,
	     .path = "/lib/libuClibc-0.9.33.2.so",
	     .container = "router.bin > squashfs"},
	    {.id = 3,
	     .kind = GB_NODE_SYMLINK,
	     .path = "/lib/libc.so.0",
	     .container = "router.bin > squashfs"},
	    {.id = 4,
	     .kind = GB_NODE_FILE,
	     .path = "/usr/lib/libxml2.so.2.9.14",
	     .container = "router.bin > squashfs"},
	};
	gb_components cs = {0};
	run(nodes, 4, &cs);
	const gb_component *k = find(&cs, "linux");
	assert_non_null(k);
	assert_string_equal(k->version, "4.14.180");
	assert_string_equal(k->cpe, "cpe:2.3:o:linux:linux_kernel:4.14.180:*:*:*:*:*:*:*");
	assert_string_equal(k->confidence, "medium");
	const gb_component *u = find(&cs, "uclibc-ng");
	assert_non_null(u);
	assert_string_equal(u->version, "0.9.33.2");
	assert_string_equal(u->confidence, "low");
	assert_string_equal(u->purl, "pkg:generic/uclibc-ng@0.9.33.2");
	const gb_component *x = find(&cs, "libxml2");
	assert_non_null(x);
	assert_string_equal(x->version, "2.9.14");
	assert_int_equal(cs.count, 3);
	gb_components_free(&cs);
}

static void test_version_reader(void **st)
{
	char v[48];
	const char *ok[][2] = {{"1.36.1 (2023", "1.36.1"},  {"2022.83\0", "2022.83"},
	                       {"9.2p1 Debian", "9.2p1"},   {"1.0.2k-fips", "1.0.2k"},
	                       {"2.36.", "2.36"},           {"5.10.0-21-amd64", "5.10.0"},
	                       {"2.5.13+dfsg-5", "2.5.13"}, {"2023.01+dfsg-2", "2023.01"}};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_true(gb_component_version_at(ok[i][0], ok[i][0] + strlen(ok[i][0]), v, sizeof(v)) > 0);
		assert_string_equal(v, ok[i][1]);
	}
	const char *bad[] = {"7.4*", "%s", "3.0+ builds", "3.0+", "x1.2", "12", "5.x", "", "1.", "v%s"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(gb_component_version_at(bad[i], bad[i] + strlen(bad[i]), v, sizeof(v)), 0);
}

static void test_cpe(void **st)
{
	gb_cpe c;
	assert_int_equal(gb_cpe_parse("cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*", &c), 0);
	assert_string_equal(c.vendor, "openbsd");
	assert_string_equal(c.product, "openssh");
	assert_string_equal(c.version, "9.2");
	assert_string_equal(c.update, "p1");
	/* Escaped colons stay inside their attribute. */
	assert_int_equal(gb_cpe_parse("cpe:2.3:o:ricon:s9922l_firmware:16.10.3\\(3794\\):*:*:*:*:*:*:*", &c),
	                 0);
	assert_string_equal(c.version, "16.10.3\\(3794\\)");
	assert_int_equal(gb_cpe_parse("cpe:2.3:a:x\\:y:p:1:*:*:*:*:*:*:*", &c), 0);
	assert_string_equal(c.vendor, "x\\:y");
	assert_int_equal(gb_cpe_parse("cpe:/a:openbsd:openssh:9.2", &c), -1); /* 2.2 URI binding */
	assert_int_equal(gb_cpe_parse("cpe:2.3:z:a:b:1:*", &c), -1);
	assert_int_equal(gb_cpe_parse("cpe:2.3:a::b:1:*", &c), -1);
	assert_int_equal(gb_cpe_parse("cpe:2.3:a:b", &c), -1);
	char *s = gb_cpe_format("a", "w1.fi", "wpa_supplicant", "2.10", NULL);
	assert_string_equal(s, "cpe:2.3:a:w1.fi:wpa_supplicant:2.10:*:*:*:*:*:*:*");
	free(s);
	s = gb_cpe_format("a", "Vendor", "a:b", "1.0+x", "p1");
	assert_string_equal(s, "cpe:2.3:a:vendor:a\\:b:1.0\\+x:p1:*:*:*:*:*:*");
	free(s);
}

typedef struct seen {
	char names[8][32];
	char versions[8][48];
	int n;
} seen;

static void on_pkg(const gb_pkg *p, void *user)
{
	seen *s = user;
	if (s->n < 8) {
		snprintf(s->names[s->n], 32, "%s", p->name);
		snprintf(s->versions[s->n], 48, "%s", p->version);
		s->n++;
	}
}

static void test_pkgdb(void **st)
{
	const char *status =
	    "Package: a\nStatus: install ok installed\nVersion: 1:2.0-1\n Description cont: x\n\n"
	    "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\r\n"
	    "Package: b\r\nStatus: install ok installed\r\nVersion: 3.1\r\n"
	    "Package: noversion\nStatus: install ok installed\n";
	gb_node n = {.path = "/rootfs/var/lib/dpkg/status"};
	assert_true(gb_pkgdb_is(&n));
	seen s = {0};
	gb_pkgdb_parse(&n, (const uint8_t *)status, strlen(status), on_pkg, &s);
	/* "b" and "noversion" share a paragraph: the later Package wins, and it has a version. */
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "a");
	assert_string_equal(s.versions[0], "1:2.0-1");
	gb_node o = {.path = "/usr/lib/opkg/info/dropbear.control"};
	assert_true(gb_pkgdb_is(&o));
	const char *ctl = "Package: dropbear\nVersion: 2019.78-2";
	memset(&s, 0, sizeof(s));
	gb_pkgdb_parse(&o, (const uint8_t *)ctl, strlen(ctl), on_pkg, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.versions[0], "2019.78-2");
	gb_node other = {.path = "/etc/status"};
	assert_false(gb_pkgdb_is(&other));
	memset(&s, 0, sizeof(s));
	gb_pkgdb_parse(&n, (const uint8_t *)"", 0, on_pkg, &s);
	gb_pkgdb_parse(&n, (const uint8_t *)"\n\n:::\n", 6, on_pkg, &s);
	assert_int_equal(s.n, 0);
}

/* Files naming the same component: the evidence and the paths list them in
 * node order whatever order the analyzer threads finish in (the biggest file
 * first in node order takes longest). */
static void test_order_is_node_order(void **st)
{
	char dir[] = "/tmp/gbcomp-order.XXXXXX";
	assert_non_null(mkdtemp(dir));
	enum { N = 8 };
	gb_node nodes[N];
	char names[N][16], path[256];
	memset(nodes, 0, sizeof(nodes));
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "b%d", i);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fwrite("\177ELF\002\001\001", 1, 7, f);
		/* the first file is large, so a second thread passes it */
		for (size_t k = 0, pad = i == 0 ? (4u << 20) : 64; k < pad; k++)
			fputc(k % 251, f);
		static const char banner[] = "\0BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1)";
		fwrite(banner, 1, sizeof(banner), f);
		long size = ftell(f);
		fclose(f);
		nodes[i] = (gb_node){
		    .id = (uint64_t)i + 1, .kind = GB_NODE_FILE, .in_input = 1, .size = (uint64_t)size};
		nodes[i].disk_path = names[i];
		nodes[i].path = names[i];
	}
	gb_inventory inv = {.nodes = nodes, .count = N, .cap = N};
	const gb_analyzer *const only[] = {&gb_analyzer_components, NULL};
	for (int round = 0; round < 3; round++) {
		gb_findings fs = {0};
		gb_components cs = {0};
		gb_analyze_full(&inv, dir, NULL, only, 2, &fs, &cs, NULL);
		const gb_component *c = find(&cs, "busybox");
		assert_non_null(c);
		assert_string_equal(c->paths, "[\"b0\",\"b1\",\"b2\",\"b3\",\"b4\",\"b5\",\"b6\",\"b7\"]");
		const char *prev = c->evidence;
		for (int i = 0; i < N; i++) {
			char in[16];
			snprintf(in, sizeof(in), " in b%d", i);
			const char *at = strstr(c->evidence, in);
			assert_non_null(at);
			assert_true(at >= prev);
			prev = at;
		}
		gb_findings_free(&fs);
		gb_components_free(&cs);
	}
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kernel_and_names),
	    cmocka_unit_test(test_version_reader),
	    cmocka_unit_test(test_cpe),
	    cmocka_unit_test(test_pkgdb),
	    cmocka_unit_test(test_order_is_node_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
