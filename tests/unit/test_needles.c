/* The multi-needle search (lib/analyze/needles.c) against a plain memmem
 * search: every occurrence at the right offset, first occurrences, the
 * ordered list of GB_NEEDLE_ALL needles and its overflow, needles at the
 * edges of the data, in zero-filled data and in a real program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/needles.h"

typedef struct seen {
	size_t *offs;
	unsigned *ids;
	size_t n, cap;
} seen;

static bool collect(void *user, unsigned id, size_t off)
{
	seen *s = user;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->offs = realloc(s->offs, s->cap * sizeof(*s->offs));
		s->ids = realloc(s->ids, s->cap * sizeof(*s->ids));
	}
	s->offs[s->n] = off;
	s->ids[s->n++] = id;
	return true;
}

static bool has(const seen *s, unsigned id, size_t off)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->ids[i] == id && s->offs[i] == off)
			return true;
	return false;
}

/* Every occurrence memmem finds is reported once, and nothing else. */
static void check_against_memmem(const gb_needles *set, const char *const *needles, size_t nn,
                                 const uint8_t *data, size_t len)
{
	seen s = {0};
	gb_needles_scan(set, data, len, collect, &s);
	size_t expected = 0;
	for (size_t k = 0; k < nn; k++) {
		size_t l = strlen(needles[k]);
		for (const uint8_t *p = data; p + l <= data + len; p++) {
			p = memmem(p, (size_t)(data + len - p), needles[k], l);
			if (!p)
				break;
			assert_true(has(&s, (unsigned)k, (size_t)(p - data)));
			expected++;
		}
	}
	assert_int_equal(s.n, expected);
	free(s.offs);
	free(s.ids);
}

static const char *const words[] = {"BusyBox v",        "OpenSSH_", "Lua ",  "ScMM",  "MMcS",
                                    "\xff\xff\xff\xfe", "aaaa",     "aaaab", "53413", "toknowall.com"};
#define NWORDS (sizeof(words) / sizeof(*words))

static gb_needles *word_set(void)
{
	gb_needles *set = gb_needles_new();
	for (size_t k = 0; k < NWORDS; k++)
		assert_int_equal(gb_needles_add(set, words[k], strlen(words[k]), 0), (int)k);
	gb_needles_build(set);
	return set;
}

static void finds_every_occurrence(void **unused)
{
	gb_needles *set = word_set();
	/* edges, overlaps (aaaa in aaaaaab), repeats, a needle across the end */
	static const char text[] =
	    "ScMMxx OpenSSH_9.2 aaaaaab Lua 5.4 ScMM53413BusyBox v1.35 MMcS toknowall.co";
	check_against_memmem(set, words, NWORDS, (const uint8_t *)text, sizeof(text) - 1);
	/* the last needle ends at the last byte */
	static const char tail[] = "....toknowall.com";
	check_against_memmem(set, words, NWORDS, (const uint8_t *)tail, sizeof(tail) - 1);
	/* shorter than a window: nothing, no read past the end */
	check_against_memmem(set, words, NWORDS, (const uint8_t *)"Lua", 3);
	check_against_memmem(set, words, NWORDS, (const uint8_t *)"", 0);
	gb_needles_free(set);
}

static void random_and_zero_data(void **unused)
{
	gb_needles *set = word_set();
	size_t len = 1 << 20;
	uint8_t *data = malloc(len);
	srand(7);
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < len; i++)
			data[i] = round == 0   ? (uint8_t)rand()
			          : round == 1 ? 0
			                       : (uint8_t) "abcMS "[rand() % 6];
		for (int k = 0; k < 200; k++) {
			const char *w = words[rand() % NWORDS];
			size_t at = (size_t)rand() % (len - 16);
			memcpy(data + at, w, strlen(w));
		}
		check_against_memmem(set, words, NWORDS, data, len);
	}
	free(data);
	gb_needles_free(set);
}

/* /bin/true: machine code, tables and strings, as the analyzers see them. */
static void real_program(void **unused)
{
	FILE *f = fopen("/bin/true", "rb");
	assert_non_null(f);
	static uint8_t buf[1 << 20];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_true(len > 4096);
	static const char *const in_true[] = {"GLIBC_",
	                                      "\x7f"
	                                      "ELF",
	                                      "--version", ".text", "never-there-xyzzy"};
	gb_needles *set = gb_needles_new();
	for (size_t k = 0; k < 5; k++)
		gb_needles_add(set, in_true[k], strlen(in_true[k]), 0);
	gb_needles_build(set);
	check_against_memmem(set, in_true, 5, buf, len);
	gb_needle_hits h = {0};
	gb_needles_find(set, buf, len, 1, &h);
	assert_int_equal(gb_needle_first(&h, 1), 1); /* the ELF magic at offset 0 */
	assert_true(gb_needle_first(&h, 0) > 0);
	assert_int_equal(gb_needle_first(&h, 4), 0);
	assert_int_equal(gb_needle_first(&h, -1), 0);
	assert_int_equal(gb_needle_first(&h, 99), 0);
	gb_needle_hits_free(&h);
	gb_needles_free(set);
}

