/*
 * Remote access and boot-time services: what the image starts and how it can
 * be reached. Reads inittab, init scripts (rcS, init.d, rc.local, OpenWrt
 * procd scripts, runit/s6 run files), systemd units, inetd.conf and xinetd,
 * crontabs, sshd_config and OpenWrt's dropbear config. Commands are split
 * with a shell tokenizer (shellwords.c), so "echo telnetd -l /bin/sh" or a
 * commented-out line is not a finding, while "telnetd -l /bin/sh &" is.
 *
 * Best effort by design: an init.d script is taken as started at boot (the
 * rc.d links that enable it are often made on first boot), and variables are
 * not expanded.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze/shellwords.h"
#include "glassbox/analyzer.h"
#include "util/util.h"

#define R_TELNET  "GB-SVC-001"
#define R_FTP     "GB-SVC-002"
#define R_BIND    "GB-SVC-003"
#define R_CONSOLE "GB-SVC-004"
#define R_EMPTYPW "GB-SVC-005"
#define R_ROOTPW  "GB-SVC-006"
#define R_DEBUG   "GB-SVC-007"

const gb_rule gb_services_rules[] = {
    {R_TELNET, "Cleartext remote login service started at boot (telnet, rlogin, rsh)", GB_SEV_HIGH, "service",
     "CWE-319", "4.3.2.1,4.2.3.2.4",
     "telnetd, rlogind, rshd and rexecd send passwords in clear text and are a favourite entry of IoT "
     "botnets. Remove them from the image or at least from the boot sequence; use SSH."},
    {R_FTP, "FTP or TFTP server started at boot", GB_SEV_MEDIUM, "service", "CWE-319,CWE-306",
     "4.3.2.1,4.2.3.2.4",
     "FTP sends credentials in clear text; TFTP has no authentication at all, so anyone on the network "
     "can read (and often write) the files it serves. Start them only on demand, if at all."},
    {R_BIND, "Shell bound to a network port (bind or reverse shell)", GB_SEV_CRITICAL, "backdoor",
     "CWE-306,CWE-912", "4.3.2.1,4.3.2.4,4.2.3.4.2.1",
     "A command gives a shell to the network without login: telnetd -l /bin/sh, nc -e /bin/sh, nc -l piped "
     "into a shell, socat with EXEC:/bin/sh, or an inetd service whose server is a shell. Anyone who "
     "reaches the port is root. This is a backdoor unless proven otherwise."},
    {R_CONSOLE, "Console gives a shell without login", GB_SEV_HIGH, "service", "CWE-306",
     "4.2.3.4.2.1,4.3.2.4",
     "inittab or a getty runs a shell on a console or serial port without asking for a password "
     "(::askfirst:/bin/sh, ttyS0::respawn:/bin/sh, getty -n -l /bin/sh, login -f root). Whoever reaches "
     "the port (a UART header, a console server) is root. Run getty/login instead."},
    {R_EMPTYPW, "SSH server accepts empty passwords", GB_SEV_HIGH, "service", "CWE-258",
     "4.2.3.4.2.1,4.3.2.6",
     "sshd_config sets PermitEmptyPasswords yes: any account with an empty password can log in over the "
     "network."},
    {R_ROOTPW, "SSH server allows root to log in with a password", GB_SEV_MEDIUM, "service", "CWE-250",
     "4.3.2.6",
     "sshd_config sets PermitRootLogin yes with password authentication on, or dropbear runs without -s, "
     "-g or -w (or OpenWrt's dropbear config allows root password logins). TS 33.117 asks that "
     "privileged users log in as themselves and escalate, or use keys."},
    {R_DEBUG, "Debugging or tracing tool started at boot", GB_SEV_HIGH, "service", "CWE-489",
     "4.3.2.3,4.3.2.4",
     "gdbserver, strace, ltrace or tcpdump runs from the boot sequence. gdbserver on a port is remote "
     "code execution without authentication; the others leak traffic and secrets. Remove them from "
     "production images."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};

typedef enum {
	K_NONE,
	K_INITTAB,
	K_SCRIPT,
	K_UNIT,
	K_INETD,
	K_XINETD,
	K_CRON,
	K_SSHD,
	K_UCI_DROPBEAR,
} file_kind;

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static file_kind kind_of(const gb_node *n)
{
	if (!n->path)
		return K_NONE;
	const char *p = n->path, *b = base_name(p);
	if (strcmp(b, "inittab") == 0)
		return K_INITTAB;
	if (strcmp(b, "sshd_config") == 0 || strstr(p, "/sshd_config.d/"))
		return K_SSHD;
	if (ends_with(p, "/config/dropbear"))
		return K_UCI_DROPBEAR;
	if (strcmp(b, "inetd.conf") == 0)
		return K_INETD;
	if (strcmp(b, "xinetd.conf") == 0 || strstr(p, "/xinetd.d/"))
		return K_XINETD;
	if (strstr(p, "/systemd/") && (ends_with(b, ".service") || ends_with(b, ".socket")))
		return K_UNIT;
	if (strcmp(b, "crontab") == 0 || strstr(p, "/cron.d/") || strstr(p, "/crontabs/"))
		return K_CRON;
	if (strstr(p, "/init.d/") || strstr(p, "/rc.d/") || strcmp(b, "rcS") == 0 ||
	    strcmp(b, "rc.local") == 0 || strcmp(b, "rc.sysinit") == 0 ||
	    (strcmp(b, "run") == 0 && (strstr(p, "/sv/") || strstr(p, "/s6"))))
		return K_SCRIPT;
	return K_NONE;
}

static bool wants(const gb_node *n, const uint8_t *head, size_t len)
{
	if (n->size > (1u << 20) || kind_of(n) == K_NONE)
		return false;
	/* Text only: a NUL in the head means a binary that happens to sit there. */
	return memchr(head, 0, len) == NULL;
}

