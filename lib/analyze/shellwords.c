/* Shell-line tokenizer: see shellwords.h for what it does and why by hand. */
#include <stdlib.h>
#include <string.h>

#include "analyze/shellwords.h"
#include "util/util.h"

#define MAX_COMMANDS 100000
#define MAX_WORDS    4096

typedef struct cmd_builder {
	char **argv;
	size_t argc, cap;
	int64_t line;
	bool pipe_in;
} cmd_builder;

static void add_word(cmd_builder *b, gb_buf *w, int64_t line)
{
	if (b->argc + 2 > b->cap) {
		if (b->cap >= MAX_WORDS) {
			gb_buf_free(w);
			return;
		}
		b->cap = b->cap ? b->cap * 2 : 8;
		b->argv = gb_xrealloc(b->argv, b->cap * sizeof(*b->argv));
	}
	if (b->argc == 0)
		b->line = line;
	b->argv[b->argc++] = gb_buf_steal(w);
	b->argv[b->argc] = NULL;
}

/* Ends the command being built; PIPE_OUT says whether a | followed it. */
static void end_cmd(cmd_builder *b, gb_shcmds *out, bool pipe_out)
{
	if (b->argc == 0) {
		b->pipe_in = pipe_out;
		return;
	}
	if (out->count >= MAX_COMMANDS) {
		for (size_t i = 0; i < b->argc; i++)
			free(b->argv[i]);
		free(b->argv);
	} else {
		if (out->count == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->items = gb_xrealloc(out->items, out->cap * sizeof(*out->items));
		}
		out->items[out->count++] = (gb_shcmd){b->argv, b->argc, b->line, b->pipe_in, pipe_out};
	}
	*b = (cmd_builder){.pipe_in = pipe_out};
}

/* Skips a here-document body starting at P (the line after the <<WORD line). */
static size_t skip_heredoc(const char *t, size_t len, size_t p, const char *delim, int64_t *line)
{
	size_t dl = strlen(delim);
	while (p < len) {
		const char *nl = memchr(t + p, '\n', len - p);
		size_t end = nl ? (size_t)(nl - t) : len;
		size_t s = p;
		while (s < end && t[s] == '\t')
			s++; /* <<- strips leading tabs */
		bool match = end - s == dl && memcmp(t + s, delim, dl) == 0;
		p = nl ? end + 1 : len;
		(*line)++;
		if (match)
			break;
	}
	return p;
}

void gb_sh_split(const char *t, size_t len, int64_t first_line, gb_shcmds *out)
{
	cmd_builder b = {0};
	gb_buf w = {0};
	bool in_word = false;
	int64_t line = first_line, word_line = first_line;
	char heredoc[64] = "";
	size_t i = 0;
	while (i < len) {
		char c = t[i];
		if (c == '\\' && i + 1 < len) {
			if (t[i + 1] == '\n') { /* line continuation */
				i += 2;
				line++;
				continue;
			}
			if (!in_word)
				word_line = line;
			gb_buf_append(&w, &t[i + 1], 1);
			in_word = true;
			i += 2;
			continue;
		}
		if (c == '\'') {
			if (!in_word)
				word_line = line;
			in_word = true;
			i++;
			while (i < len && t[i] != '\'') {
				line += t[i] == '\n';
				gb_buf_append(&w, &t[i++], 1);
			}
			i++;
			continue;
		}
		if (c == '"') {
			if (!in_word)
				word_line = line;
			in_word = true;
			i++;
			while (i < len && t[i] != '"') {
				if (t[i] == '\\' && i + 1 < len && strchr("$`\"\\\n", t[i + 1])) {
					if (t[i + 1] == '\n')
						line++;
					else
						gb_buf_append(&w, &t[i + 1], 1);
					i += 2;
					continue;
				}
				line += t[i] == '\n';
				gb_buf_append(&w, &t[i++], 1);
			}
			i++;
			continue;
		}
		if (c == '`' || (c == '$' && i + 1 < len && t[i + 1] == '(')) {
			/* Command substitution stays one literal word, nesting counted. */
			if (!in_word)
				word_line = line;
			in_word = true;
			char open = c == '`' ? '`' : '(', close = c == '`' ? '`' : ')';
			size_t start = i;
			int depth = 1;
			i += c == '`' ? 1 : 2;
			while (i < len && depth > 0) {
				if (t[i] == '\\' && i + 1 < len) {
					i += 2;
					continue;
				}
				if (t[i] == close)
					depth--;
				else if (t[i] == open && open != close)
					depth++;
				line += t[i] == '\n';
				i++;
			}
			gb_buf_append(&w, t + start, i - start);
			continue;
		}
		if (c == '&' && i > 0 && (t[i - 1] == '>' || t[i - 1] == '<') && in_word) {
			gb_buf_append(&w, &c, 1); /* 2>&1, <&0: a redirection, not a separator */
			i++;
			continue;
		}
		if (c == '#' && !in_word) {
			while (i < len && t[i] != '\n')
				i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' ||
		    c == ')') {
			if (in_word) {
				add_word(&b, &w, word_line);
				in_word = false;
			}
			if (c == '\n') {
				end_cmd(&b, out, false);
				line++;
				i++;
				if (heredoc[0]) {
					i = skip_heredoc(t, len, i, heredoc, &line);
					heredoc[0] = 0;
				}
				continue;
			}
			if (c == '|' && !(i + 1 < len && t[i + 1] == '|')) {
				end_cmd(&b, out, true);
				i++;
				continue;
			}
			if (c == '(' && b.argc == 1) {
				/* "name()" or "name ()": a function definition, not a run of name. */
				size_t k = i + 1;
				while (k < len && (t[k] == ' ' || t[k] == '\t'))
					k++;
				if (k < len && t[k] == ')') {
					free(b.argv[0]);
					free(b.argv);
					b.argv = NULL;
					b.argc = b.cap = 0;
					i = k + 1;
					continue;
				}
			}
			if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
				end_cmd(&b, out, false);
				i += (i + 1 < len && (t[i + 1] == c)) ? 2 : 1;
				continue;
			}
			i++;
			continue;
		}
		if (c == '<' && !in_word && i + 1 < len && t[i + 1] == '<' &&
		    !(i + 2 < len && t[i + 2] == '<')) {
			/* <<WORD or <<-WORD: remember the delimiter, unquoted. */
			size_t p = i + 2;
			if (p < len && t[p] == '-')
				p++;
			while (p < len && (t[p] == ' ' || t[p] == '\t'))
				p++;
			size_t n = 0;
			while (p < len && !strchr(" \t\n;&|<>()", t[p])) {
				if (t[p] != '\'' && t[p] != '"' && t[p] != '\\' && n + 1 < sizeof(heredoc))
					heredoc[n++] = t[p];
				p++;
			}
			heredoc[n] = 0;
			i = p;
			continue;
		}
		if (!in_word)
			word_line = line;
		in_word = true;
		gb_buf_append(&w, &c, 1);
		i++;
	}
	if (in_word)
		add_word(&b, &w, word_line);
	end_cmd(&b, out, false);
	gb_buf_free(&w);
}

void gb_shcmds_free(gb_shcmds *c)
{
	for (size_t i = 0; i < c->count; i++) {
		for (size_t j = 0; j < c->items[i].argc; j++)
			free(c->items[i].argv[j]);
		free(c->items[i].argv);
	}
	free(c->items);
	*c = (gb_shcmds){0};
}