static void first_and_ordered_hits(void **unused)
{
	gb_needles *set = gb_needles_new();
	int a = gb_needles_add(set, "AKIA", 4, GB_NEEDLE_ALL);
	int e = gb_needles_add(set, "eyJh", 4, GB_NEEDLE_ALL);
	int o = gb_needles_add(set, "OpenSSL ", 8, 0);
	/* the same bytes and flags: the same id; too short: refused */
	assert_int_equal(gb_needles_add(set, "AKIA", 4, GB_NEEDLE_ALL), a);
	assert_int_equal(gb_needles_add(set, "abc", 3, 0), -1);
	gb_needles_build(set);
	assert_int_equal(gb_needles_add(set, "late", 4, 0), -1);
	assert_int_equal(gb_needles_count(set), 3);

	static const char text[] = "xx OpenSSL 3.0 eyJhbG AKIAxyz OpenSSL 1.1 AKIA eyJh";
	gb_needle_hits h = {0};
	gb_needles_find(set, (const uint8_t *)text, sizeof(text) - 1, 1, &h);
	assert_int_equal(gb_needle_first(&h, o), 3 + 1);
	assert_int_equal(gb_needle_first(&h, e), 15 + 1);
	assert_int_equal(gb_needle_first(&h, a), 22 + 1);
	/* only GB_NEEDLE_ALL needles are listed, in offset order */
	assert_int_equal(h.nall, 4);
	assert_false(h.overflow);
	size_t want[] = {15, 22, 42, 47};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(h.all[i].offset, want[i]);
	assert_int_equal(h.all[0].id, e);
	assert_int_equal(h.all[1].id, a);

	/* reused for another file: nothing left over */
	gb_needles_find(set, (const uint8_t *)"nothing here", 12, 1, &h);
	assert_int_equal(gb_needle_first(&h, o), 0);
	assert_int_equal(gb_needle_first(&h, a), 0);
	assert_int_equal(h.nall, 0);
	gb_needle_hits_free(&h);
	gb_needles_free(set);
}

static void overflow_is_bounded(void **unused)
{
	gb_needles *set = gb_needles_new();
	int a = gb_needles_add(set, "AKIA", 4, GB_NEEDLE_ALL);
	gb_needles_build(set);
	size_t n = GB_NEEDLE_MAX_ALL + 10, len = 4 * n;
	char *data = malloc(len);
	for (size_t i = 0; i < n; i++)
		memcpy(data + 4 * i, "AKIA", 4);
	gb_needle_hits h = {0};
	gb_needles_find(set, (const uint8_t *)data, len, 1, &h);
	assert_true(h.overflow);
	assert_int_equal(h.nall, GB_NEEDLE_MAX_ALL);
	assert_int_equal(gb_needle_first(&h, a), 1);
	assert_int_equal(h.all[GB_NEEDLE_MAX_ALL - 1].offset, 4 * (size_t)(GB_NEEDLE_MAX_ALL - 1));
	gb_needles_find(set, (const uint8_t *)"AKIA", 4, 1, &h);
	assert_false(h.overflow);
	assert_int_equal(h.nall, 1);
	gb_needle_hits_free(&h);
	free(data);
	gb_needles_free(set);
}

/* A large file searched in parts on several threads gives what one pass
 * gives: first occurrences, the ordered list, its overflow, needles that
 * straddle the parts' borders. */
