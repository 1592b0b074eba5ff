#ifndef GB_STORE_INTERNAL_H
#define GB_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>

#include "glassbox/store.h"

struct gb_store {
	sqlite3 *db;
};

size_t gb_store_migration_count(void);
const char *gb_store_migration(size_t i);

#endif
