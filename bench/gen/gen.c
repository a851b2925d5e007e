/*
 * bench/gen — the benchmark's seeded, deterministic data generator.
 *
 *   gen town  --db F [--seed S] [--persons N] [--observations M] [--checks K]
 *   gen lists --db F --out DIR [--seed S] [--persons N] --sizes 10000,100000,…
 *
 * `town` fills a database made by `fangkong demo --db F --persons 0` (schema,
 * the 39 villages of 里水镇, the demo staff) with N persons (valid synthetic
 * ID numbers, unique; phones; addresses; the pinyin-initials key computed by
 * fangkong's own pinyin_key), M home observations and exactly K checks
 * written the way the store writes them (first_window, last_check_window,
 * last_check_at kept as obs_check_add keeps them), their start/release/lost
 * events and the alerts of their fevers.  "Now" is pinned to
 * 2020-02-20 10:00 CST (the morning window is open): the server under test
 * runs with FANGKONG_NOW set to the same instant.
 *
 * `lists` regenerates the same N persons (same seed) and writes key-person
 * lists the way upper levels send them: a merged title row and a note row,
 * Chinese headers (序号 姓名 身份证号码 联系电话 现住址 所属村居 来源地
 * 返回日期), half of the rows persons already in the town, half new; 5% bad
 * rows (1% each: broken check digit, Excel-mangled ID, duplicate of an
 * earlier row, unreadable date, unknown village).  For each size: .xlsx
 * (libxlsxwriter, constant_memory), .csv (GB18030, as Chinese Excel saves
 * "CSV (逗号分隔)") and .utf8.csv (header + data rows in UTF-8, for the
 * `sqlite3 .import` baseline).
 *
 * Everything derives from the seed: the same seed gives byte-identical
 * files and the same database content.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "core/date.h"
#include "core/idcard.h"
#include "core/obs.h"
#include "core/pinyin.h"

#define NOW ((int64_t)1582164000) /* 2020-02-20 10:00 CST */
#define TODAY 20200220
#define TZ (8 * 3600)

static uint64_t seed = 2020;

/* ---- randomness: splitmix64, one stream per purpose and index ---- */
static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
struct rng {
	uint64_t s;
};
static struct rng rng_for(uint64_t stream, uint64_t idx)
{
	struct rng r = {mix(seed * 0x9E3779B97F4A7C15ull ^ mix(stream * 1000003ull + idx))};
	return r;
}
static uint64_t next(struct rng *r)
{
	r->s += 0x9E3779B97F4A7C15ull;
	return mix(r->s);
}
static uint32_t below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((next(r) >> 32) * (uint64_t)n) >> 32);
}

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "gen: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

/* ---- the town ---- */
static const char *const surnames[] = {
    "陈", "李", "黄", "梁", "何", "林", "张", "王", "吴", "刘", "冯", "邓", "关", "麦", "潘",
    "谭", "罗", "杨", "周", "郭", "曾", "区", "卢", "叶", "钟", "苏", "谢", "蔡", "冼", "单",
    "徐", "朱", "胡", "高", "郑", "彭", "余", "严", "邱", "江", "廖", "赵", "孙", "马", "袁"};
/* the first 20 are drawn three times as often as the rest */
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "英", "嘉", "颖", "志", "华", "健", "锦", "雯",
    "浩", "宇", "欣", "怡", "俊", "婷", "文", "辉", "荣", "珊", "淑", "玲", "泳", "诗", "柏",
    "建", "国", "家", "燕", "红", "玉", "梅", "兰", "凤", "宏", "海", "永", "峰", "晓", "思",
    "雅", "子", "丹", "佳", "琳", "晨", "泽", "宁", "博", "瑞", "梓", "睿", "轩", "彤", "铭",
    "慧", "洁", "倩", "琪", "鹏"};
static const char *const roads[] = {"里广路", "和顺大道", "沿江路", "新兴路", "振兴路",
				    "环镇路", "桂和路",	  "建设路", "文化路", "工业大道",
				    "大步街", "北沙路",	  "金溪路", "逢涌路", "流潮路"};
/* ID region codes: mostly 南海, some elsewhere in Guangdong, some 湖北 */
static const char *const regions[] = {"440605", "440605", "440605", "440605", "440605", "440682",
				      "440604", "440606", "440103", "440106", "445281", "441802",
				      "420106", "420102", "420111", "421003", "420902", "421102",
				      "450103", "430104", "360102", "510104", "411302", "440981"};
#define NREGIONS (sizeof regions / sizeof regions[0])
static const char *const phone_prefix[] = {"138", "139", "135", "136", "137", "150", "152",
					   "158", "159", "186", "188", "189", "133", "177"};

#define MAXV 64
static int nv;
static int64_t vid[MAXV];
static char vname[MAXV][64], vbase[MAXV][64];
static uint32_t vweight_total, vweight[MAXV];

struct gp { /* one generated person */
	char name[16];
	char id[19];
	char phone[12];
	char birth[11];
	uint8_t v, region, sex, road;
	uint16_t num;
};

/* unique ID numbers: open addressing on the 17-digit body */
static uint64_t *idset;
static size_t idcap;
static int id_add(uint64_t body)
{
	size_t j = mix(body) & (idcap - 1);
	while (idset[j]) {
		if (idset[j] == body)
			return 0;
		j = (j + 1) & (idcap - 1);
	}
	idset[j] = body;
	return 1;
}

