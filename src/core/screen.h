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
#include "person.h"

#define SCREEN_MAX_PERSONS 60

struct screen_person {
	int temp; /* tenths */
	int method;
	int fever;
	const char *name, *doc_number, *phone, *result, *note, *hospital, *transport;
	int64_t person_id;	/* matched person, 0 if none */
	int64_t observation_id; /* started or linked (screen_starts_obs) */
	int start_obs;		/* start a centralized observation in the same write */
	int64_t referred_at;	/* fever referral: when the person left (0 = screening time) */
};

struct screening {
	const char *client_id;
	const char *checkpoint_name; /* for the observation's reason (may be NULL) */
	int64_t checkpoint_id, at;
	char plate[32];
	const char *vehicle_type, *origin, *destination;
	int64_t village_id;
	int flagged;	  /* in: from a flagged area; out (screening_insert): as stored */
	int64_t shift_id; /* out (screening_insert): the shift it was counted in, 0 none */
	int live;	  /* entered now (API), not a paper log: fevers open commander alerts */
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

/* Does this screened person go into centralized observation now?  Always on
 * 转集中观察; on a fever referral (转诊) when the screener ticked "start
 * observation" (`asked`); never otherwise (放行 … 劝返 stay outside). */
int screen_starts_obs(const struct screen_person *p, int asked);

/* The registry record for a person who starts an observation and is not yet
 * known (after screen_person_check): name, document (a resident ID number
 * as id_card, anything else as other), phone, source 自排发现, the
 * checkpoint in the notes.  0 ok, -1 with *err (person_validate). */
int screen_registry(const struct screen_person *p, const char *checkpoint, int today, int english,
		    struct person *out, struct person_err *err);

#endif
