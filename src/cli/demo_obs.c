/*
 * Demo data for medical observation (part of `fangkong demo`): one
 * centralized site with rooms, and ~600 observations spread over the villages
 * and the last three weeks, with their twice-daily checks, some missed
 * windows, a few fevers with referrals and outcomes, releases of those whose
 * period ended, and a few lost contacts.  History is written through the same
 * store functions the server uses, with "now" pinned (FANGKONG_NOW) to the
 * moment each event happened, so every rule is applied as in real use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/date.h"
#include "core/role.h"
#include "demo.h"
#include "store/obs.h"
#include "store/site.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/xalloc.h"

static void pin_now(int64_t t)
{
	char v[32];
	snprintf(v, sizeof v, "%lld", (long long)t);
	setenv("FANGKONG_NOW", v, 1);
}

static int64_t make_site(struct db *db)
{
	struct site s = {0};
	snprintf(s.name, sizeof s.name, "里水镇集中医学观察点（和顺酒店）");
	snprintf(s.address, sizeof s.address, "佛山市南海区里水镇和顺大道 88 号");
	snprintf(s.contact, sizeof s.contact, "谢颖诗");
	snprintf(s.phone, sizeof s.phone, "0757-85600001");
	s.capacity = 80;
	s.active = 1;
	if (site_save(db, cli_actor(), &s) != ST_OK)
		return 0;
	for (int floor = 1; floor <= 3; floor++)
		for (int n = 1; n <= 15; n++) {
			char num[8];
			int64_t id;
			snprintf(num, sizeof num, "%d%02d", floor, n);
			site_room_add(db, cli_actor(), s.id, num, n % 3 == 0 ? 1 : 2, &id);
		}
	/* station the site staff there */
	static const char *const staff[] = {"liuguan1", "liuguan2"};
	for (size_t i = 0; i < 2; i++) {
		struct user u;
		if (user_get_by_name(db, staff[i], &u, NULL, 0) == ST_OK) {
			u.site_id = s.id;
			json_t *d = json_pack("{s:s}", "via", "demo");
			user_update(db, cli_actor(), &u, d);
			json_decref(d);
		}
	}
	return s.id;
}

static int random_temp(uint32_t (*rnd)(uint32_t), int fever)
{
	return fever ? 375 + (int)rnd(12) : 359 + (int)rnd(12);
}

/* Write the checks of one observation from its first window up to `until`. */
static void write_checks(struct db *db, const struct obs *o, const struct obs_rules *r,
			 int64_t until, uint32_t (*rnd)(uint32_t), int *fevers)
{
	int64_t last_req = obs_window_idx(date_days(o->planned_end), 1);
	for (int64_t w = o->first_window; w <= last_req; w++) {
		int ymd = date_from_days(w >> 1), slot = (int)(w & 1);
		int minute = r->win[slot][0] + 30 + (int)rnd(180);
		int64_t at = date_local_time(ymd, minute * 60);
		if (at > until)
			break;
		if (ymd != o->planned_end && rnd(100) < 6)
			continue; /* a missed window (the last day is never missed) */
		int fever = *fevers < 30 && rnd(1000) < 4;
		struct obs_check c = {at, random_temp(rnd, fever), METHOD_AXILLARY, "", "ok", ""};
		if (fever) {
			c.symptoms = rnd(2) ? "发热,咳嗽" : "发热";
			(*fevers)++;
		}
		int64_t check_id, alert_id;
		const char *why;
		pin_now(at + 60);
		if (obs_check_add(db, cli_actor(), o->id, &(struct obs_scope){0}, &c, at + 60,
				  &check_id, &alert_id, &why) != ST_OK)
			return;
		if (!alert_id)
			continue;
		/* referral within the hour; most are ruled out the same day */
		obs_alert_refer(db, cli_actor(), alert_id, &(struct obs_scope){0},
				"南海区第四人民医院发热门诊", "120 负压救护车", at + 1800, &why);
		if (at + 6 * 3600 > until)
			return; /* still open: the office sees it */
		pin_now(at + 6 * 3600);
		int serious = rnd(10) == 0;
		obs_alert_outcome(db, cli_actor(), alert_id, &(struct obs_scope){0},
				  serious ? "suspected" : "excluded",
				  serious ? "核酸待复检，转定点医院" : "血常规、CT 未见异常，排除",
				  &why);
		if (serious)
			return;
	}
}

/* Today's work for the office: fevers found in the last hours — two waiting
 * for referral, two on their way to the fever clinic, one suspected case. */
