#include <jansson.h>

#include "glassbox/glassbox.h"
#include "report/node_json.h"

int gb_inventory_write_json(const gb_extraction *ex, const char *input, const char *path)
{
	json_t *root = json_object();
	json_t *tool = json_object();
	json_object_set_new(tool, "name", json_string("glassbox"));
	json_object_set_new(tool, "version", json_string(gb_version()));
	json_object_set_new(root, "tool", tool);
	json_t *in = json_object();
	json_object_set_new(in, "path", json_string(input));
	json_object_set_new(in, "sha256", json_string(ex->input_sha256));
	json_object_set_new(in, "size", json_integer((json_int_t)ex->input_size));
	json_object_set_new(in, "type", json_string(ex->input_is_dir ? "directory" : "file"));
	json_object_set_new(root, "input", in);
	json_t *nodes = json_array();
	for (size_t i = 0; i < ex->inventory.count; i++)
		json_array_append_new(nodes, gb_node_to_json(&ex->inventory.nodes[i]));
	json_object_set_new(root, "nodes", nodes);
	json_t *findings = json_array();
	for (size_t i = 0; i < ex->findings.count; i++)
		json_array_append_new(findings, gb_finding_to_json(&ex->findings.items[i]));
	json_object_set_new(root, "findings", findings);
	int rc = json_dump_file(root, path, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(root);
	return rc;
}