static void pick_village(struct rng *r, struct gp *p)
{
	uint32_t x = below(r, vweight_total);
	int v = 0;
	while (x >= vweight[v])
		x -= vweight[v++];
	p->v = (uint8_t)v;
}

/* Person number k (k < N: the town; k ≥ N: newcomers on the lists). */
static void gen_person(uint64_t k, struct gp *p)
{
	struct rng r = rng_for(1, k);
	memset(p, 0, sizeof *p);
	size_t ns = sizeof surnames / sizeof surnames[0];
	size_t ng = sizeof given / sizeof given[0];
	const char *s = surnames[below(&r, 3) ? below(&r, 20) : below(&r, (uint32_t)ns)];
	const char *g1 = given[below(&r, 3) ? below(&r, 20) : below(&r, (uint32_t)ng)];
	const char *g2 = below(&r, 100) < 70 ? given[below(&r, (uint32_t)ng)] : "";
	snprintf(p->name, sizeof p->name, "%s%s%s", s, g1, g2);
	p->region = (uint8_t)below(&r, NREGIONS);
	int y = 1935 + (int)below(&r, 84), m = 1 + (int)below(&r, 12), d = 1 + (int)below(&r, 28);
	int seq = (int)below(&r, 1000);
	char body[18];
	for (;;) {
		snprintf(body, sizeof body, "%s%04d%02d%02d%03d", regions[p->region], y, m, d, seq);
		if (id_add(strtoull(body, NULL, 10)))
			break;
		seq = (seq + 2) % 1000; /* keep the sex digit's parity */
		if (seq < 2)
			d = d % 28 + 1;
	}
	memcpy(p->id, body, 17);
	p->id[17] = idcard_check_char(body);
	p->id[18] = '\0';
	p->sex = (uint8_t)((seq % 10) % 2 ? 1 : 2);
	snprintf(p->birth, sizeof p->birth, "%04d-%02d-%02d", y, m, d);
	snprintf(p->phone, sizeof p->phone, "%s%08u",
		 phone_prefix[below(&r, sizeof phone_prefix / sizeof phone_prefix[0])],
		 below(&r, 100000000));
	pick_village(&r, p);
	p->road = (uint8_t)below(&r, sizeof roads / sizeof roads[0]);
	p->num = (uint16_t)(1 + below(&r, 300));
}

static sqlite3 *db;

static void exec(const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		die(sql, err);
}

static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	return st;
}

static void step(sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die("insert", sqlite3_errmsg(db));
	sqlite3_reset(st);
}

static int64_t scalar(const char *sql)
{
	sqlite3_stmt *st = prep(sql);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return v;
}

static void open_db(const char *path)
{
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("cannot open", path);
	sqlite3_busy_timeout(db, 10000);
	sqlite3_stmt *st = prep("SELECT id,name FROM villages ORDER BY code");
	while (sqlite3_step(st) == SQLITE_ROW && nv < MAXV) {
		vid[nv] = sqlite3_column_int64(st, 0);
		snprintf(vname[nv], sizeof vname[nv], "%s", sqlite3_column_text(st, 1));
		snprintf(vbase[nv], sizeof vbase[nv], "%s", vname[nv]);
		char *suf = strstr(vbase[nv], "社区");
		if (!suf) {
			size_t n = strlen(vbase[nv]);
			if (n > 3 && !strcmp(vbase[nv] + n - 3, "村"))
				suf = vbase[nv] + n - 3;
		}
		if (suf && suf != vbase[nv])
			*suf = '\0';
		/* communities are larger than villages, the industrial park smaller */
		vweight[nv] = strstr(vname[nv], "工业园") ? 1 : strstr(vname[nv], "社区") ? 3 : 2;
		vweight_total += vweight[nv];
		nv++;
	}
	sqlite3_finalize(st);
	if (nv == 0)
		die("no villages: run `fangkong demo --db F --persons 0` first", path);
}

static void idset_init(size_t expected)
{
	idcap = 1;
	while (idcap < expected * 2)
		idcap <<= 1;
	idset = calloc(idcap, sizeof *idset);
	if (!idset)
		die("out of memory", NULL);
}

static int64_t local_time(int ymd, int minute)
{
	return date_days(ymd) * 86400 + minute * 60 - TZ;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

static void bind_date(sqlite3_stmt *st, int i, int ymd)
{
	char d[11];
	date_format(ymd, d, sizeof d);
	bind_text(st, i, d);
}

/* ---- town ---- */

struct chk {
	int64_t at;
	uint32_t obs;
	int16_t temp; /* tenths, 0 = none (absent) */
	uint8_t slot, fever;
	int32_t date;
};

static int chk_cmp(const void *a, const void *b)
{
	const struct chk *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->obs < y->obs ? -1 : x->obs > y->obs;
}

struct ob {
	uint32_t person;
	int exposure, day1, end;
	int64_t started_at, ended_at, first, last; /* owed windows [first, last] */
	int64_t last_check_window, last_check_at;
	uint8_t status; /* OBS_* */
	uint8_t reason;
};

static const char *const reasons[][2] = {{"疫区返回", "湖北省武汉市"},
					 {"疫区返回", "湖北省孝感市"},
					 {"疫区返回", "湖北省黄冈市"},
					 {"密切接触者", "确诊病例 陈某（南海区）"},
					 {"协查名单", "佛山市第 3 批协查名单"},
					 {"检疫点转来", "和顺检疫点"},
					 {"自行申报", ""}};
#define NREASONS (sizeof reasons / sizeof reasons[0])

/* Indexes of the tables we fill: dropped for the load, created again after. */
static char **saved_idx;
static int nsaved;
static void drop_indexes(void)
{
	sqlite3_stmt *st =
	    prep("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND "
		 "tbl_name IN ('persons','observations','checks','alerts','obs_events')");
	char *names[64];
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < 64) {
		names[n++] = strdup((const char *)sqlite3_column_text(st, 0));
		saved_idx = realloc(saved_idx, (size_t)(nsaved + 1) * sizeof *saved_idx);
		saved_idx[nsaved++] = strdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", names[i]);
		exec(sql);
		free(names[i]);
	}
}
static void create_indexes(void)
{
	for (int i = 0; i < nsaved; i++) {
		exec(saved_idx[i]);
		free(saved_idx[i]);
	}
	free(saved_idx);
}