/* --- what a command is -------------------------------------------------- */

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static const char *const shells[] = {"sh", "ash", "bash", "dash", "hush", "msh", "ksh", "mksh", "zsh", NULL};
static const char *const telnets[] = {"telnetd", "utelnetd", "in.telnetd", "rlogind",   "in.rlogind",
                                      "rshd",    "in.rshd",  "rexecd",     "in.rexecd", NULL};
static const char *const ftps[] = {"ftpd",  "vsftpd",   "proftpd", "pure-ftpd", "bftpd", "in.ftpd",
                                   "tftpd", "in.tftpd", "atftpd",  "tftpd-hpa", "uftpd", NULL};
static const char *const debugs[] = {"gdbserver", "strace", "ltrace", "tcpdump", NULL};

/* "/bin/sh", "-/bin/sh", "sh": the basename without a login-shell dash. */
static const char *prog_name(const char *w)
{
	if (w[0] == '-')
		w++;
	return base_name(w);
}

static bool is_shell(const char *w)
{
	return in_list(prog_name(w), shells);
}

typedef struct ctx {
	gb_analysis *a;
	const gb_node *n;
	bool from_inittab; /* a console line: a shell here is a console shell */
} ctx;

static void report(const ctx *c, const char *rule, int64_t line, char **argv, size_t argc)
{
	gb_buf ev = {0};
	for (size_t i = 0; i < argc && ev.len < 200; i++)
		gb_buf_printf(&ev, "%s%s", i ? " " : "", argv[i]);
	char *s = gb_buf_steal(&ev);
	gb_analysis_report(c->a, rule, c->n, -1, line, s);
	free(s);
	gb_buf_free(&ev);
}

/* Index of the real program in ARGV: skips wrappers and assignments. */
static size_t skip_wrappers(char **argv, size_t argc)
{
	static const char *const words[] = {"exec",  "nohup", "setsid", "nice", "ionice", "env",
	                                    "sudo",  "then",  "else",   "do",   "if",     "while",
	                                    "until", "!",     "{",      "time", "chroot", NULL};
	size_t i = 0;
	while (i < argc) {
		const char *w = argv[i];
		if (strchr(w, '=') && w[0] != '-' && w[0] != '/') {
			i++;
			continue;
		}
		const char *b = prog_name(w);
		if (in_list(b, words)) {
			i++;
			/* options of the wrapper itself (nice -n 10, chroot DIR) */
			while (i < argc && argv[i][0] == '-')
				i++;
			if (strcmp(b, "nice") == 0 && i < argc && isdigit((unsigned char)argv[i][0]))
				i++;
			if (strcmp(b, "chroot") == 0 && i < argc)
				i++;
			continue;
		}
		if (strcmp(b, "busybox") == 0 && i + 1 < argc) {
			i++;
			continue;
		}
		break;
	}
	return i;
}

static bool has_arg(char **argv, size_t argc, const char *opt)
{
	for (size_t i = 0; i < argc; i++)
		if (strcmp(argv[i], opt) == 0)
			return true;
	return false;
}

