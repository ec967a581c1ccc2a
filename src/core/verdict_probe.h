/* verdict_probe.h — the verdict once the attempts are made (SPEC §6, §8). Pure: no I/O. */
#ifndef VERDICT_PROBE_H
#define VERDICT_PROBE_H

#include "result.h"

/*
 * The verdict over r->attempts once the probe ran (SPEC §6, §8): server, status,
 * reason and hints per failure class. Called by verdict_build when the policy
 * connects. SD_ERR_NOMEM when a hint could not be stored.
 */
enum sd_status verdict_attempts(struct result *r);

#endif