/* The person search index (person_fts) is kept by the trigger
 * person_fts_ins, and FTS5 writes its pending data out at every statement's
 * end: a million single-row flushes took most of the persons' two minutes.
 * For the load the trigger is dropped; fts_fill then indexes the persons
 * with the trigger's own statements (person_fts, person_vfts) run over id
 * ranges (NEW. → p.), and puts the trigger back from its stored SQL — the
 * same indexes, built in bulk. */
static char *fts_trigger;
static void fts_suspend(void)
{
	sqlite3_stmt *st = prep("SELECT sql FROM sqlite_master WHERE type='trigger' AND "
				"name='person_fts_ins'");
	if (sqlite3_step(st) == SQLITE_ROW)
		fts_trigger = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (fts_trigger)
		exec("DROP TRIGGER person_fts_ins");
}
static void fts_fill(int64_t npersons)
{
	if (!fts_trigger)
		return;
	/* "… BEGIN INSERT INTO person_fts(…) SELECT NEW.id,…; INSERT INTO
	 * person_vfts(…) SELECT NEW.id,…; END": each statement of the body
	 * (split at the semicolons outside quotes) over the id ranges */
	const char *b = strstr(fts_trigger, " BEGIN ");
	const char *end = b ? strstr(b, "; END") : NULL;
	if (!b || !end)
		die("unexpected person_fts_ins trigger", fts_trigger);
	b += strlen(" BEGIN ");
	while (b < end) {
		const char *e = b;
		for (int quoted = 0; e < end && (quoted || *e != ';'); e++)
			if (*e == '\'')
				quoted = !quoted;
		size_t cap = (size_t)(e - b) * 2 + 256, n = 0;
		char *sql = malloc(cap);
		for (const char *q = b; q < e;) {
			if (!strncmp(q, "NEW.", 4)) {
				memcpy(sql + n, "p.", 2);
				n += 2;
				q += 4;
			} else {
				sql[n++] = *q++;
			}
		}
		snprintf(sql + n, cap - n,
			 " FROM persons p WHERE p.id>=?1 AND p.id<?2 AND p.merged_into IS NULL"
			 " ORDER BY p.id");
		sqlite3_stmt *st = prep(sql);
		for (int64_t from = 1; from <= npersons; from += 250000) {
			sqlite3_bind_int64(st, 1, from);
			sqlite3_bind_int64(st, 2, from + 250000);
			step(st);
		}
		sqlite3_finalize(st);
		free(sql);
		b = e < end ? e + 1 : end;
		while (b < end && *b == ' ')
			b++;
	}
	exec(fts_trigger);
	free(fts_trigger);
	fts_trigger = NULL;
}