static void split_is_the_same(void **unused)
{
	gb_needles *set = gb_needles_new();
	int a = gb_needles_add(set, "AKIA", 4, GB_NEEDLE_ALL);
	int b = gb_needles_add(set, "toknowall.com", 13, 0);
	int c = gb_needles_add(set, "eyJh", 4, GB_NEEDLE_ALL);
	gb_needles_build(set);
	size_t len = 2 * GB_NEEDLE_SPLIT + 12345;
	uint8_t *data = malloc(len);
	srand(11);
	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)rand();
	for (int round = 0; round < 2; round++) {
		/* round 1: more listed needles than the list holds, in both halves */
		size_t every = round ? 200 : 100000;
		for (size_t at = 17; at + 4 < len; at += every)
			memcpy(data + at, at % 3 ? "AKIA" : "eyJh", 4);
		/* across each possible border (len / parts for 2, 3 and 4 parts) */
		for (size_t parts = 2; parts <= 4; parts++)
			for (size_t k = 1; k < parts; k++) {
				size_t border = k * (len / parts);
				if (parts == 3) /* borders of their own, apart from 2's and 4's */
					memcpy(data + border - 2, "AKIA", 4);
				else
					memcpy(data + border - 6, "toknowall.com", 13);
			}
		gb_needle_hits one = {0};
		gb_needles_find(set, data, len, 1, &one);
		assert_true(gb_needle_first(&one, b) > 0);
		assert_int_equal(one.overflow, round == 1);
		for (unsigned threads = 2; threads <= 4; threads++) {
			gb_needle_hits many = {0};
			gb_needles_find(set, data, len, threads, &many);
			for (int id = 0; id < 3; id++)
				assert_int_equal(gb_needle_first(&many, id), gb_needle_first(&one, id));
			assert_int_equal(many.overflow, one.overflow);
			assert_int_equal(many.nall, one.nall);
			for (size_t i = 0; i < one.nall; i++) {
				assert_int_equal(many.all[i].offset, one.all[i].offset);
				assert_int_equal(many.all[i].id, one.all[i].id);
			}
			gb_needle_hits_free(&many);
		}
		(void)a;
		(void)c;
		gb_needle_hits_free(&one);
	}
	free(data);
	gb_needles_free(set);
}

/* GB_NEEDLE_EACH: each such needle's occurrences in a list of its own, in
 * order, bounded; the same when the file is searched in parts. */
static void each_lists(void **unused)
{
	gb_needles *set = gb_needles_new();
	int u = gb_needles_add(set, "unbound ", 8, GB_NEEDLE_EACH);
	int v = gb_needles_add(set, "Linux version ", 14, GB_NEEDLE_EACH);
	int w = gb_needles_add(set, "xtables", 7, 0);
	gb_needles_build(set);
	size_t len = 2 * GB_NEEDLE_SPLIT + 999;
	uint8_t *data = calloc(1, len);
	size_t nu = 0;
	for (size_t at = 3; at + 8 < len; at += len / 3000, nu++)
		memcpy(data + at, "unbound ", 8);
	memcpy(data + 101, "Linux version ", 14);
	memcpy(data + len / 2 - 5, "Linux version ", 14); /* across the middle */
	for (unsigned threads = 1; threads <= 2; threads++) {
		gb_needle_hits h = {0};
		gb_needles_find(set, data, len, threads, &h);
		const gb_needle_list *lu = gb_needle_each(&h, u), *lv = gb_needle_each(&h, v);
		assert_int_equal(lu->n, GB_NEEDLE_MAX_EACH);
		assert_true(lu->overflow); /* nu is about 3000 */
		assert_true(nu > GB_NEEDLE_MAX_EACH);
		for (size_t i = 0; i < lu->n; i++)
			assert_int_equal(lu->off[i], 3 + i * (len / 3000));
		assert_int_equal(lv->n, 2);
		assert_false(lv->overflow);
		assert_int_equal(lv->off[0], 101);
		assert_int_equal(lv->off[1], len / 2 - 5);
		assert_int_equal(gb_needle_each(&h, w)->n, 0); /* not listed */
		assert_int_equal(gb_needle_each(&h, 99)->n, 0);
		gb_needle_hits_free(&h);
	}
	free(data);
	gb_needles_free(set);
}

static bool stop_after_first(void *user, unsigned id, size_t off)
{
	(*(size_t *)user)++;
	return false;
}

static void callback_stops(void **unused)
{
	gb_needles *set = word_set();
	size_t calls = 0;
	gb_needles_scan(set, (const uint8_t *)"ScMM ScMM ScMM", 14, stop_after_first, &calls);
	assert_int_equal(calls, 1);
	gb_needles_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(finds_every_occurrence),
	    cmocka_unit_test(random_and_zero_data),
	    cmocka_unit_test(real_program),
	    cmocka_unit_test(first_and_ordered_hits),
	    cmocka_unit_test(overflow_is_bounded),
	    cmocka_unit_test(split_is_the_same),
	    cmocka_unit_test(each_lists),
	    cmocka_unit_test(callback_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
