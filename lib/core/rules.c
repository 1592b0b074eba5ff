/*
 * The table of rule tables. Each module that reports findings defines its
 * rules next to its code and is listed here once; docs/rules.md is generated
 * from this (glassbox rules list --markdown).
 */
#include <stddef.h>

#include "glassbox/finding.h"

extern const gb_rule gb_extraction_rules[];
extern const gb_rule gb_accounts_rules[];
extern const gb_rule gb_services_rules[];
extern const gb_rule gb_keys_rules[];
extern const gb_rule gb_vuln_rules[];
extern const gb_rule gb_binaries_rules[];
extern const gb_rule gb_backdoors_rules[];
extern const gb_rule gb_secrets_rules[];
extern const gb_rule gb_webserver_rules[];
extern const gb_rule gb_cryptoconf_rules[];

static const gb_rule *const tables[] = {
    gb_extraction_rules,
    gb_accounts_rules,
    gb_services_rules,
    gb_keys_rules,
    gb_binaries_rules,
    gb_backdoors_rules,
    gb_secrets_rules,
    gb_webserver_rules,
    gb_cryptoconf_rules,
    gb_vuln_rules,
    NULL,
};

const gb_rule *const *gb_rule_tables(void)
{
	return tables;
}
