/*
 * Demo data for checkpoints (part of `fangkong demo`): three checkpoints
 * around 里水镇, a fortnight of 12-hour shifts with sign-in and sign-out, and
 * ~20,000 screenings through the same store calls the server uses — most
 * travellers waved through, some registered, a few turned back or referred
 * with fever, a share from the day's flagged areas.  Today's fevers are
 * open alerts for the commander, and a few of today's travellers from
 * Hubei went into centralized observation, waiting for a site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/date.h"
#include "core/idcard.h"
#include "core/obs.h"
#include "core/role.h"
#include "demo.h"
#include "store/checkpoint.h"
#include "store/user.h"
#include "util/clock.h"

static const char *const cps[][3] = {{"和顺检疫点", "和顺大道与广佛公路交界", "公路卡口"},
				     {"里水高速出口检疫点", "广佛肇高速里水出口", "高速出口"},
				     {"沙涌路口检疫点", "沙涌社区振兴路口", "公路卡口"}};
static const char *const origins[] = {"广东佛山", "广东广州", "广东佛山", "广东肇庆", "广东清远",
				      "湖南长沙", "广西梧州", "湖北武汉", "湖北孝感", "江西赣州",
				      "广东广州", "广东佛山", "广东中山", "河南信阳"};
static const char *const provs[] = {"粤A", "粤E", "粤E", "粤E", "粤H",
				    "粤R", "湘A", "桂D", "鄂A", "鄂K"};
static const char *const vtypes[] = {"小客车", "小客车", "小客车", "货车",
				     "客车",   "摩托车", "行人"};

/* Today's travellers the office should see at once: two fevers (one
 * referred to the fever clinic and also sent to observation, one sent
 * straight to centralized observation) and two travellers from Hubei sent
 * to centralized observation.  They go through the same store call as the
 * phone page (live entries: fevers open alerts, observations start). */
static const struct {
	const char *name, *origin, *plate, *result, *hospital;
	int temp, minutes_ago, start_obs;
} today_cases[] = {
    {"（演示）刘建华", "湖北武汉", "鄂A3K852", "转集中观察", NULL, 362, 95, 0},
    {"（演示）陈美玲", "湖北孝感", "鄂K20517", "转集中观察", NULL, 365, 70, 0},
    {"（演示）王志刚", "河南信阳", "豫S6T301", "转诊", "南海区第四人民医院发热门诊", 386, 40, 1},
    {"（演示）黄晓燕", "湖北武汉", "粤E7Q209", "转集中观察", NULL, 379, 15, 0},
};

static void today_entries(struct db *db, const int64_t ids[3], int64_t now, int *made)
{
	for (size_t i = 0; i < sizeof today_cases / sizeof today_cases[0]; i++) {
		struct screening s;
		char cid[32], doc[19];
		memset(&s, 0, sizeof s);
		snprintf(cid, sizeof cid, "demo-today-%zu", i);
		/* 1985-03-0x, 湖北武汉江岸区 */
		snprintf(doc, sizeof doc, "4201021985030%zu%03zu", 1 + i, 11 + 2 * i);
		doc[17] = idcard_check_char(doc);
		doc[18] = '\0';
		s.client_id = cid;
		s.checkpoint_id = ids[i % 3];
		s.checkpoint_name = cps[i % 3][0];
		s.at = now - today_cases[i].minutes_ago * 60;
		s.live = 1;
		s.vehicle_type = "小客车";
		snprintf(s.plate, sizeof s.plate, "%s", today_cases[i].plate);
		s.origin = today_cases[i].origin;
		s.destination = "本镇";
		s.n = 1;
		struct screen_person *p = &s.p[0];
		p->method = METHOD_FOREHEAD;
		p->temp = today_cases[i].temp;
		p->fever = p->temp >= 373;
		p->name = today_cases[i].name;
		p->doc_number = doc;
		p->result = today_cases[i].result;
		p->hospital = today_cases[i].hospital;
		p->transport = p->hospital ? "120救护车" : NULL;
		p->start_obs = screen_starts_obs(p, today_cases[i].start_obs);
		int64_t id;
		int existed, sightings;
		if (screening_add(db, cli_actor(), &s, &id, &existed, &sightings) == ST_OK)
			(*made)++;
	}
}

