#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "unpack/format.h"

ssize_t gb_input_read(const gb_input *in, uint64_t off, void *buf, size_t len)
{
	if (off >= in->size)
		return 0;
	if (len > in->size - off)
		len = (size_t)(in->size - off);
	size_t done = 0;
	while (done < len) {
		ssize_t n = pread(in->fd, (char *)buf + done, len - done, (off_t)(in->base + off + done));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

int gb_input_read_exact(const gb_input *in, uint64_t off, void *buf, size_t len)
{
	return gb_input_read(in, off, buf, len) == (ssize_t)len ? 0 : -1;
}

gb_input gb_input_sub(const gb_input *in, uint64_t off, uint64_t size)
{
	gb_input sub = {.fd = in->fd, .base = in->base, .size = 0};
	if (off > in->size)
		off = in->size;
	sub.base = in->base + off;
	sub.size = in->size - off;
	if (size < sub.size)
		sub.size = size;
	return sub;
}

int gb_input_map(const gb_input *in, uint64_t off, size_t len, gb_map *map)
{
	memset(map, 0, sizeof(*map));
	if (off > in->size || len > in->size - off) {
		errno = ERANGE;
		return -1;
	}
	if (len == 0) {
		map->data = (const uint8_t *)"";
		return 0;
	}
	long page = sysconf(_SC_PAGESIZE);
	uint64_t abs = in->base + off;
	uint64_t aligned = abs - abs % (uint64_t)page;
	size_t slack = (size_t)(abs - aligned);
	void *p = mmap(NULL, len + slack, PROT_READ, MAP_PRIVATE, in->fd, (off_t)aligned);
	if (p == MAP_FAILED)
		return -1;
	map->base_ = p;
	map->base_len_ = len + slack;
	map->data = (const uint8_t *)p + slack;
	map->len = len;
	return 0;
}

void gb_map_release(gb_map *map)
{
	if (map->base_)
		munmap(map->base_, map->base_len_);
	memset(map, 0, sizeof(*map));
}
