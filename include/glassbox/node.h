/*
 * Inventory nodes: one row for every thing found in an input — the input
 * itself, every container instance (a format found at an offset), every
 * file, directory, link and device entry inside it.
 */
#ifndef GLASSBOX_NODE_H
#define GLASSBOX_NODE_H

#include <stdint.h>
#include <stddef.h>

typedef enum gb_node_kind {
	GB_NODE_FILE, /* regular file (the input itself too) */
	GB_NODE_DIR,
	GB_NODE_SYMLINK,
	GB_NODE_HARDLINK,
	GB_NODE_CHARDEV,
	GB_NODE_BLOCKDEV,
	GB_NODE_FIFO,
	GB_NODE_SOCKET,
	GB_NODE_REGION, /* a format instance inside a file: "squashfs@0xe0000" */
} gb_node_kind;

typedef enum gb_node_status {
	GB_STATUS_OK,
	GB_STATUS_ERROR,    /* corrupt or truncated; error says what and where */
	GB_STATUS_LIMIT,    /* an extraction limit stopped work on this node */
	GB_STATUS_REPLACED, /* overwritten by a later entry of the same name, or a whiteout */
} gb_node_status;

typedef struct gb_node {
	uint64_t id;     /* 1-based, in order of discovery */
	uint64_t parent; /* 0 for the input */
	unsigned depth;  /* container nesting */
	gb_node_kind kind;
	gb_node_status status;
	char *path;        /* inside its filesystem root: "/etc/passwd" */
	char *container;   /* chain of containers: "router.bin > squashfs@0xe0000" */
	char *disk_path;   /* where it lies, relative to the output dir (NULL: not written) */
	char *format;      /* identified format or leaf type ("squashfs", "elf"); NULL: unknown */
	char *detail;      /* what the format's parser said ("Linux-5.10.0", "ELF 32-bit LSB ARM") */
	char *link_target; /* symlinks and hard links, as recorded in the container */
	char *error;
	uint64_t offset; /* in the parent file (regions) */
	uint64_t size;
	uint32_t mode; /* as recorded in the container, setuid bits included */
	uint32_t uid, gid;
	int64_t mtime;
	uint64_t rdev;
	char sha256[65];        /* regular files and regions; "" otherwise */
	unsigned char in_input; /* lies in the input (file or directory input), not in the output dir */
} gb_node;

typedef struct gb_inventory {
	gb_node *nodes;
	size_t count, cap;
} gb_inventory;

const char *gb_node_kind_name(gb_node_kind kind);
const char *gb_node_status_name(gb_node_status status);
int gb_node_kind_from_name(const char *name);
int gb_node_status_from_name(const char *name);

/* Appends a zeroed node with the next id; returns NULL on allocation failure.
 * The pointer is valid until the next append. */
gb_node *gb_inventory_add(gb_inventory *inv);
gb_node *gb_inventory_get(gb_inventory *inv, uint64_t id);
void gb_inventory_free(gb_inventory *inv);
void gb_node_clear(gb_node *n); /* frees the strings of one node */

#endif
