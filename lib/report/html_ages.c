/*
 * The HTML report's chart of component ages: how old each component's date
 * was when the scan started, oldest first, the bar coloured by what the date
 * is (an upstream release, a build, a package entry). The dates are those the
 * image carries (lib/analyze/component_dates.c); components without one are
 * listed as such, never given an estimate.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/component_dates.h"
#include "report/html_ages.h"
#include "util/util.h"

static const struct {
	const char *kind, *colour, *legend;
} kinds[] = {
    {"release", "#1d4ed8", "upstream release date"},
    {"package", "#059669", "package date (changelog entry, install time)"},
    {"build", "#d97706", "build date (banner)"},
};

static const char *colour_of(const char *kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kind && !strcmp(kind, kinds[i].kind))
			return kinds[i].colour;
	return "#6b7280";
}

/* Days since 1970-01-01 of a proleptic Gregorian date (valid dates only). */
static int64_t days_of(int y, int m, int d)
{
	static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	int64_t yy = y - 1;
	int64_t n = 365 * yy + yy / 4 - yy / 100 + yy / 400 + before[m - 1] + d - 1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (leap && m > 2)
		n++;
	return n - 719162; /* days from 0001-01-01 to 1970-01-01 */
}

/* Days of the date at the start of S ("2026-11-23T14:42:12Z", "2023-09-19"); false if none. */
static bool day_number(const char *s, int64_t *out)
{
	char iso[11];
	if (!s || !gb_date_read_iso(s, s + strnlen(s, 10), iso) || iso[4] != '-')
		return false;
	*out = days_of(atoi(iso), atoi(iso + 5), atoi(iso + 8));
	return true;
}

typedef struct aged {
	const gb_component *c;
	int64_t days;
} aged;

static int cmp_aged(const void *x, const void *y)
{
	const aged *a = x, *b = y;
	if (a->days != b->days)
		return a->days > b->days ? -1 : 1;
	int c = strcmp(a->c->name, b->c->name);
	return c ? c : strcmp(a->c->version ? a->c->version : "", b->c->version ? b->c->version : "");
}

/* "3 days", "7 months", "2.4 years". */
static void put_age(FILE *out, int64_t days)
{
	if (days < 0)
		fputs("after the scan", out);
	else if (days < 61)
		fprintf(out, "%lld day%s", (long long)days, days == 1 ? "" : "s");
	else if (days < 730)
		fprintf(out, "%lld months", (long long)(days * 12 / 365));
	else
		fprintf(out, "%.1f years", (double)days / 365.25);
}

void gb_html_age_chart(FILE *out, const gb_scan_record *r)
{
	const gb_components *cs = &r->components;
	int64_t now = 0;
	bool have_now = day_number(r->meta.started_at, &now);
	aged *a = gb_xcalloc(cs->count ? cs->count : 1, sizeof(*a));
	bool *dated = gb_xcalloc(cs->count ? cs->count : 1, sizeof(*dated));
	size_t n = 0;
	for (size_t i = 0; i < cs->count; i++) {
		int64_t d;
		if (have_now && day_number(cs->items[i].date, &d)) {
			a[n++] = (aged){&cs->items[i], now - d};
			dated[i] = true;
		}
	}
	if (n)
		qsort(a, n, sizeof(*a), cmp_aged);
	int64_t max = 1;
	for (size_t i = 0; i < n; i++)
		if (a[i].days > max)
			max = a[i].days;
	const unsigned row = 22, label_w = 210, bar_w = 300, w = label_w + bar_w + 220;
	unsigned h = (unsigned)(n ? n : 1) * row + 4;
	fputs("<figure><figcaption>Component ages at scan time (dates the image carries)</figcaption>", out);
	fprintf(out,
	        "<svg id=\"chart-ages\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" "
	        "viewBox=\"0 0 %u %u\" role=\"img\" font-size=\"12\" font-family=\"sans-serif\">",
	        w, h, w, h);
	if (!n)
		fputs("<text x=\"0\" y=\"16\" fill=\"#6b7280\">no component has a date in the image</text>",
		      out);
	for (size_t i = 0; i < n; i++) {
		const gb_component *c = a[i].c;
		unsigned y = (unsigned)i * row + 2;
		unsigned len = a[i].days > 0 ? (unsigned)((double)a[i].days / (double)max * bar_w) : 0;
		if (a[i].days > 0 && len < 2)
			len = 2;
		fputs("<g data-name=\"", out);
		gb_html_puts(out, c->name);
		fputs("\" data-version=\"", out);
		gb_html_puts(out, c->version);
		fputs("\" data-date=\"", out);
		gb_html_puts(out, c->date);
		fputs("\" data-kind=\"", out);
		gb_html_puts(out, c->date_kind);
		fprintf(out, "\" data-age-days=\"%lld\"><title>", (long long)a[i].days);
		gb_html_puts(out, c->date_evidence);
		fprintf(out, "</title><text x=\"%u\" y=\"%u\" text-anchor=\"end\">", label_w - 6, y + 15);
		gb_html_puts(out, c->name);
		fputs(" ", out);
		gb_html_puts(out, c->version);
		fprintf(out,
		        "</text><rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"%s\"/>"
		        "<text x=\"%u\" y=\"%u\">",
		        label_w, y + 3, len, row - 6, colour_of(c->date_kind), label_w + len + 4, y + 15);
		put_age(out, a[i].days);
		fputs(" (", out);
		gb_html_puts(out, c->date_kind);
		fputs(" ", out);
		gb_html_puts(out, c->date);
		fputs(")</text></g>", out);
	}
	fputs("</svg><div id=\"ages-legend\">", out);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		fprintf(out,
		        "<span><svg width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" "
		        "fill=\"%s\"/></svg> "
		        "%s</span> ",
		        kinds[i].colour, kinds[i].legend);
	fputs("</div>", out);
	/* The rest, by name: said to have no date rather than left out. */
	size_t undated = cs->count - n;
	fprintf(out, "<p>No date in the image (%zu):</p><ul id=\"ages-undated\">", undated);
	for (size_t i = 0; i < cs->count; i++) {
		const gb_component *c = &cs->items[i];
		if (dated[i])
			continue;
		fputs("<li>", out);
		gb_html_puts(out, c->name);
		fputs(" ", out);
		gb_html_puts(out, c->version);
		fputs("</li>", out);
	}
	if (!undated)
		fputs("<li class=\"muted\">none</li>", out);
	fputs("</ul></figure>\n", out);
	free(dated);
	free(a);
}
