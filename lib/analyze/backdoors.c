/*
 * Known backdoors: the shipped YARA pack (rules/backdoors/ *.yar files, publicly
 * documented backdoors in network equipment and its supply chain) and the
 * user's own rules (--rules), run with libyara over every file of the image.
 *
 * The rules are compiled once per scan in begin() and shared by the worker
 * threads; each yr_rules_scan_mem call has its own scanner state. No time
 * limit is set on a scan: a limit would make the findings depend on the
 * machine's speed, and a scan must be reproducible.
 *
 * One glassbox rule stands for the whole shipped pack (GB-BKD-001), one for
 * user rules (GB-BKD-002); the YARA rule's name, description, reference, CVE
 * and clauses are the evidence. The matched bytes are not quoted: several
 * rules match passwords, so offsets and string names are given instead.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/needles.h"
#include "analyze/yara_rules.h"
#include "glassbox/analyzer.h"
#include "util/util.h"

#define R_KNOWN "GB-BKD-001"
#define R_USER  "GB-BKD-002"

const gb_rule gb_backdoors_rules[] = {
    {R_KNOWN, "Known backdoor or implant (glassbox YARA pack)", GB_SEV_CRITICAL, "backdoor",
     "CWE-912,CWE-798", "4.2.3.4.2.1,4.2.3.4.2.3,4.3.2.4,4.2.3.3.5",
     "A file matches a rule of the shipped known-backdoor pack (rules/backdoors/, listed by glassbox rules "
     "list): the indicator of a publicly documented backdoor (hard-coded master password, magic packet "
     "string, hidden debug page) or of known malware (Mirai, VPNFilter, BPFDoor, the xz-utils backdoor). "
     "The evidence names the YARA rule, its reference and the clauses it is evidence against. Treat the "
     "device as compromised or backdoored until the vendor explains the match."},
    {R_USER, "File matches a user-supplied YARA rule", GB_SEV_HIGH, "backdoor", "CWE-912", "4.3.2.4",
     "A file matches a rule from a --rules file or directory. glassbox cannot know what the rule means: "
     "the finding is high, and the evidence quotes the rule's own description, reference and severity "
     "meta fields."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};

typedef struct state {
	YR_RULES *rules;
	/* The shipped pack alone, whose every rule needs one of its literal
	 * strings: the shared needle pass finds them, and a file holding none
	 * is not scanned (libyara's own pass over every byte is what the scan
	 * of a large image spent most of its time on). */
	bool prefilter;
	int *ids;
	size_t nids;
	gb_analysis *a;
} state;

typedef struct match_ctx {
	gb_analysis *a;
	const gb_node *n;
} match_ctx;

static void add_literal(void *user, const uint8_t *lit, size_t len)
{
	state *s = user;
	int id = gb_analysis_add_needle(s->a, lit, len, 0);
	if (id < 0)
		s->prefilter = false;
	s->ids = gb_xrealloc(s->ids, (s->nids + 1) * sizeof(*s->ids));
	s->ids[s->nids++] = id;
}

static void *begin(gb_analysis *a)
{
	state *s = gb_xcalloc(1, sizeof(*s));
	/* The CLI compiled the same rules before the scan and stopped on
	 * errors; a library caller with broken rules gets no YARA findings. */
	s->rules = gb_yara_compile(true, gb_analysis_rule_paths(a), NULL, NULL);
	/* User rules are scanned over every file: nothing is known of them. */
	s->a = a;
	s->prefilter = true;
	if (gb_analysis_rule_paths(a)[0] || !gb_yara_shipped_literals(s->rules, add_literal, s))
		s->prefilter = false;
	return s;
}

static void end(gb_analysis *a, void *st)
{
	(void)a;
	state *s = st;
	gb_yara_free(s->rules);
	free(s->ids);
	free(s);
}

static bool wants(const gb_node *n, const uint8_t *head, size_t len)
{
	(void)head;
	(void)len;
	/* A container's members are scanned on their own; scanning the
	 * container's bytes as well would report a match twice. ELF files are
	 * identified but not unpacked: they are scanned. */
	return !n->format || strcmp(n->format, "elf") == 0;
}

/* Offset of STR's first public match. libyara keeps YR_MATCH records in its
 * own packed arena, where they may be misaligned (UBSan reports it), so they
 * are copied out rather than read in place as yr_string_matches_foreach does. */
static bool first_match(YR_SCAN_CONTEXT *ctx, const YR_STRING *str, int64_t *at)
{
	const YR_MATCH *p;
	memcpy(&p, &ctx->matches[str->idx].head, sizeof(p));
	while (p) {
		const char *raw = (const char *)p;
		int64_t base, off;
		bool private_;
		memcpy(&private_, raw + offsetof(YR_MATCH, is_private), sizeof(private_));
		if (!private_) {
			memcpy(&base, raw + offsetof(YR_MATCH, base), sizeof(base));
			memcpy(&off, raw + offsetof(YR_MATCH, offset), sizeof(off));
			*at = base + off;
			return true;
		}
		memcpy(&p, raw + offsetof(YR_MATCH, next), sizeof(p));
	}
	return false;
}

static int on_match(YR_SCAN_CONTEXT *ctx, int message, void *data, void *user)
{
	if (message != CALLBACK_MSG_RULE_MATCHING)
		return CALLBACK_CONTINUE;
	const match_ctx *m = user;
	const YR_RULE *rule = data;
	bool shipped = strcmp(rule->ns->name, GB_YARA_SHIPPED_NS) == 0;
	gb_buf b = {0};
	gb_buf_printf(&b, "%s", rule->identifier);
	const char *fields[] = {"description", "cve", "reference", "ts33117", "severity", NULL};
	for (const char **f = fields; *f; f++) {
		const char *v = gb_yara_meta(rule, *f);
		if (v && (!shipped || strcmp(*f, "severity") != 0))
			gb_buf_printf(&b, "; %s: %s", *f, v);
	}
	if (!shipped)
		gb_buf_printf(&b, "; file: %s", rule->ns->name);
	int64_t first = -1;
	unsigned shown = 0;
	const YR_STRING *str;
	yr_rule_strings_foreach(rule, str)
	{
		int64_t at;
		if (!first_match(ctx, str, &at))
			continue;
		if (first < 0 || at < first)
			first = at;
		if (shown < 4)
			gb_buf_printf(&b, "%s%s at 0x%llx", shown ? ", " : "; matched ", str->identifier,
			              (unsigned long long)at);
		shown++;
	}
	char *ev = gb_buf_steal(&b);
	gb_analysis_report(m->a, shipped ? R_KNOWN : R_USER, m->n, first, -1, ev);
	free(ev);
	return CALLBACK_CONTINUE;
}

static void analyze(gb_analysis *a, void *st, const gb_node *n, const uint8_t *data, size_t len)
{
	state *s = st;
	if (!s->rules)
		return;
	if (s->prefilter) {
		const gb_needle_hits *h = gb_analysis_needle_hits(a);
		bool any = false;
		for (size_t i = 0; i < s->nids && !any; i++)
			any = gb_needle_first(h, s->ids[i]) != 0;
		if (!any)
			return;
	}
	match_ctx m = {a, n};
	yr_rules_scan_mem(s->rules, data, len, SCAN_FLAGS_FAST_MODE, on_match, &m, 0);
}

const gb_analyzer gb_analyzer_backdoors = {
    .name = "backdoors",
    .description = "known backdoors and implants: the shipped YARA pack and --rules files",
    .wants = wants,
    .analyze = analyze,
    .begin = begin,
    .end = end,
};
