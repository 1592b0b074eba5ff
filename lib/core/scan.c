#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glassbox/analyzer.h"
#include "glassbox/glassbox.h"
#include "glassbox/store.h"
#include "unpack/safefs.h"
#include "util/util.h"
#include "vuln/vuln.h"

static char *options_json(const gb_options *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "max_depth", json_integer(o->limits.max_depth));
	json_object_set_new(j, "max_files", json_integer((json_int_t)o->limits.max_files));
	json_object_set_new(j, "max_total_bytes", json_integer((json_int_t)o->limits.max_total_bytes));
	json_object_set_new(j, "max_file_bytes", json_integer((json_int_t)o->limits.max_file_bytes));
	json_object_set_new(j, "max_ratio", json_integer(o->limits.max_ratio));
	json_object_set_new(j, "ratio_floor", json_integer((json_int_t)o->limits.ratio_floor));
	json_object_set_new(j, "max_node_seconds", json_integer(o->limits.max_node_seconds));
	json_object_set_new(j, "force_format", o->force_format ? json_string(o->force_format) : json_null());
	json_t *rules = json_array();
	for (const char *const *p = o->rule_paths; p && *p; p++)
		json_array_append_new(rules, json_string(*p));
	json_object_set_new(j, "rules", rules);
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return s;
}

static char *timings_json(const gb_scan_summary *s)
{
	json_t *j = json_object();
	json_object_set_new(j, "extract_seconds", json_real(s->extract_seconds));
	json_object_set_new(j, "analyze_seconds", json_real(s->analyze_seconds));
	json_object_set_new(j, "store_seconds", json_real(s->store_seconds));
	json_object_set_new(j, "total_seconds", json_real(s->total_seconds));
	char *out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return out;
}

int gb_scan(const char *input, const char *keep_dir, const gb_options *opts, gb_store *store,
            gb_scan_summary *sum, char **err)
{
	memset(sum, 0, sizeof(*sum));
	*err = NULL;
	double t0 = gb_now();
	/* The shipped vulnerability data is imported the first time a store is
	 * used, before the scan row is written, so the row names the data the
	 * matching used. A failure leaves the store as it was: the scan goes on
	 * with the data already there. */
	char *verr = NULL;
	gb_vuln_ensure_shipped(store, &verr);
	free(verr);
	gb_vuln_status vst;
	if (gb_vuln_status_get(store, &vst) == 0)
		gb_vulndata_version_set(vst.version);
	char *abs = realpath(input, NULL);
	gb_scan_meta meta = {
	    .input_path = abs ? abs : (char *)input,
	    .input_name = (char *)gb_basename(abs ? abs : input),
	    .tool_version = (char *)gb_version(),
	    .rules_version = (char *)gb_rules_version(),
	    .vulndata_version = (char *)gb_vulndata_version(),
	    .options = options_json(opts),
	};
	if (gb_store_begin_scan(store, &meta) < 0) {
		*err = gb_xstrdup("cannot record the scan in the database");
		free(meta.options);
		free(abs);
		return -1;
	}
	sum->scan_id = meta.id;

	char *workdir;
	if (keep_dir) {
		workdir = gb_xstrdup(keep_dir);
	} else {
		workdir = gb_temp_dir_create("scan", err);
		if (!workdir) {
			gb_store_finish_scan(store, meta.id, "failed", NULL, *err);
			free(meta.options);
			free(abs);
			return -1;
		}
	}

	gb_extraction ex;
	int rc = gb_extract(input, workdir, opts, &ex, err);
	sum->extract_seconds = gb_now() - t0;
	if (rc < 0) {
		gb_store_finish_scan(store, meta.id, "failed", NULL, *err);
		if (!keep_dir)
			gb_temp_dir_remove(workdir);
		free(workdir);
		free(meta.options);
		free(abs);
		return -1;
	}
	meta.input_sha256 = ex.input_sha256;
	meta.input_size = ex.input_size;
	meta.input_type = ex.input_is_dir ? "directory" : "file";
	gb_store_update_input(store, &meta);

	double t1 = gb_now();
	gb_analysis_stats stats;
	gb_components comps = {0};
	gb_analyze_ex(&ex.inventory, ex.input_root, workdir, NULL, opts->jobs, &ex.findings, &comps,
	              opts->rule_paths, &stats);
	gb_vuln_match(store, &comps, &ex.inventory, &ex.findings);
	gb_osv_match(store, &comps, &ex.inventory, &ex.findings);
	sum->analyze_seconds = gb_now() - t1;

	double t2 = gb_now();
	int saved = gb_store_save_results(store, meta.id, &ex.inventory, &ex.findings);
	if (saved == 0)
		saved = gb_store_save_components(store, meta.id, &comps);
	gb_components_free(&comps);
	sum->store_seconds = gb_now() - t2;
	sum->nodes = ex.inventory.count;
	sum->errors = ex.errors;
	sum->formats = ex.formats_seen;
	for (size_t i = 0; i < ex.findings.count; i++)
		sum->by_severity[ex.findings.items[i].severity]++;
	sum->total_seconds = gb_now() - t0;
	char *timings = timings_json(sum);
	if (saved < 0) {
		*err = gb_xstrdup("cannot save the results in the database");
		gb_store_finish_scan(store, meta.id, "failed", timings, *err);
	} else {
		gb_store_finish_scan(store, meta.id, "complete", timings, NULL);
	}
	free(timings);
	gb_extraction_free(&ex);
	if (!keep_dir)
		gb_temp_dir_remove(workdir);
	free(workdir);
	free(meta.options);
	free(abs);
	return saved < 0 ? -1 : 0;
}