/* Value of option OPT ("-l") either as "-l VALUE" or "-lVALUE". */
static const char *opt_value(char **argv, size_t argc, const char *opt)
{
	size_t ol = strlen(opt);
	for (size_t i = 1; i < argc; i++) {
		if (strcmp(argv[i], opt) == 0)
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (strncmp(argv[i], opt, ol) == 0 && argv[i][ol])
			return argv[i] + ol;
	}
	return NULL;
}

static void check_argv(const ctx *c, int64_t line, char **argv, size_t argc, bool pipe_in_shell,
                       bool pipe_out_shell, int depth);

/* tcpsvd/udpsvd [opts] IP PORT PROG ARGS, start-stop-daemon --exec PROG -- ARGS:
 * the program they run is what matters. */
static bool check_launcher(const ctx *c, int64_t line, char **argv, size_t argc, int depth)
{
	const char *b = prog_name(argv[0]);
	if (strcmp(b, "tcpsvd") == 0 || strcmp(b, "udpsvd") == 0) {
		size_t i = 1, pos = 0;
		while (i < argc && pos < 2) {
			if (argv[i][0] == '-') {
				/* options with a value */
				if (strchr("cCbulh", argv[i][1]) && !argv[i][2])
					i++;
				i++;
				continue;
			}
			pos++;
			i++;
		}
		if (i < argc)
			check_argv(c, line, argv + i, argc - i, false, false, depth + 1);
		return true;
	}
	if (strcmp(b, "start-stop-daemon") == 0) {
		const char *exe = NULL;
		size_t rest = argc;
		for (size_t i = 1; i < argc; i++) {
			if (strcmp(argv[i], "--") == 0) {
				rest = i + 1;
				break;
			}
			if ((strcmp(argv[i], "-x") == 0 || strcmp(argv[i], "--exec") == 0 ||
			     strcmp(argv[i], "-a") == 0 || strcmp(argv[i], "--startas") == 0) &&
			    i + 1 < argc)
				exe = argv[++i];
		}
		if (exe) {
			size_t n = 1 + (rest < argc ? argc - rest : 0);
			char **v = gb_xcalloc(n + 1, sizeof(*v));
			v[0] = (char *)exe;
			for (size_t i = 1; i < n; i++)
				v[i] = argv[rest + i - 1];
			check_argv(c, line, v, n, false, false, depth + 1);
			free(v);
		}
		return true;
	}
	return false;
}

static void check_argv(const ctx *c, int64_t line, char **argv, size_t argc, bool pipe_in_shell,
                       bool pipe_out_shell, int depth)
{
	if (depth > 4)
		return;
	size_t s = skip_wrappers(argv, argc);
	argv += s;
	argc -= s;
	if (argc == 0)
		return;
	/* OpenWrt procd: procd_set_param command PROG ARGS */
	if (strcmp(argv[0], "procd_set_param") == 0) {
		if (argc > 2 && strcmp(argv[1], "command") == 0)
			check_argv(c, line, argv + 2, argc - 2, false, false, depth + 1);
		return;
	}
	if (strcmp(argv[0], "service_start") == 0) { /* OpenWrt before procd */
		if (argc > 1)
			check_argv(c, line, argv + 1, argc - 1, false, false, depth + 1);
		return;
	}
	if (check_launcher(c, line, argv, argc, depth))
		return;
	const char *b = prog_name(argv[0]);

	if (in_list(b, telnets)) {
		const char *l = opt_value(argv, argc, "-l");
		report(c, l && is_shell(l) ? R_BIND : R_TELNET, line, argv, argc);
		return;
	}
	if (in_list(b, ftps)) {
		report(c, R_FTP, line, argv, argc);
		return;
	}
	if (in_list(b, debugs)) {
		report(c, R_DEBUG, line, argv, argc);
		return;
	}
	if (strcmp(b, "nc") == 0 || strcmp(b, "netcat") == 0 || strcmp(b, "ncat") == 0) {
		const char *e = opt_value(argv, argc, "-e");
		if (!e)
			e = opt_value(argv, argc, "-c");
		bool listen = has_arg(argv, argc, "-l") || has_arg(argv, argc, "-lp") ||
		              has_arg(argv, argc, "-lk") || has_arg(argv, argc, "-ll") ||
		              has_arg(argv, argc, "--listen");
		if ((e && (is_shell(e) || strstr(e, "sh"))) ||
		    ((listen || e) && (pipe_in_shell || pipe_out_shell)))
			report(c, R_BIND, line, argv, argc);
		return;
	}
	if (strcmp(b, "socat") == 0) {
		bool exec_shell = false;
		for (size_t i = 1; i < argc; i++)
			if ((strncasecmp(argv[i], "exec:", 5) == 0 ||
			     strncasecmp(argv[i], "system:", 7) == 0) &&
			    strstr(argv[i], "sh"))
				exec_shell = true;
		if (exec_shell)
			report(c, R_BIND, line, argv, argc);
		return;
	}
	if (strcmp(b, "dropbear") == 0) {
		bool no_root_pw = false;
		for (size_t i = 1; i < argc; i++)
			if (argv[i][0] == '-' && argv[i][1] != '-' && strpbrk(argv[i] + 1, "sgw") &&
			    !strchr("pPrbKIWTcaBRj", argv[i][1]))
				no_root_pw = true;
		if (!no_root_pw)
			report(c, R_ROOTPW, line, argv, argc);
		return;
	}
	/* Consoles: a shell run by init, a getty that runs a shell, login -f. */
	if (c->from_inittab && is_shell(argv[0])) {
		report(c, R_CONSOLE, line, argv, argc);
		return;
	}
	if (strstr(b, "getty")) {
		const char *l = opt_value(argv, argc, "-l");
		if (!l)
			l = opt_value(argv, argc, "--login-program");
		if ((l && is_shell(l)) || has_arg(argv, argc, "--autologin") || opt_value(argv, argc, "-a"))
			report(c, R_CONSOLE, line, argv, argc);
		return;
	}
	if (strcmp(b, "login") == 0 && has_arg(argv, argc, "-f")) {
		report(c, R_CONSOLE, line, argv, argc);
		return;
	}
}

