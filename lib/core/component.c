#include <stdlib.h>
#include <string.h>

#include "glassbox/component.h"
#include "util/util.h"

gb_component *gb_components_add(gb_components *list)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = gb_xrealloc(list->items, list->cap * sizeof(*list->items));
	}
	gb_component *c = &list->items[list->count++];
	memset(c, 0, sizeof(*c));
	return c;
}

void gb_component_clear(gb_component *c)
{
	free(c->name);
	free(c->version);
	free(c->pkg_version);
	free(c->purl);
	free(c->cpe);
	free(c->licence);
	free(c->paths);
	free(c->evidence);
	free(c->confidence);
	free(c->path);
	free(c->container);
	free(c->date);
	free(c->date_kind);
	free(c->date_evidence);
	memset(c, 0, sizeof(*c));
}

void gb_components_free(gb_components *list)
{
	for (size_t i = 0; i < list->count; i++)
		gb_component_clear(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}