static double since(struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int cmd_town(const char *path, int64_t npersons, int64_t nobs, int64_t nchecks)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	open_db(path);
	if (scalar("SELECT count(*) FROM persons") > 0)
		die("persons already present (use a fresh `fangkong demo --persons 0` database)",
		    path);
	int64_t rules_id = scalar("SELECT id FROM obs_rules ORDER BY version LIMIT 1");
	int64_t observer = scalar("SELECT id FROM users WHERE username='guancha1'");
	struct obs_rules rules;
	obs_rules_default(&rules);
	exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;"
	     "PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY;");
	exec("BEGIN");
	drop_indexes();
	fts_suspend();

	/* persons */
	idset_init((size_t)npersons + 1200000);
	sqlite3_stmt *ins = prep(
	    "INSERT INTO persons(id,name,name_py,sex,doc_type,doc_number,birth_date,phone,address,"
	    "village_id,hukou,notes,source,created_at,updated_at) "
	    "VALUES(?1,?2,?3,?4,'id_card',?5,?6,?7,?8,?9,?10,'',?11,?12,?12)");
	for (int64_t k = 0; k < npersons; k++) {
		struct gp p;
		char py[512], addr[256];
		gen_person((uint64_t)k, &p);
		pinyin_key(p.name, strlen(p.name), py, sizeof py, 16);
		snprintf(addr, sizeof addr, "佛山市南海区里水镇%s%s%u号", vname[p.v], roads[p.road],
			 p.num);
		struct rng r = rng_for(2, (uint64_t)k);
		sqlite3_bind_int64(ins, 1, k + 1);
		bind_text(ins, 2, p.name);
		bind_text(ins, 3, py);
		sqlite3_bind_int(ins, 4, p.sex);
		bind_text(ins, 5, p.id);
		bind_text(ins, 6, p.birth);
		bind_text(ins, 7, p.phone);
		bind_text(ins, 8, addr);
		sqlite3_bind_int64(ins, 9, vid[p.v]);
		bind_text(ins, 10, strncmp(regions[p.region], "42", 2) ? "广东省" : "湖北省");
		bind_text(ins, 11, below(&r, 3) ? "自排发现" : "上级下发");
		sqlite3_bind_int64(ins, 12, NOW - 86400 * 40 + (int64_t)below(&r, 86400 * 39));
		step(ins);
	}
	sqlite3_finalize(ins);
	fprintf(stderr, "gen: %lld persons (%.1f s)\n", (long long)npersons, since(&t0));
	fts_fill(npersons);
	fprintf(stderr, "gen: person search index (%.1f s)\n", since(&t0));

	/* observations: distinct persons, started over the last 36 days */
	uint32_t *perm = malloc((size_t)npersons * sizeof *perm);
	struct ob *obs = calloc((size_t)nobs, sizeof *obs);
	if (!perm || !obs)
		die("out of memory", NULL);
	for (int64_t i = 0; i < npersons; i++)
		perm[i] = (uint32_t)i;
	struct rng pr = rng_for(3, 0);
	if (nobs > npersons)
		die("more observations than persons", NULL);
	for (int64_t i = 0; i < nobs; i++) {
		uint64_t j = (uint64_t)i + (next(&pr) % (uint64_t)(npersons - i));
		uint32_t t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	int64_t open_now = obs_current_window(&rules, NOW);
	int64_t owed_total = 0;
	for (int64_t k = 0; k < nobs; k++) {
		struct ob *o = &obs[k];
		struct rng r = rng_for(4, (uint64_t)k);
		o->person = perm[k] + 1;
		int back = (int)below(&r, 36);
		int started_day = date_add(TODAY, -back);
		o->exposure = date_add(started_day, -1);
		o->day1 = obs_day1(&rules, o->exposure);
		o->end = obs_planned_end(&rules, o->exposure, 0);
		o->started_at = local_time(started_day, 8 * 60 + (int)below(&r, 660));
		if (o->started_at > NOW - 600)
			o->started_at = NOW - 600 - (int64_t)below(&r, 3000);
		o->first = obs_first_window(&rules, o->started_at);
		o->reason = (uint8_t)below(&r, NREASONS);
		int64_t last_req = obs_window_idx(date_days(o->end), 1);
		uint32_t fate = below(&r, 1000);
		o->status = OBS_ACTIVE;
		int64_t stop = open_now; /* the last window owed so far */
		if (fate < 8) {
			o->status = OBS_LOST; /* lost somewhere in the period */
			int64_t span = (last_req < open_now ? last_req : open_now) - o->first;
			int64_t w = o->first + (span > 0 ? (int64_t)below(&r, (uint32_t)span) : 0);
			stop = w;
			o->ended_at = local_time(date_from_days(w >> 1), (w & 1) ? 20 * 60 : 11 * 60);
		} else if (fate < 11 && o->end >= TODAY) {
			o->status = OBS_HOSPITAL;
			int64_t span = open_now - o->first;
			int64_t w = o->first + (span > 0 ? (int64_t)below(&r, (uint32_t)span) : 0);
			stop = w;
			o->ended_at = local_time(date_from_days(w >> 1), (w & 1) ? 21 * 60 : 13 * 60);
		} else if (o->end < TODAY && (fate >= 25 || o->end < date_add(TODAY, -3))) {
			/* released the day after the period; a few whose release is
			 * blocked (a missed last day, an open alert) wait a day or three */
			o->status = OBS_RELEASED;
			o->ended_at = local_time(date_add(o->end, 1), 9 * 60 + (int)below(&r, 120));
		}
		if (stop > last_req)
			stop = last_req;
		o->last = stop;
		o->last_check_window = -1;
		if (o->last >= o->first)
			owed_total += o->last - o->first + 1;
	}
	if (owed_total < nchecks) {
		fprintf(stderr, "gen: only %lld windows owed; writing that many checks\n",
			(long long)owed_total);
		nchecks = owed_total;
	}
	/* exactly nchecks of the owed windows get a check (selection sampling) */
	struct chk *cs = malloc((size_t)nchecks * sizeof *cs);
	if (!cs)
		die("out of memory", NULL);
	int64_t seen = 0, taken = 0;
	struct rng sr = rng_for(5, 0);
	for (int64_t k = 0; k < nobs; k++) {
		struct ob *o = &obs[k];
		for (int64_t w = o->first; w <= o->last; w++, seen++) {
			uint64_t left = (uint64_t)(owed_total - seen);
			if ((next(&sr) % left) >= (uint64_t)(nchecks - taken))
				continue;
			struct rng r = rng_for(6, (uint64_t)k * 64 + (uint64_t)(w - o->first));
			struct chk *c = &cs[taken++];
			int ymd = date_from_days(w >> 1), slot = (int)(w & 1);
			int minute = rules.win[slot][0] + 20 + (int)below(&r, 200);
			c->at = local_time(ymd, minute);
			if (c->at > NOW - 60)
				c->at = NOW - 60 - (int64_t)below(&r, 1800);
			c->obs = (uint32_t)(k + 1);
			c->slot = (uint8_t)slot;
			c->date = ymd;
			uint32_t x = below(&r, 10000);
			c->fever = x < 20;
			c->temp = (int16_t)(x < 20 ? 375 + (int)below(&r, 12)
					    : x < 50 ? 0 /* absent: nobody home */
						     : 358 + (int)below(&r, 14));
			if (c->temp && w > o->last_check_window)
				o->last_check_window = w;
			if (c->temp && c->at > o->last_check_at)
				o->last_check_at = c->at;
		}
	}
	nchecks = taken;
	sqlite3_stmt *io = prep(
	    "INSERT INTO observations(id,person_id,kind,status,reason,reason_detail,exposure_date,"
	    "day1,planned_end,rules_id,doctor,first_window,last_check_window,last_check_at,"
	    "started_at,started_by,ended_at,end_reason,lost_at,start_village_id) "
	    "VALUES(?1,?2,'home',?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,"
	    "(SELECT village_id FROM persons WHERE id=?2))");
	sqlite3_stmt *ie =
	    prep("INSERT INTO obs_events(obs_id,at,user_id,username,action,from_status,to_status,"
		 "reason,detail) VALUES(?1,?2,?3,'guancha1',?4,?5,?6,?7,?8)");
	for (int64_t k = 0; k < nobs; k++) {
		struct ob *o = &obs[k];
		const char *st = obs_status_name(o->status);
		sqlite3_bind_int64(io, 1, k + 1);
		sqlite3_bind_int64(io, 2, o->person);
		bind_text(io, 3, st);
		bind_text(io, 4, reasons[o->reason][0]);
		bind_text(io, 5, reasons[o->reason][1]);
		bind_date(io, 6, o->exposure);
		bind_date(io, 7, o->day1);
		bind_date(io, 8, o->end);
		sqlite3_bind_int64(io, 9, rules_id);
		bind_text(io, 10, k % 2 ? "村卫生站 何医生" : "镇卫生院 梁医生");
		sqlite3_bind_int64(io, 11, o->first);
		sqlite3_bind_int64(io, 12, o->last_check_window);
		if (o->last_check_at)
			sqlite3_bind_int64(io, 13, o->last_check_at);
		else
			sqlite3_bind_null(io, 13);
		sqlite3_bind_int64(io, 14, o->started_at);
		sqlite3_bind_int64(io, 15, observer);
		for (int i = 16; i <= 18; i++)
			sqlite3_bind_null(io, i);
		if (o->status == OBS_RELEASED || o->status == OBS_HOSPITAL) {
			sqlite3_bind_int64(io, 16, o->ended_at);
			/* the end reason is the action's name, as fangkong writes it */
			bind_text(io, 17, o->status == OBS_RELEASED ? "release" : "hospital");
		} else if (o->status == OBS_LOST) {
			sqlite3_bind_int64(io, 18, o->ended_at);
		}
		step(io);
		char detail[160];
		snprintf(detail, sizeof detail, "{\"kind\":\"home\",\"person_id\":%u,\"reason\":\"%s\"}",
			 o->person, reasons[o->reason][0]);
		sqlite3_bind_int64(ie, 1, k + 1);
		sqlite3_bind_int64(ie, 2, o->started_at);
		sqlite3_bind_int64(ie, 3, observer);
		bind_text(ie, 4, "start");
		bind_text(ie, 5, "active");
		bind_text(ie, 6, "active");
		bind_text(ie, 7, reasons[o->reason][1]);
		bind_text(ie, 8, detail);
		step(ie);
		if (o->status != OBS_ACTIVE) {
			static const char *const act[] = {"", "release", "hospital", "lost"};
			sqlite3_bind_int64(ie, 1, k + 1);
			sqlite3_bind_int64(ie, 2, o->ended_at);
			sqlite3_bind_int64(ie, 3, observer);
			bind_text(ie, 4, act[o->status]);
			bind_text(ie, 5, "active");
			bind_text(ie, 6, st);
			bind_text(ie, 7, o->status == OBS_LOST ? "电话无人接听，上门未见到人" : "");
			bind_text(ie, 8, "{}");
			step(ie);
		}
	}
	sqlite3_finalize(io);
	sqlite3_finalize(ie);
	fprintf(stderr, "gen: %lld observations (%.1f s)\n", (long long)nobs, since(&t0));

	/* checks in the order they were recorded; fevers open alerts */
	qsort(cs, (size_t)nchecks, sizeof *cs, chk_cmp);
	sqlite3_stmt *ic = prep(
	    "INSERT INTO checks(obs_id,at,local_date,slot,in_window,temp,method,symptoms,visit,"
	    "fever,note,recorded_by,created_at) VALUES(?1,?2,?3,?4,1,?5,'axillary',?6,?7,?8,'',?9,"
	    "?10)");
	sqlite3_stmt *ia = prep(
	    "INSERT INTO alerts(obs_id,check_id,opened_at,temp,method,symptoms,status,hospital,"
	    "transport,departed_at,outcome,closed_at,note) VALUES(?1,?2,?3,?4,'axillary',?5,?6,?7,"
	    "?8,?9,?10,?11,?12)");
	int64_t alerts = 0, open_alerts = 0;
	for (int64_t i = 0; i < nchecks; i++) {
		struct chk *c = &cs[i];
		const char *sym = c->fever ? (c->at % 2 ? "发热,咳嗽" : "发热") : "";
		sqlite3_bind_int64(ic, 1, c->obs);
		sqlite3_bind_int64(ic, 2, c->at);
		bind_date(ic, 3, c->date);
		sqlite3_bind_int(ic, 4, c->slot);
		if (c->temp)
			sqlite3_bind_int(ic, 5, c->temp);
		else
			sqlite3_bind_null(ic, 5);
		bind_text(ic, 6, sym);
		bind_text(ic, 7, c->temp ? "ok" : "absent");
		sqlite3_bind_int(ic, 8, c->fever);
		sqlite3_bind_int64(ic, 9, observer);
		sqlite3_bind_int64(ic, 10, c->at + 60);
		step(ic);
		if (!c->fever)
			continue;
		int64_t check_id = sqlite3_last_insert_rowid(db);
		struct ob *o = &obs[c->obs - 1];
		int open = o->status == OBS_ACTIVE && c->at > NOW - 2 * 86400;
		sqlite3_bind_int64(ia, 1, c->obs);
		sqlite3_bind_int64(ia, 2, check_id);
		sqlite3_bind_int64(ia, 3, c->at + 60);
		sqlite3_bind_int(ia, 4, c->temp);
		bind_text(ia, 5, sym);
		bind_text(ia, 6, open ? "open" : "closed");
		for (int k = 7; k <= 12; k++)
			sqlite3_bind_null(ia, k);
		if (!open) {
			bind_text(ia, 7, "南海区第四人民医院发热门诊");
			bind_text(ia, 8, "120 负压救护车");
			sqlite3_bind_int64(ia, 9, c->at + 1800);
			bind_text(ia, 10, "excluded");
			sqlite3_bind_int64(ia, 11, c->at + 6 * 3600);
			bind_text(ia, 12, "血常规、CT 未见异常，排除");
		} else {
			bind_text(ia, 12, "");
		}
		step(ia);
		alerts++;
		open_alerts += open;
	}
	sqlite3_finalize(ic);
	sqlite3_finalize(ia);
	fprintf(stderr, "gen: %lld checks, %lld alerts (%lld open) (%.1f s)\n", (long long)nchecks,
		(long long)alerts, (long long)open_alerts, since(&t0));
	create_indexes();
	exec("COMMIT");
	fprintf(stderr, "gen: indexes (%.1f s)\n", since(&t0));
	exec("PRAGMA journal_mode=WAL");
	sqlite3_close(db);
	free(cs);
	free(obs);
	free(perm);
	printf("{\"persons\":%lld,\"observations\":%lld,\"checks\":%lld,\"alerts\":%lld,"
	       "\"open_alerts\":%lld}\n",
	       (long long)npersons, (long long)nobs, (long long)nchecks, (long long)alerts,
	       (long long)open_alerts);
	return 0;
}

