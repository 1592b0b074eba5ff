/*
 * A small shell-line tokenizer for the services analyzer: splits boot scripts,
 * inittab process fields, unit ExecStart= values and crontab commands into
 * simple commands (argument vectors) with their line numbers and pipeline
 * links, following the quoting and separator rules of POSIX sh (XCU 2.2
 * Quoting, 2.3 Token Recognition, 2.9 Shell Commands).
 *
 * Hand-written because nothing in Debian parses shell in C without running
 * it: wordexp(3) performs command substitution (it would execute hostile
 * firmware text) and cannot report separators. It does not expand anything:
 * "$VAR", "$(...)" and backquotes stay literal words (a $(...) or `...` with
 * spaces inside is kept as one word), which is what a reviewer of the script
 * sees too. Here-documents are skipped; their bodies are not commands.
 */
#ifndef GB_ANALYZE_SHELLWORDS_H
#define GB_ANALYZE_SHELLWORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gb_shcmd {
	char **argv; /* NULL-terminated, unquoted words */
	size_t argc;
	int64_t line;  /* 1-based line of the first word */
	bool pipe_in;  /* stdin comes from the previous command through | */
	bool pipe_out; /* stdout goes to the next command through | */
} gb_shcmd;

typedef struct gb_shcmds {
	gb_shcmd *items;
	size_t count, cap;
} gb_shcmds;

/* Appends the simple commands of TEXT[0..LEN) to OUT; FIRST_LINE numbers the
 * first line. Stops quietly at MAX_COMMANDS (hostile input). */
void gb_sh_split(const char *text, size_t len, int64_t first_line, gb_shcmds *out);
void gb_shcmds_free(gb_shcmds *c);

#endif
