/*
 * "Reachable from the network at boot": what a stored scan's findings say
 * about the services an image starts and how they are protected, grouped per
 * service (telnet, ssh, web, a shell bound to a port, ...).
 *
 * Derived only from findings, never from the files again, so every report
 * format shows the same summary for the same stored scan. A finding takes
 * part when its category and rule-id prefix say it is about a started
 * service: category "service" (any rule), "backdoor" from the service and
 * binary analyzers (GB-SVC-*, GB-BIN-*: shells bound to ports), and "config"
 * from the service and web analyzers (GB-SVC-*, GB-WEB-*: weak TLS or SSH
 * settings of a service). New rules of those kinds flow in without a change
 * here; the service a finding is about is read from the words of its
 * evidence (the command line or setting) and then its title.
 */
#ifndef GLASSBOX_REACHABLE_H
#define GLASSBOX_REACHABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "glassbox/finding.h"

/* One weakness of a service: a rule and how many findings of it. */
typedef struct gb_reachable_exposure {
	const char *rule_id;
	const char *title; /* the rule's title */
	gb_severity severity;
	size_t count;
} gb_reachable_exposure;

typedef struct gb_reachable_service {
	const char *service;              /* "telnet", "ssh", "web", "shell on a port", ...; static storage */
	bool network;                     /* false: reachable only from a console or serial port */
	gb_severity severity;             /* the worst exposure */
	gb_reachable_exposure *exposures; /* worst first */
	size_t nexposures;
	size_t *findings; /* indices into the findings list, in list order */
	size_t nfindings;
} gb_reachable_service;

typedef struct gb_reachable {
	gb_reachable_service *items; /* network services first, then worst first, then by name */
	size_t count;
} gb_reachable;

/* Whether finding F is about a service started at boot (see above). */
bool gb_reachable_relevant(const gb_finding *f);
/* The service F is about; sets *network. Only meaningful when relevant. */
const char *gb_reachable_service_of(const gb_finding *f, bool *network);
/* Groups the relevant findings of FS per service. */
void gb_reachable_compute(const gb_findings *fs, gb_reachable *out);
void gb_reachable_free(gb_reachable *r);

#endif