static void recent_alerts(struct db *db, int64_t now, uint32_t (*rnd)(uint32_t))
{
	sqlite3_stmt *st = db_prep(db, "SELECT id FROM observations WHERE status='active' "
				       "ORDER BY id DESC LIMIT 5");
	int64_t ids[5];
	int n = 0;
	while (st && n < 5 && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	for (int i = 0; i < n; i++) {
		int64_t at = now - 3600 * (i + 1), check_id, alert_id;
		const char *why;
		struct obs_check c = {
		    at, 377 + (int)rnd(10), METHOD_AXILLARY, i % 2 ? "发热,乏力" : "发热", "ok",
		    ""};
		pin_now(at + 60);
		if (obs_check_add(db, cli_actor(), ids[i], &(struct obs_scope){0}, &c, at + 60,
				  &check_id, &alert_id, &why) != ST_OK ||
		    !alert_id || i < 2)
			continue;
		pin_now(at + 1200);
		obs_alert_refer(db, cli_actor(), alert_id, &(struct obs_scope){0},
				"南海区第四人民医院发热门诊", "120 负压救护车", at + 1200, &why);
		if (i == 4) {
			pin_now(at + 2400);
			obs_alert_outcome(db, cli_actor(), alert_id, &(struct obs_scope){0},
					  "suspected", "CT 提示肺部感染，转定点医院", &why);
		}
	}
}

int demo_observations(struct db *db, int count, uint32_t (*rnd)(uint32_t), int *made)
{
	int64_t site = make_site(db);
	int64_t now = clock_now();
	int today = clock_local_date(now);
	int64_t nper = db_scalar(db, "SELECT count(*) FROM persons", 0);
	struct obs_rules r;
	if (!site || nper == 0 || obs_rules_for(db, today, &r) != ST_OK)
		return -1;
	/* the caller's own pinned "now" (FANGKONG_NOW), given back at the end:
	 * the lists and checkpoints made after this are dated by it too */
	const char *given = getenv("FANGKONG_NOW");
	char *caller_now = given ? xstrdup(given) : NULL;
	static const char *const reasons[][2] = {{"疫区返回", "湖北省武汉市"},
						 {"疫区返回", "湖北省孝感市"},
						 {"密切接触者", "确诊病例 陈某（南海区）"},
						 {"协查名单", "佛山市第 3 批协查名单"},
						 {"检疫点转来", "和顺检疫点"},
						 {"自行申报", ""}};
	int fevers = 0, central = 0;
	db_exec(db, "PRAGMA synchronous=OFF");
	for (int i = 0; i < count; i++) {
		struct obs o = {0};
		o.person_id = 1 + (int64_t)rnd((uint32_t)nper);
		o.exposure = date_add(today, -(1 + (int)rnd(20)));
		o.kind = central < 60 && rnd(100) < 15 ? KIND_CENTRAL : KIND_HOME;
		o.site_id = o.kind == KIND_CENTRAL ? site : 0;
		int k = (int)rnd(6);
		snprintf(o.reason, sizeof o.reason, "%s", reasons[k][0]);
		snprintf(o.reason_detail, sizeof o.reason_detail, "%s", reasons[k][1]);
		snprintf(o.doctor, sizeof o.doctor, "%s",
			 rnd(2) ? "村卫生站 何医生" : "镇卫生院 梁医生");
		o.rules_id = r.id;
		int64_t started =
		    date_local_time(date_add(o.exposure, 1), (9 * 60 + (int)rnd(600)) * 60);
		if (started > now - 600)
			started = now - 600;
		pin_now(started);
		int64_t existing;
		const char *why;
		if (obs_start(db, cli_actor(), &o, &(struct obs_scope){0}, &existing, &why) !=
		    ST_OK)
			continue; /* the same person drawn twice */
		central += o.kind == KIND_CENTRAL;
		(*made)++;
		write_checks(db, &o, &r, now, rnd, &fevers);
		/* a few lose contact; those whose period ended are released */
		struct obs_change c = {0};
		if (rnd(100) < 2) {
			c.action = ACT_LOST;
			c.reason = "电话无人接听，上门未见到人";
			pin_now(now - 3600);
			obs_apply(db, cli_actor(), o.id, &(struct obs_scope){0}, &c, today, &why);
		} else if (o.planned_end < today) {
			c.action = ACT_RELEASE;
			/* the morning after the last day, but never after now: run
			 * before 09:00, "released today" would be in the future */
			int64_t t = date_local_time(date_add(o.planned_end, 1), 9 * 3600);
			pin_now(t < now - 60 ? t : now - 60);
			obs_apply(db, cli_actor(), o.id, &(struct obs_scope){0}, &c,
				  date_add(o.planned_end, 1), &why);
		}
	}
	recent_alerts(db, now, rnd);
	if (caller_now)
		setenv("FANGKONG_NOW", caller_now, 1);
	else
		unsetenv("FANGKONG_NOW");
	free(caller_now);
	db_exec(db, "PRAGMA synchronous=FULL");
	return 0;
}
