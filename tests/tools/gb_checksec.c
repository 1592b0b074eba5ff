/* gb_checksec FILE...: glassbox's ELF hardening verdicts, one line per file in
 * checksec 2.6.0's --output=json spelling, so that tests/integration/
 * test_binaries.sh can compare them field by field with checksec's own. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/elfinfo.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0 || st.st_size == 0) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		void *d = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (d == MAP_FAILED)
			continue;
		gb_elfinfo e;
		gb_elfinfo_parse(d, (size_t)st.st_size, &e);
		printf("{ \"%s\": { "
		       "\"relro\":\"%s\",\"canary\":\"%s\",\"nx\":\"%s\",\"pie\":\"%s\",\"rpath\":\"%s\","
		       "\"runpath\":\"%s\",\"symbols\":\"%s\",\"fortify_source\":\"%s\",\"fortified\":\"%u\","
		       "\"fortify-able\":\"%u\" } }\n",
		       argv[i], gb_relro_name(e.relro), e.canary ? "yes" : "no", e.nx ? "yes" : "no",
		       gb_pie_name(e.pie), e.rpath ? "yes" : "no", e.runpath ? "yes" : "no",
		       e.symbols ? "yes" : "no", e.fortify ? "yes" : "no", e.fortified, e.fortifiable);
		gb_elfinfo_free(&e);
		munmap(d, (size_t)st.st_size);
	}
	return 0;
}