int demo_checkpoints(struct db *db, int days, int per_day, uint32_t (*rnd)(uint32_t), int *made)
{
	int64_t ids[3];
	int64_t now = clock_now();
	int today = clock_local_date(now);
	for (int i = 0; i < 3; i++) {
		struct checkpoint c = {0};
		snprintf(c.name, sizeof c.name, "%s", cps[i][0]);
		snprintf(c.location, sizeof c.location, "%s", cps[i][1]);
		snprintf(c.type, sizeof c.type, "%s", cps[i][2]);
		c.active = 1;
		if (cp_save(db, cli_actor(), &c) != ST_OK)
			return -1;
		ids[i] = c.id;
	}
	/* bind the checkpoint staff */
	static const char *const staff[] = {"kakou1", "kakou2", "kakou3"};
	struct user us[3];
	for (int i = 0; i < 3; i++) {
		if (user_get_by_name(db, staff[i], &us[i], NULL, 0) != ST_OK)
			return -1;
		us[i].checkpoint_id = ids[i];
		json_t *d = json_pack("{s:s}", "via", "demo");
		user_update(db, cli_actor(), &us[i], d);
		json_decref(d);
	}
	flagged_set(db, cli_actor(), "湖北", 1);
	flagged_set(db, cli_actor(), "河南信阳", 1);
	struct obs_rules r;
	obs_rules_default(&r);
	db_exec(db, "PRAGMA synchronous=OFF");
	char cid[40];
	for (int d = days - 1; d >= 0; d--) {
		int ymd = date_add(today, -d);
		int64_t base = date_local_time(ymd, 0);
		for (int i = 0; i < 3; i++)
			for (int half = 0; half < 2; half++) {
				int64_t s0 = base + (half ? 20 : 8) * 3600, s1 = s0 + 12 * 3600,
					sid;
				if (s0 > now)
					continue;
				/* the checkpoint's own account works the day shift and the
				 * shift in progress (a demo shows its own shift at any hour);
				 * other nights are staffed by militia and cadres without
				 * accounts */
				int own = !half || now < s1;
				json_t *st =
				    !own ? json_pack("[{s:s},{s:s}]", "name", "民兵 何建新", "name",
						     "镇干部 梁浩")
					 : json_pack("[{s:I},{s:s}]", "user_id",
						     (json_int_t)us[i].id, "name", "镇干部 梁浩");
				shift_create(db, cli_actor(), ids[i], s0, s1, "", st, &sid);
				json_decref(st);
				if (!own)
					continue;
				const char *why;
				shift_sign(db, cli_actor(), sid, us[i].id, us[i].name, 1, NULL,
					   s0 + (int64_t)rnd(900), &why);
				if (s1 < now)
					shift_sign(db, cli_actor(), sid, us[i].id, us[i].name, 0,
						   "交接正常，无遗留事项", s1 + (int64_t)rnd(1800),
						   &why);
			}
		for (int k = 0; k < per_day; k++) {
			struct screening s;
			memset(&s, 0, sizeof s);
			/* traffic peaks in the morning and the evening */
			int hour = rnd(3) ? 7 + (int)rnd(13) : (int)rnd(24);
			s.at = base + hour * 3600 + (int64_t)rnd(3600);
			if (s.at > now)
				continue;
			snprintf(cid, sizeof cid, "demo-%d-%d", ymd, k);
			s.client_id = cid;
			s.checkpoint_id = ids[rnd(3)];
			s.vehicle_type = vtypes[rnd(sizeof vtypes / sizeof vtypes[0])];
			if (strcmp(s.vehicle_type, "行人"))
				snprintf(s.plate, sizeof s.plate, "%s%05u",
					 provs[rnd(sizeof provs / sizeof provs[0])], rnd(100000));
			s.origin = origins[rnd(sizeof origins / sizeof origins[0])];
			s.destination = rnd(5) ? "本镇" : "过境";
			s.n = strcmp(s.vehicle_type, "客车") ? 1 + (int)rnd(3) : 5 + (int)rnd(20);
			for (int p = 0; p < s.n; p++) {
				struct screen_person *sp = &s.p[p];
				sp->method = METHOD_FOREHEAD;
				sp->fever = rnd(2000) == 0;
				sp->temp = sp->fever ? 374 + (int)rnd(10) : 358 + (int)rnd(13);
				sp->result = sp->fever	    ? "转诊"
					     : rnd(40) == 0 ? "劝返"
					     : rnd(8) == 0  ? "登记后放行"
							    : "放行";
				if (strcmp(sp->result, "放行")) {
					sp->name = "（演示）旅客";
					sp->phone = "13800000000";
				}
				if (sp->fever) {
					sp->hospital = "南海区第四人民医院发热门诊";
					sp->transport = "120 救护车";
				}
			}
			int64_t id;
			int existed, sightings;
			if (screening_add(db, cli_actor(), &s, &id, &existed, &sightings) == ST_OK)
				(*made)++;
		}
	}
	db_exec(db, "PRAGMA synchronous=FULL");
	today_entries(db, ids, now, made);
	return 0;
}