/* ---- lists ---- */

static const char *const origins[] = {"湖北省武汉市", "湖北省孝感市", "湖北省黄冈市",
				      "湖北省荆州市", "湖北省襄阳市", "湖北省宜昌市",
				      "湖北省十堰市", "湖北省随州市", "浙江省温州市",
				      "河南省信阳市", "湖南省长沙市", "广东省深圳市"};
static const char *const bad_dates[] = {"1月32日", "2020/2/30", "待定", "2020.13.01", "春节前"};
static const char *const unknown_villages[] = {"新村社区", "太和镇", "大沥镇黄岐社区",
					       "狮山镇小塘村", "松岗社区"};
static const char *const header[] = {"序号",	 "姓名",     "身份证号码", "联系电话",
				     "现住址",	 "所属村居", "来源地",	   "返回日期"};
#define NCOLS 8

enum kind { R_OK, R_CHECK, R_EXCEL, R_DUP, R_DATE, R_VILLAGE };

struct row {
	char c[NCOLS][160];
	double id_number; /* R_EXCEL: the number Excel kept */
	int date_serial;  /* 0: the date cell is text */
	int kind;
};

struct listgen {
	int64_t n, npersons;
	uint64_t stream;
	uint64_t stride, offset;
	struct gp *town;
	/* rows kept for duplicates: a ring of recent good rows */
	struct row ring[64];
	int ringn;
};

