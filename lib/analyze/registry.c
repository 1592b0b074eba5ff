/*
 * The table of analyzers. The analyzers themselves (accounts, services,
 * keys, secrets, binaries, known backdoors, web and crypto configuration)
 * arrive with their own issue, one file each, listed here.
 */
#include <stddef.h>

#include "glassbox/analyzer.h"

extern const gb_analyzer gb_analyzer_accounts;
extern const gb_analyzer gb_analyzer_services;
extern const gb_analyzer gb_analyzer_keys;
extern const gb_analyzer gb_analyzer_components;
extern const gb_analyzer gb_analyzer_binaries;
extern const gb_analyzer gb_analyzer_backdoors;
extern const gb_analyzer gb_analyzer_secrets;
extern const gb_analyzer gb_analyzer_webserver;
extern const gb_analyzer gb_analyzer_cryptoconf;

static const gb_analyzer *const analyzers[] = {
    &gb_analyzer_accounts,   &gb_analyzer_services,
    &gb_analyzer_keys,       &gb_analyzer_components,
    &gb_analyzer_binaries,   &gb_analyzer_backdoors,
    &gb_analyzer_secrets,    &gb_analyzer_webserver,
    &gb_analyzer_cryptoconf, NULL,
};

const gb_analyzer *const *gb_analyzers(void)
{
	return analyzers;
}
