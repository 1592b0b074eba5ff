/* CVSS v3.x base scores from vectors, against the scores NVD publishes for them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>

#include "vuln/vuln.h"

static void assert_score(const char *vector, double want)
{
	double got = gb_cvss3_base_score(vector);
	if (fabs(got - want) > 1e-9)
		fail_msg("%s: got %.1f, want %.1f", vector ? vector : "(null)", got, want);
}

static void test_published_scores(void **state)
{
	(void)state;
	/* CVE-2024-6387 (OpenSSH regreSSHion), NVD: 8.1 */
	assert_score("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1);
	/* CVE-2022-48174 (BusyBox ash), NVD: 9.8 */
	assert_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8);
	/* scope changed, everything high: 10.0 */
	assert_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0);
	/* a typical reflected XSS: 6.1 */
	assert_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1);
	/* a local privilege escalation: 7.8 */
	assert_score("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8);
	/* CVE-2023-38408 (ssh-agent), NVD: 9.8 */
	assert_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8);
	/* privileges high with scope changed weigh 0.5: 9.1 */
	assert_score("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1);
	/* no impact: 0 */
	assert_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0);
}

static void test_not_vectors(void **state)
{
	(void)state;
	assert_score(NULL, -1);
	assert_score("AV:N/AC:L/Au:N/C:P/I:P/A:P", -1);                   /* CVSS v2 */
	assert_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", -1);     /* A missing */
	assert_score("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", -1); /* bad value */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_published_scores),
	    cmocka_unit_test(test_not_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
