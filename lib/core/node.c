#include <stdlib.h>
#include <string.h>

#include "glassbox/node.h"
#include "util/util.h"

static const char *const kind_names[] = {
    [GB_NODE_FILE] = "file",         [GB_NODE_DIR] = "dir",         [GB_NODE_SYMLINK] = "symlink",
    [GB_NODE_HARDLINK] = "hardlink", [GB_NODE_CHARDEV] = "chardev", [GB_NODE_BLOCKDEV] = "blockdev",
    [GB_NODE_FIFO] = "fifo",         [GB_NODE_SOCKET] = "socket",   [GB_NODE_REGION] = "region",
};

static const char *const status_names[] = {
    [GB_STATUS_OK] = "ok",
    [GB_STATUS_ERROR] = "error",
    [GB_STATUS_LIMIT] = "limit",
    [GB_STATUS_REPLACED] = "replaced",
};

const char *gb_node_kind_name(gb_node_kind kind)
{
	return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind] : "unknown";
}

const char *gb_node_status_name(gb_node_status status)
{
	return (unsigned)status < sizeof(status_names) / sizeof(status_names[0]) ? status_names[status]
	                                                                         : "unknown";
}

int gb_node_kind_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (kind_names[i] && strcmp(kind_names[i], name) == 0)
			return (int)i;
	return -1;
}

int gb_node_status_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (status_names[i] && strcmp(status_names[i], name) == 0)
			return (int)i;
	return -1;
}

gb_node *gb_inventory_add(gb_inventory *inv)
{
	if (inv->count == inv->cap) {
		inv->cap = inv->cap ? inv->cap * 2 : 256;
		inv->nodes = gb_xrealloc(inv->nodes, inv->cap * sizeof(*inv->nodes));
	}
	gb_node *n = &inv->nodes[inv->count++];
	memset(n, 0, sizeof(*n));
	n->id = inv->count;
	return n;
}

gb_node *gb_inventory_get(gb_inventory *inv, uint64_t id)
{
	if (id == 0 || id > inv->count)
		return NULL;
	return &inv->nodes[id - 1];
}

void gb_node_clear(gb_node *n)
{
	free(n->path);
	free(n->container);
	free(n->disk_path);
	free(n->format);
	free(n->detail);
	free(n->link_target);
	free(n->error);
}

void gb_inventory_free(gb_inventory *inv)
{
	for (size_t i = 0; i < inv->count; i++)
		gb_node_clear(&inv->nodes[i]);
	free(inv->nodes);
	memset(inv, 0, sizeof(*inv));
}