static void make_row(struct listgen *g, int64_t j, struct row *out)
{
	struct rng r = rng_for(g->stream, (uint64_t)j);
	uint32_t x = below(&r, 1000);
	int kind = x < 10 ? R_CHECK : x < 20 ? R_EXCEL : x < 30 ? R_DUP : x < 40 ? R_DATE
				  : x < 50 ? R_VILLAGE
					   : R_OK;
	if (kind == R_DUP && g->ringn > 0) {
		*out = g->ring[below(&r, (uint32_t)(g->ringn < 64 ? g->ringn : 64))];
		snprintf(out->c[0], sizeof out->c[0], "%lld", (long long)j + 1);
		out->kind = R_DUP;
		return;
	}
	if (kind == R_DUP)
		kind = R_OK;
	struct gp p;
	if (below(&r, 2)) /* someone already in the registry */
		p = g->town[(g->offset + (uint64_t)j * g->stride) % (uint64_t)g->npersons];
	else /* a newcomer */
		gen_person((uint64_t)g->npersons + (g->stream << 24) + (uint64_t)j, &p);
	memset(out, 0, sizeof *out);
	out->kind = kind;
	snprintf(out->c[0], sizeof out->c[0], "%lld", (long long)j + 1);
	snprintf(out->c[1], sizeof out->c[1], "%s", p.name);
	snprintf(out->c[2], sizeof out->c[2], "%s", p.id);
	snprintf(out->c[3], sizeof out->c[3], "%s", p.phone);
	int v = p.v;
	uint32_t how = below(&r, 10);
	if (kind == R_VILLAGE) {
		const char *u = unknown_villages[below(&r, 5)];
		snprintf(out->c[4], sizeof out->c[4], "%s%s%u号", u, roads[p.road], p.num);
		snprintf(out->c[5], sizeof out->c[5], "%s", u);
	} else {
		snprintf(out->c[4], sizeof out->c[4], "里水镇%s%s%u号", vbase[v], roads[p.road],
			 p.num);
		/* the village column as people fill it: full name, short name, or blank */
		snprintf(out->c[5], sizeof out->c[5], "%s",
			 how < 6 ? vname[v] : how < 8 ? vbase[v] : "");
	}
	snprintf(out->c[6], sizeof out->c[6], "%s",
		 origins[below(&r, 3) ? below(&r, 3) : below(&r, 12)]);
	int arrival = date_add(TODAY, -1 - (int)below(&r, 40));
	if (kind == R_DATE) {
		snprintf(out->c[7], sizeof out->c[7], "%s", bad_dates[below(&r, 5)]);
	} else {
		snprintf(out->c[7], sizeof out->c[7], "%d/%d/%d", arrival / 10000,
			 arrival / 100 % 100, arrival % 100);
		out->date_serial = (int)(date_days(arrival) + 25569);
	}
	if (kind == R_CHECK) {
		char *last = &out->c[2][17];
		*last = *last == '0' ? '7' : *last == 'X' ? '3' : *last - 1;
	}
	if (kind == R_EXCEL) {
		/* typed as a number: Excel keeps 15 significant digits and shows
		 * 4.40605E+17; the CSV it saves holds what it shows */
		char digits[19];
		memcpy(digits, p.id, 18);
		digits[18] = '\0';
		if (digits[17] == 'X')
			digits[17] = '0';
		double v18 = strtod(digits, NULL);
		double scale = pow(10, 3);
		out->id_number = floor(v18 / scale + 0.5) * scale;
		snprintf(out->c[2], sizeof out->c[2], "%.5E", out->id_number);
		/* "4.40605E+17" as Excel shows it */
		char *e = strchr(out->c[2], 'E');
		if (e && e[2] == '0' && e[1] == '+')
			memmove(e + 2, e + 3, strlen(e + 3) + 1);
	}
	if (kind == R_OK) {
		g->ring[g->ringn % 64] = *out;
		g->ringn++;
	}
}

