/*
 * Programs and libraries (ELF): the exploit mitigations they were built with,
 * the unsafe functions they import, and the bind-shell pattern.
 *
 * The hardening verdicts are checksec's (elfinfo.c reproduces checksec 2.6.0
 * decision by decision), so an evaluator can check any finding with a tool
 * everyone has. What is reported is chosen not to drown a report: one finding
 * per program listing the protections it lacks, rather than one per
 * protection, because the remedy is the same (rebuild with the distribution's
 * hardening flags) and an image of 300 programs would otherwise give a
 * thousand findings. Partial RELRO and a missing FORTIFY are listed in the
 * evidence but are no finding on their own: Debian itself ships most programs
 * that way (-z relro without -z now is its default), so they say nothing about
 * a vendor's care. Kernel modules and objects (REL) are not programs: no
 * hardening finding.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/elfinfo.h"
#include "glassbox/analyzer.h"
#include "util/util.h"

#define R_EXECSTACK "GB-BIN-001"
#define R_NOHARDEN  "GB-BIN-002"
#define R_RPATH     "GB-BIN-003"
#define R_DANGER    "GB-BIN-004"
#define R_BINDSHELL "GB-BIN-005"

const gb_rule gb_binaries_rules[] = {
    {R_EXECSTACK, "Program runs with an executable stack (NX disabled)", GB_SEV_MEDIUM, "hardening",
     "CWE-693", "4.3.3.1.5",
     "The ELF file has no PT_GNU_STACK segment or one marked RWE, so the loader gives the process an "
     "executable stack: a stack buffer overflow can run the attacker's bytes directly. Verdict as "
     "checksec --file reports it. Rebuild without -z execstack (and find the object that asks for it)."},
    {R_NOHARDEN, "Program built without basic exploit mitigations (stack canary, PIE, RELRO)", GB_SEV_MEDIUM,
     "hardening", "CWE-693", "4.3.3.1.5",
     "The evidence lists which of stack-smashing protection (-fstack-protector-strong), position "
     "independence (-fPIE -pie, so ASLR covers the program) and RELRO (-z relro) are missing, followed "
     "by all of checksec's verdicts for the file. One finding per file. A stripped static program's "
     "canary cannot be seen (checksec looks for the __stack_chk_fail symbol) and is not listed. TS "
     "33.117 4.3.3.1.5 asks for buffer-overflow protection mechanisms."},
    {R_RPATH, "Library search path (RPATH/RUNPATH) that others can write to", GB_SEV_LOW, "hardening",
     "CWE-426,CWE-427", "4.3.3.1.7",
     "The program looks for its shared libraries in a relative directory (resolved from the current "
     "directory), an empty element, or a world-writable place such as /tmp: whoever can write there "
     "runs code as the program's user. $ORIGIN and absolute system paths are not reported."},
    {R_DANGER, "Program imports unsafe C library functions", GB_SEV_LOW, "hardening",
     "CWE-242,CWE-676,CWE-78", "4.3.3.1.5",
     "The program calls functions that cannot bound what they write (gets, strcpy, strcat, sprintf, "
     "vsprintf...) or that run a command through the shell (system, popen). Their presence is not a bug "
     "by itself, but they are where overflows and command injections are found: review the call sites "
     "first. The evidence lists the imported names."},
    {R_BINDSHELL, "Program can hand a shell to a network port (bind-shell pattern)", GB_SEV_HIGH, "backdoor",
     "CWE-912,CWE-306", "4.3.2.1,4.3.2.4,4.2.3.4.2.1",
     "The program imports socket, bind, listen and accept, duplicates descriptors onto its standard "
     "streams (dup2/dup3), executes programs (exec*) and names a shell (\"/bin/sh\"), imports no "
     "authentication function (crypt, getspnam, PAM) and is small (at most 120 imports, so these calls "
     "are what it is for): the shape of a bind shell such as netcat built with -e. High rather than critical "
     "because it proves the capability, not that the device uses "
     "it: GB-SVC-003 (critical) reports a boot sequence that actually starts a shell on a port. A "
     "production image has no use for such a tool; remove it."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};

static bool wants(const gb_node *n, const uint8_t *head, size_t len)
{
	return len >= 52 && memcmp(head, "\177ELF", 4) == 0;
}

static void reportf(gb_analysis *a, const gb_node *n, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void reportf(gb_analysis *a, const gb_node *n, const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *ev = gb_xvasprintf(fmt, ap);
	va_end(ap);
	gb_analysis_report(a, rule, n, -1, -1, ev);
	free(ev);
}

/* checksec's verdicts in its JSON spelling, for the evidence. */
static char *verdicts(const gb_elfinfo *e)
{
	return gb_xasprintf(
	    "relro=%s canary=%s nx=%s pie=%s rpath=%s runpath=%s symbols=%s fortify_source=%s "
	    "fortified=%u fortify-able=%u",
	    gb_relro_name(e->relro), e->canary ? "yes" : "no", e->nx ? "yes" : "no", gb_pie_name(e->pie),
	    e->rpath ? "yes" : "no", e->runpath ? "yes" : "no", e->symbols ? "yes" : "no",
	    e->fortify ? "yes" : "no", e->fortified, e->fortifiable);
}

