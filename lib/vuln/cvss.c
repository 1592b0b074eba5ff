/*
 * CVSS v3.x base scores from a vector string, by the formulas of the FIRST
 * "CVSS v3.1 Specification Document", section 7.1 (v3.0 differs only in the
 * rounding function, which 3.1 made exact). OSV records give the vector
 * alone; the score is what a reader compares.
 */
#include <math.h>
#include <string.h>

#include "vuln/vuln.h"

/* The smallest number with one decimal that is >= x (the specification's Roundup). */
static double roundup(double x)
{
	long i = lround(x * 100000);
	return i % 10000 == 0 ? i / 100000.0 : (floor((double)i / 10000) + 1) / 10.0;
}

/* The value of metric NAME ("AV") in VECTOR, or 0 when missing. */
static char metric(const char *vector, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = vector; (p = strstr(p, name)); p++)
		if ((p == vector || p[-1] == '/') && p[n] == ':')
			return p[n + 1];
	return 0;
}

double gb_cvss3_base_score(const char *vector)
{
	if (!vector || strncmp(vector, "CVSS:3.", 7) != 0)
		return -1;
	char av = metric(vector, "AV"), ac = metric(vector, "AC"), pr = metric(vector, "PR"),
	     ui = metric(vector, "UI"), s = metric(vector, "S"), c = metric(vector, "C"),
	     i = metric(vector, "I"), a = metric(vector, "A");
	if (!av || !ac || !pr || !ui || !s || !c || !i || !a)
		return -1;
	bool changed = s == 'C';
	double wav = av == 'N' ? 0.85 : av == 'A' ? 0.62 : av == 'L' ? 0.55 : av == 'P' ? 0.2 : -1;
	double wac = ac == 'L' ? 0.77 : ac == 'H' ? 0.44 : -1;
	double wpr = pr == 'N'   ? 0.85
	             : pr == 'L' ? (changed ? 0.68 : 0.62)
	             : pr == 'H' ? (changed ? 0.5 : 0.27)
	                         : -1;
	double wui = ui == 'N' ? 0.85 : ui == 'R' ? 0.62 : -1;
#define CIA(x) ((x) == 'H' ? 0.56 : (x) == 'L' ? 0.22 : (x) == 'N' ? 0 : -1)
	double wc = CIA(c), wi = CIA(i), wa = CIA(a);
#undef CIA
	if (wav < 0 || wac < 0 || wpr < 0 || wui < 0 || wc < 0 || wi < 0 || wa < 0 || (s != 'U' && s != 'C'))
		return -1;
	double iss = 1 - (1 - wc) * (1 - wi) * (1 - wa);
	double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
	double exploit = 8.22 * wav * wac * wpr * wui;
	if (impact <= 0)
		return 0;
	return changed ? roundup(fmin(1.08 * (impact + exploit), 10)) : roundup(fmin(impact + exploit, 10));
}