/* Runs the checks on every simple command of TEXT. */
static void check_text(const ctx *c, const char *text, size_t len, int64_t first_line)
{
	gb_shcmds cmds = {0};
	gb_sh_split(text, len, first_line, &cmds);
	for (size_t i = 0; i < cmds.count; i++) {
		gb_shcmd *cm = &cmds.items[i];
		/* Is the other end of a pipe a shell? (nc -l -p 99 | /bin/sh) */
		bool in_sh = false, out_sh = false;
		if (cm->pipe_in && i > 0) {
			gb_shcmd *p = &cmds.items[i - 1];
			size_t s = skip_wrappers(p->argv, p->argc);
			in_sh = s < p->argc && is_shell(p->argv[s]);
		}
		if (cm->pipe_out && i + 1 < cmds.count) {
			gb_shcmd *q = &cmds.items[i + 1];
			size_t s = skip_wrappers(q->argv, q->argc);
			out_sh = s < q->argc && is_shell(q->argv[s]);
		}
		check_argv(c, cm->line, cm->argv, cm->argc, in_sh, out_sh, 0);
	}
	gb_shcmds_free(&cmds);
}

/* --- per file kind ------------------------------------------------------ */

typedef struct line_iter {
	const char *p, *end;
	int64_t no;
} line_iter;

static bool next_line(line_iter *it, const char **s, size_t *len)
{
	if (it->p >= it->end)
		return false;
	const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	*s = it->p;
	*len = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
	it->p = nl ? nl + 1 : it->end;
	it->no++;
	return true;
}

/* inittab: id:runlevels:action:process (SysV) or tty::action:process (BusyBox). */
static void do_inittab(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	c->from_inittab = true;
	while (next_line(&it, &s, &l)) {
		if (!l || s[0] == '#')
			continue;
		const char *f = s, *e = s + l;
		int colons = 0;
		const char *action = NULL, *proc = NULL;
		for (const char *q = f; q < e; q++)
			if (*q == ':') {
				colons++;
				if (colons == 2)
					action = q + 1;
				if (colons == 3) {
					proc = q + 1;
					break;
				}
			}
		if (!proc)
			continue;
		static const char *const acts[] = {"sysinit", "respawn",  "askfirst",    "once",    "wait",
		                                   "boot",    "bootwait", "initdefault", "restart", NULL};
		bool boot = false;
		for (const char *const *a = acts; *a; a++)
			if ((size_t)(proc - 1 - action) == strlen(*a) && strncmp(action, *a, strlen(*a)) == 0)
				boot = strcmp(*a, "initdefault") != 0 && strcmp(*a, "restart") != 0;
		if (boot)
			check_text(c, proc, (size_t)(e - proc), it.no);
	}
	c->from_inittab = false;
}

