/* The format table is consistent: unique names, a probe and a description for
 * every format, an extractor for every format that is not a leaf or is carved, and every
 * magic list ends inside its array (GB_MAX_MAGICS counts the terminator). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "unpack/registry.h"

static void test_formats_well_formed(void **state)
{
	(void)state;
	unsigned n = 0;
	for (const gb_format *const *f = gb_formats(); *f; f++, n++) {
		const gb_format *g = *f;
		assert_non_null(g->name);
		assert_true(g->description && g->description[0]);
		assert_non_null(g->probe);
		/* a carvable leaf (an image) is extracted when carved: written out whole */
		if (!(g->flags & GB_FMT_LEAF) || (g->flags & GB_FMT_CARVE))
			assert_non_null(g->extract);
		size_t m = 0;
		while (m < GB_MAX_MAGICS && g->magics[m].len)
			m++;
		assert_true(m < GB_MAX_MAGICS); /* room for the terminator */
		assert_true(m > 0);
		for (const gb_format *const *h = gb_formats(); h != f; h++)
			assert_string_not_equal((*h)->name, g->name);
		assert_ptr_equal(gb_format_find(g->name), g);
	}
	assert_true(n > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_formats_well_formed)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