/* Whether one element of a search path is writable by others or relative. */
static bool unsafe_dir(const char *d, size_t n)
{
	if (n == 0)
		return true; /* an empty element means the current directory */
	if (n >= 7 && memcmp(d, "$ORIGIN", 7) == 0)
		return false;
	if (n >= 9 && memcmp(d, "${ORIGIN}", 9) == 0)
		return false;
	if (d[0] != '/')
		return true;
	static const char *const writable[] = {"/tmp",   "/var/tmp", "/dev/shm", "/mnt",
	                                       "/media", "/home",    NULL};
	for (const char *const *w = writable; *w; w++) {
		size_t l = strlen(*w);
		if (n >= l && memcmp(d, *w, l) == 0 && (n == l || d[l] == '/'))
			return true;
	}
	return false;
}

static void check_path(gb_analysis *a, const gb_node *n, const char *kind, const char *s, size_t len)
{
	for (size_t i = 0, start = 0; i <= len; i++) {
		if (i < len && s[i] != ':')
			continue;
		if (unsafe_dir(s + start, i - start)) {
			reportf(a, n, R_RPATH, "%s %.*s: element \"%.*s\"", kind, (int)len, s,
			        (int)(i - start), s + start);
			return;
		}
		start = i + 1;
	}
}

static const char *const dangerous[] = {
    "gets", "strcpy", "strcat", "sprintf", "vsprintf", "stpcpy", "wcscpy", "wcscat", "system", "popen", NULL,
};

static bool imports_any(const gb_elfinfo *e, const char *const *names)
{
	for (; *names; names++)
		if (gb_elfinfo_imports(e, *names))
			return true;
	return false;
}

/* A shell named as a whole string: "/bin/sh" followed by NUL or a space. */
static bool names_shell(const uint8_t *d, size_t len)
{
	static const char *const shells[] = {"/bin/sh", "/bin/bash", "/bin/ash", "/bin/busybox", NULL};
	for (const char *const *s = shells; *s; s++) {
		size_t l = strlen(*s);
		const uint8_t *p = d, *end = d + len;
		while (p < end && (p = memmem(p, (size_t)(end - p), *s, l))) {
			if (p + l < end && (p[l] == 0 || p[l] == ' '))
				return true;
			p += l;
		}
	}
	return false;
}

#define MAX_BINDSHELL_IMPORTS 120

