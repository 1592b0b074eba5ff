/*
 * Which YARA rules need one of their strings to match: for such a rule, a
 * file that holds none of the rule's strings cannot match, so the backdoors
 * analyzer may skip the file without scanning it (see backdoors.c).
 *
 * libyara compiles a condition to byte code and offers no way to ask this,
 * so it is read from the rule's source text here: a small tokenizer for the
 * parts of the YARA language a rule file has (comments, text, hex and regular
 * expression strings, identifiers and punctuation) and a judgement on the
 * condition's tokens. The judgement is conservative: only "$a", "N of (...)",
 * "any of them", "all of them", parentheses, "and" and "or" are understood;
 * anything else ("not", "filesize", "#a > 2", "$a at 0", a module call)
 * counts as "can match without strings". A rule that cannot be read this way
 * is not listed, and the caller then scans every file.
 */
#include "analyze/yara_gate.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

typedef enum { T_END, T_WORD, T_STRID, T_NUM, T_TEXT, T_HEX, T_REGEX, T_PUNCT } tkind;

typedef struct tok {
	tkind kind;
	const char *s; /* in the source */
	size_t len;
} tok;

typedef struct lexer {
	const char *p, *end;
	bool bad; /* unterminated string, comment or hex string */
} lexer;

static bool word_is(const tok *t, const char *w)
{
	return t->kind == T_WORD && t->len == strlen(w) && memcmp(t->s, w, t->len) == 0;
}

static bool punct_is(const tok *t, char c)
{
	return t->kind == T_PUNCT && t->s[0] == c;
}

