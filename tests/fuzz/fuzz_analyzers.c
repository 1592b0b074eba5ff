/* Every analyzer on fuzzer bytes: the first byte picks the path the bytes are
 * written to (passwd, inittab, sshd_config, a PEM file, a dropbear host key,
 * nvram defaults, web server configs, a CGI script...),
 * so each analyzer's parser sees hostile input where it would look for it.
 * The crack budget is tiny so one input costs milliseconds. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glassbox/analyzer.h"
#include "glassbox/glassbox.h"
#include "unpack/safefs.h"

static const char *const paths[] = {
    "etc/passwd",
    "etc/shadow",
    "etc/inittab",
    "etc/init.d/rcS",
    "etc/ssh/sshd_config",
    "etc/xinetd.d/svc",
    "etc/inetd.conf",
    "etc/crontabs/root",
    "etc/config/dropbear",
    "lib/systemd/system/x.service",
    "root/.ssh/authorized_keys",
    "etc/ssl/x.pem",
    "etc/ssl/x.der",
    "etc/dropbear/dropbear_rsa_host_key",
    "usr/bin/prog",
    "root/key.ppk",
    /* secrets, webserver, cryptoconf (indices 16...) */
    "etc/nvram.default",
    "etc/config/wireless",
    "etc/app/settings.json",
    "etc/ppp/chap-secrets",
    "etc/httpd.conf",
    "usr/bin/cloudd",
    "etc/config/uhttpd",
    "etc/lighttpd/lighttpd.conf",
    "etc/boa/boa.conf",
    "etc/goahead/route.txt",
    "www/cgi-bin/apply.cgi",
    "etc/nginx/nginx.conf",
    "etc/stunnel/stunnel.conf",
    "etc/openvpn/server.conf",
    "www/tools.php",
    "usr/lib/lua/luci/controller/diag.lua",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	setenv("GLASSBOX_CRACK_BUDGET", "20", 1);
	const char *rel = paths[data[0] % (sizeof(paths) / sizeof(*paths))];
	char in[] = "/tmp/gbfz-in.XXXXXX", out[] = "/tmp/gbfz-out.XXXXXX";
	if (!mkdtemp(in) || !mkdtemp(out))
		abort();
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", in, rel);
	for (char *p = path + strlen(in) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	gb_extraction ex;
	char *err = NULL;
	if (gb_extract(in, out, NULL, &ex, &err) == 0) {
		gb_findings fs = {0};
		gb_analyze(&ex.inventory, ex.input_root, out, NULL, 1, &fs, NULL);
		gb_findings_free(&fs);
		gb_extraction_free(&ex);
	}
	free(err);
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	gb_safe_remove(fd, in + 5);
	gb_safe_remove(fd, out + 5);
	close(fd);
	return 0;
}