static void bind_shell(gb_analysis *a, const gb_node *n, const gb_elfinfo *e, const uint8_t *d, size_t len)
{
	static const char *const need[] = {"socket", "bind", "listen", NULL};
	for (const char *const *s = need; *s; s++)
		if (!gb_elfinfo_imports(e, *s))
			return;
	static const char *const accepts[] = {"accept", "accept4", NULL};
	static const char *const dups[] = {"dup2", "dup3", NULL};
	static const char *const execs[] = {"execl",  "execle",  "execlp",  "execv", "execve",
	                                    "execvp", "execvpe", "fexecve", NULL};
	/* What a login service imports: a program that checks a password is a
	 * server (sshd, dropbear, telnetd's login), not a bind shell. */
	static const char *const auth[] = {"crypt",     "crypt_r",          "getspnam", "getspnam_r",
	                                   "pam_start", "pam_authenticate", NULL};
	if (!imports_any(e, accepts) || !imports_any(e, dups) || !imports_any(e, execs) ||
	    imports_any(e, auth))
		return;
	/* A bind shell is a small tool: these calls are most of what it does.
	 * Large programs use the same calls for other ends (ssh's port
	 * forwarding and ProxyCommand, git daemon, gawk's coprocesses, tmux)
	 * and were the false positives on Debian's /usr/bin; netcat built with
	 * -e imports 65 functions, those over 200. */
	if (e->nimports > MAX_BINDSHELL_IMPORTS || !names_shell(d, len))
		return;
	gb_buf b = {0};
	gb_buf_puts(&b, "imports");
	static const char *const *const groups[] = {need, accepts, dups, execs, NULL};
	for (const char *const *const *g = groups; *g; g++)
		for (const char *const *s = *g; *s; s++)
			if (gb_elfinfo_imports(e, *s))
				gb_buf_printf(&b, " %s", *s);
	gb_buf_puts(&b, "; names a shell (/bin/sh); no authentication import");
	char *ev = gb_buf_steal(&b);
	gb_analysis_report(a, R_BINDSHELL, n, -1, -1, ev);
	free(ev);
}

static void analyze(gb_analysis *a, void *state, const gb_node *n, const uint8_t *data, size_t len)
{
	(void)state;
	gb_elfinfo e;
	if (gb_elfinfo_parse(data, len, &e) < 0)
		return;
	/* Programs and shared libraries only: relocatable objects (kernel
	 * modules) and core files are not run as they are. */
	if (e.type != 2 && e.type != 3) {
		gb_elfinfo_free(&e);
		return;
	}
	char *v = verdicts(&e);
	if (!e.nx)
		reportf(a, n, R_EXECSTACK, "%s", v);

	gb_buf miss = {0};
	const char *sep = "";
	bool stripped_static = !e.dynamic && !e.symbols;
	if (!e.canary && !stripped_static) {
		gb_buf_printf(&miss, "%sno stack canary", sep);
		sep = ", ";
	}
	if (e.pie == GB_PIE_NO) {
		gb_buf_printf(&miss, "%sno PIE", sep);
		sep = ", ";
	}
	if (e.relro == GB_RELRO_NONE) {
		gb_buf_printf(&miss, "%sno RELRO", sep);
		sep = ", ";
	}
	if (miss.len) {
		char *m = gb_buf_steal(&miss);
		reportf(a, n, R_NOHARDEN, "%s (%s)", m, v);
		free(m);
	}
	gb_buf_free(&miss);
	free(v);

	if (e.rpath)
		check_path(a, n, "RPATH", e.rpath_str, e.rpath_len);
	if (e.runpath)
		check_path(a, n, "RUNPATH", e.runpath_str, e.runpath_len);

	if (imports_any(&e, dangerous)) {
		gb_buf b = {0};
		for (const char *const *s = dangerous; *s; s++)
			if (gb_elfinfo_imports(&e, *s))
				gb_buf_printf(&b, "%s%s", b.len ? " " : "imports ", *s);
		char *ev = gb_buf_steal(&b);
		gb_analysis_report(a, R_DANGER, n, -1, -1, ev);
		free(ev);
	}
	bind_shell(a, n, &e, data, len);
	gb_elfinfo_free(&e);
}

const gb_analyzer gb_analyzer_binaries = {
    .name = "binaries",
    .description = "ELF programs: checksec hardening verdicts, unsafe imports, bind-shell pattern",
    .wants = wants,
    .analyze = analyze,
};