static iconv_t to_gb;

static void csv_line(FILE *f, char *const *cells, int n, int gb)
{
	char line[2048], outb[4096];
	size_t k = 0;
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(line + k, sizeof line - k, "%s%s", i ? "," : "", cells[i]);
	k += (size_t)snprintf(line + k, sizeof line - k, "\r\n");
	if (!gb) {
		fwrite(line, 1, k, f);
		return;
	}
	char *in = line, *out = outb;
	size_t inl = k, outl = sizeof outb;
	if (iconv(to_gb, &in, &inl, &out, &outl) == (size_t)-1)
		die("iconv", strerror(errno));
	fwrite(outb, 1, sizeof outb - outl, f);
}

static int write_list(struct gp *town, int64_t npersons, int64_t n, const char *dir,
		      const char *tag)
{
	char px[512], pc[512], pu[512];
	snprintf(px, sizeof px, "%s/list-%s.xlsx", dir, tag);
	snprintf(pc, sizeof pc, "%s/list-%s.csv", dir, tag);
	snprintf(pu, sizeof pu, "%s/list-%s.utf8.csv", dir, tag);
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
	lxw_workbook *wb = workbook_new_opt(px, &wo);
	if (!wb)
		die("cannot create", px);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "协查名单");
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 16);
	format_set_align(title, LXW_ALIGN_CENTER);
	lxw_format *datef = workbook_add_format(wb);
	format_set_num_format(datef, "yyyy-mm-dd");
	lxw_format *hdr = workbook_add_format(wb);
	format_set_bold(hdr);
	format_set_border(hdr, LXW_BORDER_THIN);
	FILE *fc = fopen(pc, "wb"), *fu = fopen(pu, "wb");
	if (!fc || !fu)
		die("cannot create", pc);
	char ttl[256], note[256];
	snprintf(ttl, sizeof ttl, "湖北来（返）佛人员协查名单（第%d批）", 10 + (int)(log10((double)n) + 0.5));
	snprintf(note, sizeof note,
		 "下发单位：佛山市新冠肺炎疫情防控指挥部办公室    下发日期：2020年2月20日    "
		 "请于24小时内反馈核查结果");
	worksheet_merge_range(ws, 0, 0, 0, NCOLS - 1, ttl, title);
	worksheet_merge_range(ws, 1, 0, 1, NCOLS - 1, note, NULL);
	char *cells[NCOLS];
	char blank[1] = "";
	for (int i = 0; i < NCOLS; i++)
		cells[i] = blank;
	cells[0] = ttl;
	csv_line(fc, cells, NCOLS, 1);
	cells[0] = note;
	csv_line(fc, cells, NCOLS, 1);
	for (int i = 0; i < NCOLS; i++) {
		worksheet_write_string(ws, 2, (lxw_col_t)i, header[i], hdr);
		cells[i] = (char *)header[i];
	}
	csv_line(fc, cells, NCOLS, 1);
	csv_line(fu, cells, NCOLS, 0);
	struct listgen *g = calloc(1, sizeof *g);
	g->n = n;
	g->npersons = npersons;
	g->town = town;
	g->stream = 100 + (uint64_t)n % 1000003;
	g->stride = 1000003; /* prime, > any town size here: distinct persons */
	g->offset = mix(seed ^ (uint64_t)n) % (uint64_t)npersons;
	int64_t counts[6] = {0};
	for (int64_t j = 0; j < n; j++) {
		struct row rw;
		make_row(g, j, &rw);
		counts[rw.kind]++;
		lxw_row_t xr = (lxw_row_t)(j + 3);
		for (int i = 0; i < NCOLS; i++)
			cells[i] = rw.c[i];
		worksheet_write_number(ws, xr, 0, (double)(j + 1), NULL);
		worksheet_write_string(ws, xr, 1, rw.c[1], NULL);
		if (rw.kind == R_EXCEL)
			worksheet_write_number(ws, xr, 2, rw.id_number, NULL);
		else
			worksheet_write_string(ws, xr, 2, rw.c[2], NULL);
		worksheet_write_string(ws, xr, 3, rw.c[3], NULL);
		worksheet_write_string(ws, xr, 4, rw.c[4], NULL);
		if (rw.c[5][0])
			worksheet_write_string(ws, xr, 5, rw.c[5], NULL);
		worksheet_write_string(ws, xr, 6, rw.c[6], NULL);
		if (rw.date_serial)
			worksheet_write_number(ws, xr, 7, rw.date_serial, datef);
		else
			worksheet_write_string(ws, xr, 7, rw.c[7], NULL);
		csv_line(fc, cells, NCOLS, 1);
		csv_line(fu, cells, NCOLS, 0);
	}
	free(g);
	if (workbook_close(wb) != LXW_NO_ERROR)
		die("cannot write", px);
	fclose(fc);
	fclose(fu);
	printf("{\"list\":\"%s\",\"rows\":%lld,\"ok\":%lld,\"bad_check\":%lld,\"excel_id\":%lld,"
	       "\"duplicate\":%lld,\"bad_date\":%lld,\"unknown_village\":%lld}\n",
	       tag, (long long)n, (long long)counts[R_OK], (long long)counts[R_CHECK],
	       (long long)counts[R_EXCEL], (long long)counts[R_DUP], (long long)counts[R_DATE],
	       (long long)counts[R_VILLAGE]);
	fflush(stdout);
	return 0;
}