/* systemd: ExecStart=, ExecStartPre=, ExecStartPost= (prefixes - @ : + ! stripped). */
static void do_unit(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	while (next_line(&it, &s, &l)) {
		if (l < 10 || strncmp(s, "ExecStart", 9) != 0)
			continue;
		const char *eq = memchr(s, '=', l);
		if (!eq)
			continue;
		const char *v = eq + 1, *e = s + l;
		while (v < e && strchr("-@:+! \t", *v))
			v++;
		check_text(c, v, (size_t)(e - v), it.no);
	}
}

/* inetd.conf: service socket proto wait user server args... */
static void do_inetd(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	while (next_line(&it, &s, &l)) {
		gb_shcmds cmds = {0};
		gb_sh_split(s, l, it.no, &cmds);
		if (cmds.count && cmds.items[0].argc >= 6) {
			gb_shcmd *cm = &cmds.items[0];
			char **v = cm->argv + 5;
			size_t n = cm->argc - 5;
			if (is_shell(v[0]))
				report(c, R_BIND, it.no, cm->argv, cm->argc);
			else if (strcmp(prog_name(v[0]), "tcpd") == 0 && n > 1)
				check_argv(c, it.no, v + 1, n - 1, false, false, 0);
			else
				check_argv(c, it.no, v, n, false, false, 0);
		}
		gb_shcmds_free(&cmds);
	}
}

/* xinetd: service NAME { server = PATH  server_args = ...  disable = yes } */
static void do_xinetd(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	char *server = NULL, *args = NULL;
	bool disabled = false;
	int64_t at = 0;
	while (next_line(&it, &s, &l)) {
		while (l && isspace((unsigned char)*s))
			s++, l--;
		if (l && *s == '}') {
			if (server && !disabled) {
				char *cmd = gb_xasprintf("%s %s", server, args ? args : "");
				ctx cc = *c;
				gb_shcmds cmds = {0};
				gb_sh_split(cmd, strlen(cmd), at, &cmds);
				if (cmds.count && is_shell(cmds.items[0].argv[0]))
					report(&cc, R_BIND, at, cmds.items[0].argv, cmds.items[0].argc);
				else if (cmds.count)
					check_argv(&cc, at, cmds.items[0].argv, cmds.items[0].argc, false,
					           false, 0);
				gb_shcmds_free(&cmds);
				free(cmd);
			}
			free(server);
			free(args);
			server = args = NULL;
			disabled = false;
			continue;
		}
		const char *eq = memchr(s, '=', l);
		if (!eq)
			continue;
		size_t kl = (size_t)(eq - s);
		while (kl && isspace((unsigned char)s[kl - 1]))
			kl--;
		const char *v = eq + 1, *e = s + l;
		while (v < e && isspace((unsigned char)*v))
			v++;
		while (e > v && isspace((unsigned char)e[-1]))
			e--;
		if (kl == 6 && strncmp(s, "server", 6) == 0) {
			free(server);
			server = gb_xstrndup(v, (size_t)(e - v));
			at = it.no;
		} else if (kl == 11 && strncmp(s, "server_args", 11) == 0) {
			free(args);
			args = gb_xstrndup(v, (size_t)(e - v));
		} else if (kl == 7 && strncmp(s, "disable", 7) == 0) {
			disabled = (size_t)(e - v) == 3 && strncmp(v, "yes", 3) == 0;
		}
	}
	free(server);
	free(args);
}

/* crontab: 5 time fields (or @reboot ...) then, in /etc/crontab and cron.d, a user. */
static void do_cron(ctx *c, const char *d, size_t len)
{
	bool system = strcmp(base_name(c->n->path), "crontab") == 0 || strstr(c->n->path, "/cron.d/");
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	while (next_line(&it, &s, &l)) {
		while (l && isspace((unsigned char)*s))
			s++, l--;
		if (!l || *s == '#')
			continue;
		const char *e = s + l, *p = s;
		const char *eqs = memchr(s, '=', l), *sp = memchr(s, ' ', l);
		if (eqs && (!sp || eqs < sp))
			continue; /* SHELL=/bin/sh, MAILTO=... */
		int fields = *s == '@' ? 1 : 5;
		fields += system;
		for (int f = 0; f < fields && p < e; f++) {
			while (p < e && !isspace((unsigned char)*p))
				p++;
			while (p < e && isspace((unsigned char)*p))
				p++;
		}
		if (p < e)
			check_text(c, p, (size_t)(e - p), it.no);
	}
}

