/*
 * Writing a byte range of the instance out as a file: what partition tables
 * (mbr, gpt) do with each partition. Blocks of zeros become holes, so the
 * mostly empty partitions of a disk image cost no disk.
 */
#include <string.h>

#include "unpack/emit.h"

static bool zeros(const uint8_t *p, size_t n)
{
	/* the first byte, then the rest against itself shifted by one: no loop over a zero buffer */
	return n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0);
}

int gb_emit_range(gb_extract_ctx *x, const char *path, const gb_entry_meta *meta, uint64_t off, uint64_t len)
{
	gb_sink *s = gb_emit_file(x, path, meta);
	if (!s)
		return -1;
	uint8_t buf[1 << 16];
	int rc = 0;
	for (uint64_t done = 0; done < len && !gb_extract_should_stop(x);) {
		size_t want = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);
		ssize_t got = gb_input_read(&x->in, off + done, buf, want);
		if (got <= 0) {
			gb_sink_fail(s, "truncated: %llu of %llu bytes present (image ends at 0x%llx)",
			             (unsigned long long)done, (unsigned long long)len,
			             (unsigned long long)(x->in.size));
			rc = -1;
			break;
		}
		if ((zeros(buf, (size_t)got) ? gb_sink_zero(s, (uint64_t)got)
		                             : gb_sink_write(s, buf, (size_t)got)) < 0) {
			rc = -1;
			break;
		}
		done += (uint64_t)got;
	}
	return gb_sink_close(s) < 0 ? -1 : rc;
}
