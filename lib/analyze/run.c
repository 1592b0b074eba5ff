#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/needles.h"
#include "glassbox/analyzer.h"
#include "unpack/safefs.h"
#include "util/util.h"

struct gb_analysis {
	const gb_inventory *inv;
	const gb_analyzer *const *analyzers;
	size_t nanalyzers;
	void **states;
	int in_fd, out_fd;
	uint64_t *work; /* node indices */
	size_t nwork;
	atomic_size_t next;
	pthread_mutex_t lock; /* findings and stats */
	gb_findings *out;
	gb_components *components;
	const char *const *rule_paths;
	gb_analysis_stats stats;
	unsigned jobs;
	gb_needles *needles; /* every analyzer's, registered in begin */
	bool needles_built;
};

/* The file a worker thread is analyzing, and its needles once found: the
 * first analyzer that asks runs the pass, the others reuse it. */
typedef struct file_pass {
	const gb_analysis *a;
	const uint8_t *data;
	size_t len;
	bool done;
	gb_needle_hits hits;
} file_pass;

static _Thread_local file_pass *current;

static char *dup_or_null(const char *s)
{
	return s ? gb_xstrdup(s) : NULL;
}

void gb_analysis_add_component(gb_analysis *a, const gb_component *c)
{
	if (!a->components)
		return;
	pthread_mutex_lock(&a->lock);
	gb_component *d = gb_components_add(a->components);
	d->name = dup_or_null(c->name);
	d->version = dup_or_null(c->version);
	d->pkg_version = dup_or_null(c->pkg_version);
	d->purl = dup_or_null(c->purl);
	d->cpe = dup_or_null(c->cpe);
	d->licence = dup_or_null(c->licence);
	d->paths = dup_or_null(c->paths);
	d->evidence = dup_or_null(c->evidence);
	d->confidence = dup_or_null(c->confidence);
	d->node_id = c->node_id;
	d->path = dup_or_null(c->path);
	d->container = dup_or_null(c->container);
	d->date = dup_or_null(c->date);
	d->date_kind = dup_or_null(c->date_kind);
	d->date_evidence = dup_or_null(c->date_evidence);
	pthread_mutex_unlock(&a->lock);
}

void gb_analysis_report(gb_analysis *a, const char *rule_id, const gb_node *n, int64_t offset, int64_t line,
                        const char *evidence)
{
	pthread_mutex_lock(&a->lock);
	gb_finding *f =
	    gb_findings_add(a->out, rule_id, n ? n->path : NULL, n ? n->container : NULL, n ? n->id : 0,
	                    offset, evidence, n && n->sha256[0] ? n->sha256 : NULL);
	f->line = line;
	pthread_mutex_unlock(&a->lock);
}

const gb_inventory *gb_analysis_inventory(const gb_analysis *a)
{
	return a->inv;
}

const char *const *gb_analysis_rule_paths(const gb_analysis *a)
{
	static const char *const none[] = {NULL};
	return a->rule_paths ? a->rule_paths : none;
}

int gb_analysis_add_needle(gb_analysis *a, const void *needle, size_t len, unsigned flags)
{
	if (a->needles_built)
		return -1;
	if (!a->needles)
		a->needles = gb_needles_new();
	return gb_needles_add(a->needles, needle, len, flags);
}

const gb_needle_hits *gb_analysis_needle_hits(gb_analysis *a)
{
	static const gb_needle_hits none;
	file_pass *f = current;
	if (!f || f->a != a || !f->data || !a->needles)
		return &none;
	if (!f->done) {
		/* A large file (a kernel) is searched in parts on every thread,
		 * so that the other threads do not wait idle for it. */
		gb_needles_find(a->needles, f->data, f->len, a->jobs, &f->hits);
		f->done = true;
	}
	return &f->hits;
}

static void analyze_node(gb_analysis *a, file_pass *pass, const gb_node *n, uint64_t *bytes, uint64_t *calls)
{
	int fd = gb_safe_open_read(n->in_input ? a->in_fd : a->out_fd, n->disk_path);
	if (fd < 0)
		return;
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size == 0) {
		close(fd);
		return;
	}
	size_t len = (size_t)st.st_size;
	void *data = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (data == MAP_FAILED)
		return;
	size_t headlen = len < 4096 ? len : 4096;
	pass->data = data;
	pass->len = len;
	pass->done = false;
	for (size_t i = 0; i < a->nanalyzers; i++) {
		const gb_analyzer *an = a->analyzers[i];
		if (an->wants && !an->wants(n, data, headlen))
			continue;
		an->analyze(a, a->states[i], n, data, len);
		(*calls)++;
	}
	*bytes += len;
	pass->data = NULL;
	munmap(data, len);
}