/* sshd_config: the first value of a keyword wins (sshd_config(5)); Match blocks end the global part. */
static void do_sshd(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	int empty = -1, root = -1, pass = -1;
	int64_t empty_line = 0, root_line = 0;
	while (next_line(&it, &s, &l)) {
		gb_shcmds cmds = {0};
		gb_sh_split(s, l, it.no, &cmds);
		if (cmds.count && cmds.items[0].argc >= 2) {
			char **v = cmds.items[0].argv;
			if (strcasecmp(v[0], "Match") == 0) {
				gb_shcmds_free(&cmds);
				break;
			}
			bool yes = strcasecmp(v[1], "yes") == 0;
			if (strcasecmp(v[0], "PermitEmptyPasswords") == 0 && empty < 0) {
				empty = yes;
				empty_line = it.no;
			} else if (strcasecmp(v[0], "PermitRootLogin") == 0 && root < 0) {
				root = yes;
				root_line = it.no;
			} else if (strcasecmp(v[0], "PasswordAuthentication") == 0 && pass < 0) {
				pass = yes;
			}
		}
		gb_shcmds_free(&cmds);
	}
	if (empty == 1)
		gb_analysis_report(c->a, R_EMPTYPW, c->n, -1, empty_line, "PermitEmptyPasswords yes");
	/* PasswordAuthentication defaults to yes. */
	if (root == 1 && pass != 0)
		gb_analysis_report(c->a, R_ROOTPW, c->n, -1, root_line,
		                   pass == 1
		                       ? "PermitRootLogin yes, PasswordAuthentication yes"
		                       : "PermitRootLogin yes, PasswordAuthentication not set (default yes)");
}

/* OpenWrt /etc/config/dropbear: option PasswordAuth / RootPasswordAuth, both default on. */
static void do_uci_dropbear(ctx *c, const char *d, size_t len)
{
	line_iter it = {d, d + len, 0};
	const char *s;
	size_t l;
	int pass = 1, rootpass = 1;
	int64_t sect = 0;
	bool any = false;
	while (next_line(&it, &s, &l)) {
		gb_shcmds cmds = {0};
		gb_sh_split(s, l, it.no, &cmds);
		if (cmds.count && cmds.items[0].argc >= 2) {
			char **v = cmds.items[0].argv;
			if (strcmp(v[0], "config") == 0 && strcmp(v[1], "dropbear") == 0) {
				if (any && pass && rootpass)
					gb_analysis_report(c->a, R_ROOTPW, c->n, -1, sect,
					                   "dropbear: PasswordAuth and RootPasswordAuth on");
				any = true;
				pass = rootpass = 1;
				sect = it.no;
			} else if (strcmp(v[0], "option") == 0 && cmds.items[0].argc >= 3) {
				bool on = strcmp(v[2], "on") == 0 || strcmp(v[2], "1") == 0 ||
				          strcmp(v[2], "yes") == 0 || strcmp(v[2], "true") == 0;
				if (strcmp(v[1], "PasswordAuth") == 0)
					pass = on;
				else if (strcmp(v[1], "RootPasswordAuth") == 0)
					rootpass = on;
			}
		}
		gb_shcmds_free(&cmds);
	}
	if (any && pass && rootpass)
		gb_analysis_report(c->a, R_ROOTPW, c->n, -1, sect,
		                   "dropbear: PasswordAuth and RootPasswordAuth on");
}

static void analyze(gb_analysis *a, void *state, const gb_node *n, const uint8_t *data, size_t len)
{
	ctx c = {.a = a, .n = n};
	const char *d = (const char *)data;
	if (memchr(d, 0, len))
		return; /* not a text file */
	switch (kind_of(n)) {
	case K_INITTAB: do_inittab(&c, d, len); break;
	case K_SCRIPT: check_text(&c, d, len, 1); break;
	case K_UNIT: do_unit(&c, d, len); break;
	case K_INETD: do_inetd(&c, d, len); break;
	case K_XINETD: do_xinetd(&c, d, len); break;
	case K_CRON: do_cron(&c, d, len); break;
	case K_SSHD: do_sshd(&c, d, len); break;
	case K_UCI_DROPBEAR: do_uci_dropbear(&c, d, len); break;
	case K_NONE: break;
	}
}

const gb_analyzer gb_analyzer_services = {
    .name = "services",
    .description =
        "boot-time services: telnet/ftp/tftp, bind shells, console shells, SSH settings, debug tools",
    .wants = wants,
    .analyze = analyze,
};
