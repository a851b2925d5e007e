/*
 * screen — the rules of a checkpoint screening, pure: a screened person's
 * temperature and result must fit together (fever → referral or
 * centralized observation; referral → a hospital; anything but 放行 → a
 * name and an ID or phone), ID numbers and phones are normalised.  Shared by
 * the screening API and the bulk import of paper logs.
 */
#ifndef FK_SCREEN_H
#define FK_SCREEN_H

#include <stdint.h>

#include "obs.h"

#define SCREEN_MAX_PERSONS 60

struct screen_person {
	int temp; /* tenths */
	int method;
	int fever;
	const char *name, *doc_number, *phone, *result, *note, *hospital, *transport;
	int64_t person_id;	/* matched person, 0 if none */
	int64_t observation_id; /* started (转集中观察) */
};

struct screening {
	const char *client_id;
	int64_t checkpoint_id, at;
	char plate[32];
	const char *vehicle_type, *origin, *destination;
	int64_t village_id;
	int flagged;
	int n;
	struct screen_person p[SCREEN_MAX_PERSONS];
};

/* Results a screener may record. */
int screen_result_ok(const char *r);

/* Check one screened person in place: p->fever from the rules, a default
 * result (放行, or 转诊 with fever), ID/phone normalised into doc_buf /
 * phone_buf.  NULL if fine, else a code (msg.h or idcard codes) with *field;
 * *message is set for ID number errors. */
const char *screen_person_check(struct screen_person *p, const struct obs_rules *r, int today,
				int english, char doc_buf[40], char phone_buf[32],
				const char **field, const char **message);

#endif