static void tag_of(int64_t n, char *out, size_t sz)
{
	if (n % 1000000 == 0)
		snprintf(out, sz, "%lldm", (long long)(n / 1000000));
	else if (n % 1000 == 0)
		snprintf(out, sz, "%lldk", (long long)(n / 1000));
	else
		snprintf(out, sz, "%lld", (long long)n);
}

static int cmd_lists(const char *path, const char *dir, int64_t npersons, const char *sizes)
{
	open_db(path);
	sqlite3_close(db);
	idset_init((size_t)npersons + 1200000);
	struct gp *town = malloc((size_t)npersons * sizeof *town);
	if (!town)
		die("out of memory", NULL);
	for (int64_t k = 0; k < npersons; k++)
		gen_person((uint64_t)k, &town[k]);
	to_gb = iconv_open("GB18030", "UTF-8");
	if (to_gb == (iconv_t)-1)
		die("iconv_open GB18030", strerror(errno));
	char *s = strdup(sizes), *save = NULL;
	for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int64_t n = strtoll(tok, NULL, 10);
		char tag[32];
		if (n <= 0)
			die("bad size", tok);
		tag_of(n, tag, sizeof tag);
		write_list(town, npersons, n, dir, tag);
	}
	free(s);
	free(town);
	iconv_close(to_gb);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dbp = NULL, *out = NULL, *sizes = "10000,100000,1000000";
	int64_t persons = 1000000, nobs = 200000, nchecks = 4000000;
	if (argc < 2) {
	usage:
		fprintf(stderr, "usage: gen town --db F [--seed S] [--persons N] [--observations M] "
				"[--checks K]\n       gen lists --db F --out DIR [--seed S] "
				"[--persons N] [--sizes a,b,c]\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			goto usage;
		if (!strcmp(a, "--db"))
			dbp = v;
		else if (!strcmp(a, "--out"))
			out = v;
		else if (!strcmp(a, "--seed"))
			seed = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--persons"))
			persons = strtoll(v, NULL, 10);
		else if (!strcmp(a, "--observations"))
			nobs = strtoll(v, NULL, 10);
		else if (!strcmp(a, "--checks"))
			nchecks = strtoll(v, NULL, 10);
		else if (!strcmp(a, "--sizes"))
			sizes = v;
		else
			goto usage;
		i++;
	}
	if (!dbp || persons <= 0 || persons > 5000000)
		goto usage;
	if (!strcmp(argv[1], "town"))
		return cmd_town(dbp, persons, nobs, nchecks);
	if (!strcmp(argv[1], "lists") && out)
		return cmd_lists(dbp, out, persons, sizes);
	goto usage;
}