static void skip_space(lexer *lx)
{
	while (lx->p < lx->end) {
		if (isspace((unsigned char)*lx->p)) {
			lx->p++;
		} else if (lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else if (lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '*') {
			const char *e = memmem(lx->p + 2, (size_t)(lx->end - lx->p - 2), "*/", 2);
			if (!e) {
				lx->bad = true;
				lx->p = lx->end;
				return;
			}
			lx->p = e + 2;
		} else {
			return;
		}
	}
}

/* Up to the unescaped CLOSE ('"' for text, '/' for a regular expression). */
static void skip_quoted(lexer *lx, char close)
{
	lx->p++;
	while (lx->p < lx->end && *lx->p != close && *lx->p != '\n') {
		if (*lx->p == '\\' && lx->p + 1 < lx->end)
			lx->p++;
		lx->p++;
	}
	if (lx->p >= lx->end || *lx->p != close) {
		lx->bad = true;
		lx->p = lx->end;
		return;
	}
	lx->p++;
}

/* The next token. REGEX: a '/' here starts a regular expression (after '='
 * in the strings section, after "matches"), not a division. HEX: a '{' here
 * starts a hex string (after '='), not a rule body. */
static tok next(lexer *lx, bool regex, bool hex)
{
	skip_space(lx);
	tok t = {T_END, lx->p, 0};
	if (lx->p >= lx->end)
		return t;
	const char *s = lx->p;
	unsigned char c = (unsigned char)*s;
	if (c == '"') {
		skip_quoted(lx, '"');
		t.kind = T_TEXT;
	} else if (c == '/' && regex) {
		skip_quoted(lx, '/');
		while (lx->p < lx->end && isalpha((unsigned char)*lx->p)) /* flags: i, s */
			lx->p++;
		t.kind = T_REGEX;
	} else if (c == '{' && hex) {
		const char *e = memchr(s, '}', (size_t)(lx->end - s));
		if (!e) {
			lx->bad = true;
			lx->p = lx->end;
		} else {
			lx->p = e + 1;
		}
		t.kind = T_HEX;
	} else if (c == '$' || c == '#' || c == '@' || c == '!') {
		lx->p++;
		while (lx->p < lx->end && (isalnum((unsigned char)*lx->p) || *lx->p == '_'))
			lx->p++;
		if (lx->p < lx->end && *lx->p == '*')
			lx->p++;
		/* "!" alone is an operator; "#a", "@a", "!a" are counts, offsets, lengths */
		t.kind = c == '$' ? T_STRID : lx->p - s > 1 ? T_WORD : T_PUNCT;
	} else if (isalpha(c) || c == '_') {
		while (lx->p < lx->end && (isalnum((unsigned char)*lx->p) || *lx->p == '_' || *lx->p == '.'))
			lx->p++;
		t.kind = T_WORD;
	} else if (isdigit(c)) {
		while (lx->p < lx->end && (isalnum((unsigned char)*lx->p) || *lx->p == '.'))
			lx->p++;
		t.kind = T_NUM;
	} else {
		lx->p++;
		t.kind = T_PUNCT;
	}
	t.len = (size_t)(lx->p - s);
	return t;
}

/* ---- the condition ---- */

typedef struct cond {
	tok *t;
	size_t n, i;
} cond;

static const tok *peek(const cond *c)
{
	static const tok end = {T_END, "", 0};
	return c->i < c->n ? &c->t[c->i] : &end;
}

/* Whether the token ends an operand: and, or, ')' or the end. */
static bool operand_end(const tok *t)
{
	return t->kind == T_END || word_is(t, "and") || word_is(t, "or") || punct_is(t, ')');
}

static bool expr_or(cond *c);

/* An operand this reader does not understand: skipped up to the next "and",
 * "or" or ')' outside parentheses; it can be true without any string. */
static bool unknown(cond *c)
{
	int depth = 0;
	while (c->i < c->n) {
		const tok *t = peek(c);
		if (depth == 0 && operand_end(t))
			break;
		if (punct_is(t, '('))
			depth++;
		else if (punct_is(t, ')'))
			depth--;
		c->i++;
	}
	return false;
}

/* "any of them", "3 of ($a, $b*)", "all of ($x*)": true only if a string matched. */
static bool string_set(cond *c)
{
	c->i++; /* the quantifier; "of" was checked by the caller */
	c->i++;
	const tok *t = peek(c);
	if (word_is(t, "them")) {
		c->i++;
		return true;
	}
	if (!punct_is(t, '('))
		return false;
	c->i++;
	for (bool want_id = true;; want_id = !want_id) {
		t = peek(c);
		if (want_id && t->kind == T_STRID) {
			c->i++;
		} else if (!want_id && punct_is(t, ',')) {
			c->i++;
		} else if (!want_id && punct_is(t, ')')) {
			c->i++;
			return true;
		} else {
			return false;
		}
	}
}

static bool operand(cond *c)
{
	size_t at = c->i;
	const tok *t = peek(c);
	bool needs = false, known = false;
	if (punct_is(t, '(')) {
		c->i++;
		needs = expr_or(c);
		known = punct_is(peek(c), ')');
		if (known)
			c->i++;
	} else if (t->kind == T_STRID && t->len > 1 && t->s[t->len - 1] != '*') {
		c->i++;
		needs = known = true;
	} else if (c->i + 1 < c->n && word_is(&c->t[c->i + 1], "of") &&
	           (word_is(t, "any") || word_is(t, "all") ||
	            (t->kind == T_NUM && strspn(t->s, "0123456789") == t->len && t->s[0] != '0'))) {
		needs = known = string_set(c);
	}
	if (known && operand_end(peek(c)))
		return needs;
	c->i = at;
	return unknown(c);
}

static bool expr_and(cond *c)
{
	bool needs = operand(c);
	while (word_is(peek(c), "and")) {
		c->i++;
		needs |= operand(c); /* a conjunction needs a string if either side does */
	}
	return needs;
}

static bool expr_or(cond *c)
{
	bool needs = expr_and(c);
	while (word_is(peek(c), "or")) {
		c->i++;
		needs &= expr_and(c); /* a disjunction needs one if both sides do */
	}
	return needs;
}

bool gb_yara_condition_needs_string(const char *text, size_t len)
{
	lexer lx = {text, text + len, false};
	cond c = {0};
	size_t cap = 0;
	bool after_matches = false;
	for (;;) {
		tok t = next(&lx, after_matches, false);
		if (t.kind == T_END)
			break;
		after_matches = word_is(&t, "matches");
		if (c.n == cap) {
			cap = cap ? cap * 2 : 32;
			c.t = gb_xrealloc(c.t, cap * sizeof(*c.t));
		}
		c.t[c.n++] = t;
	}
	bool needs = !lx.bad && c.n > 0 && expr_or(&c) && c.i == c.n;
	free(c.t);
	return needs;
}

/* ---- rules in a file ---- */

static void add_name(gb_yara_gated *out, const char *s, size_t len)
{
	if (out->count == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->names = gb_xrealloc(out->names, out->cap * sizeof(*out->names));
	}
	out->names[out->count++] = gb_xstrndup(s, len);
}

/* The body of a rule, from after its '{': finds "condition:" and its end
 * (the rule's closing '}'). Returns false if the body cannot be read. */
static bool rule_body(lexer *lx, const char **cond_start, const char **cond_end)
{
	bool in_strings = false, after_eq = false, after_matches = false;
	*cond_start = NULL;
	for (;;) {
		tok t = next(lx, (in_strings && after_eq) || after_matches, in_strings && after_eq);
		if (t.kind == T_END || lx->bad)
			return false;
		if (punct_is(&t, '}')) {
			*cond_end = t.s;
			return *cond_start != NULL;
		}
		if (t.kind == T_WORD && lx->p < lx->end && *lx->p == ':' &&
		    (word_is(&t, "meta") || word_is(&t, "strings") || word_is(&t, "condition"))) {
			lx->p++;
			in_strings = word_is(&t, "strings");
			if (word_is(&t, "condition")) {
				if (*cond_start)
					return false; /* two conditions: not a rule this reader knows */
				*cond_start = lx->p;
			}
			after_eq = after_matches = false;
			continue;
		}
		after_eq = punct_is(&t, '=');
		after_matches = word_is(&t, "matches");
	}
}

void gb_yara_gated_rules(const char *text, size_t len, gb_yara_gated *out)
{
	lexer lx = {text, text + len, false};
	for (;;) {
		tok t = next(&lx, false, false);
		if (t.kind == T_END || lx.bad)
			return;
		if (!word_is(&t, "rule"))
			continue; /* import, include, global, private */
		tok name = next(&lx, false, false);
		if (name.kind != T_WORD)
			return;
		/* tags up to the body */
		do
			t = next(&lx, false, false);
		while (t.kind == T_WORD || punct_is(&t, ':'));
		if (!punct_is(&t, '{'))
			return;
		const char *cs, *ce;
		if (!rule_body(&lx, &cs, &ce))
			return;
		if (gb_yara_condition_needs_string(cs, (size_t)(ce - cs)))
			add_name(out, name.s, name.len);
	}
}

bool gb_yara_gated_has(const gb_yara_gated *g, const char *name)
{
	for (size_t i = 0; i < g->count; i++)
		if (strcmp(g->names[i], name) == 0)
			return true;
	return false;
}

void gb_yara_gated_free(gb_yara_gated *g)
{
	for (size_t i = 0; i < g->count; i++)
		free(g->names[i]);
	free(g->names);
	memset(g, 0, sizeof(*g));
}