static void *worker(void *arg)
{
	gb_analysis *a = arg;
	uint64_t files = 0, bytes = 0, calls = 0;
	file_pass pass = {.a = a};
	current = &pass;
	for (;;) {
		size_t i = atomic_fetch_add(&a->next, 1);
		if (i >= a->nwork)
			break;
		analyze_node(a, &pass, &a->inv->nodes[a->work[i]], &bytes, &calls);
		files++;
	}
	current = NULL;
	gb_needle_hits_free(&pass.hits);
	pthread_mutex_lock(&a->lock);
	a->stats.files += files;
	a->stats.bytes += bytes;
	a->stats.calls += calls;
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

static int cmp_finding(const void *x, const void *y)
{
	const gb_finding *a = x, *b = y;
	if (a->node_id != b->node_id)
		return a->node_id < b->node_id ? -1 : 1;
	int c = strcmp(a->rule_id, b->rule_id);
	if (c)
		return c;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return strcmp(a->fingerprint, b->fingerprint);
}

int gb_analyze(const gb_inventory *inv, const char *input_root, const char *outdir,
               const gb_analyzer *const *analyzers, unsigned jobs, gb_findings *out, gb_analysis_stats *stats)
{
	return gb_analyze_full(inv, input_root, outdir, analyzers, jobs, out, NULL, stats);
}

int gb_analyze_full(const gb_inventory *inv, const char *input_root, const char *outdir,
                    const gb_analyzer *const *analyzers, unsigned jobs, gb_findings *out,
                    gb_components *components, gb_analysis_stats *stats)
{
	return gb_analyze_ex(inv, input_root, outdir, analyzers, jobs, out, components, NULL, stats);
}

int gb_analyze_ex(const gb_inventory *inv, const char *input_root, const char *outdir,
                  const gb_analyzer *const *analyzers, unsigned jobs, gb_findings *out,
                  gb_components *components, const char *const *rule_paths, gb_analysis_stats *stats)
{
	double t0 = gb_now();
	gb_analysis a = {.inv = inv,
	                 .analyzers = analyzers ? analyzers : gb_analyzers(),
	                 .out = out,
	                 .components = components,
	                 .rule_paths = rule_paths};
	while (a.analyzers[a.nanalyzers])
		a.nanalyzers++;
	a.in_fd = input_root ? open(input_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	a.out_fd = outdir ? open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	pthread_mutex_init(&a.lock, NULL);
	size_t first = out->count;

	a.work = gb_xcalloc(inv->count ? inv->count : 1, sizeof(*a.work));
	for (size_t i = 0; i < inv->count; i++) {
		const gb_node *n = &inv->nodes[i];
		if (n->kind == GB_NODE_FILE && n->status != GB_STATUS_REPLACED && n->disk_path && n->size > 0)
			a.work[a.nwork++] = i;
	}
	a.states = gb_xcalloc(a.nanalyzers ? a.nanalyzers : 1, sizeof(*a.states));
	for (size_t i = 0; i < a.nanalyzers; i++)
		if (a.analyzers[i]->begin)
			a.states[i] = a.analyzers[i]->begin(&a);
	a.needles_built = true;
	if (a.needles)
		gb_needles_build(a.needles);

	if (a.nanalyzers) {
		if (jobs == 0) {
			long n = sysconf(_SC_NPROCESSORS_ONLN);
			jobs = n > 0 ? (unsigned)n : 1;
		}
		if (jobs > 256)
			jobs = 256;
		a.jobs = jobs; /* also for one large file alone */
		if (jobs > a.nwork)
			jobs = a.nwork ? (unsigned)a.nwork : 1;
		pthread_t *threads = gb_xcalloc(jobs, sizeof(*threads));
		unsigned started = 0;
		for (unsigned t = 1; t < jobs; t++)
			if (pthread_create(&threads[started], NULL, worker, &a) == 0)
				started++;
		worker(&a); /* the calling thread works too */
		for (unsigned t = 0; t < started; t++)
			pthread_join(threads[t], NULL);
		free(threads);
	}
	for (size_t i = 0; i < a.nanalyzers; i++)
		if (a.analyzers[i]->end)
			a.analyzers[i]->end(&a, a.states[i]);
	/* Thread timing must not change the report: sort what this run added. */
	if (out->count > first)
		qsort(out->items + first, out->count - first, sizeof(*out->items), cmp_finding);

	a.stats.seconds = gb_now() - t0;
	if (stats)
		*stats = a.stats;
	free(a.states);
	free(a.work);
	gb_needles_free(a.needles);
	if (a.in_fd >= 0)
		close(a.in_fd);
	if (a.out_fd >= 0)
		close(a.out_fd);
	pthread_mutex_destroy(&a.lock);
	return 0;
}
