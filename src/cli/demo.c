/*
 * `fangkong demo`: fill a database with a realistic town so every page shows
 * something real: 里水镇 (佛山市南海区, 440605126) with its village-level
 * units as listed by the National Bureau of Statistics (2023 division
 * codes), ~40 staff users in every role, and 5,000 persons with valid
 * synthetic ID numbers (mostly local, some from Hubei and elsewhere),
 * phones and addresses.  Deterministic: the same seed gives the same town.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "demo.h"
#include "core/idcard.h"
#include "core/password.h"
#include "core/person.h"
#include "core/pinyin.h"
#include "core/role.h"
#include "store/person.h"
#include "store/user.h"
#include "store/village.h"
#include "util/num.h"

#define DEMO_PASSWORD "Demo2020"

static const char usage[] =
    "用法：fangkong demo [--db FILE] [--persons N] [--seed S]\n"
    "  新建（或补充）一个演示数据库：里水镇的村居、各角色工作人员、N 名人员（默认 5000）。\n"
    "  所有演示账号的密码均为 " DEMO_PASSWORD "；管理员为 admin。\n";

static const char *const villages[][2] = {
    {"440605126004", "沙涌社区"},	{"440605126005", "草场社区"},
    {"440605126006", "河村社区"},	{"440605126007", "甘蕉社区"},
    {"440605126008", "胜利社区"},	{"440605126009", "大步社区"},
    {"440605126010", "洲村社区"},	{"440605126011", "大冲社区"},
    {"440605126012", "大石社区"},	{"440605126014", "邓岗社区"},
    {"440605126015", "和顺社区"},	{"440605126017", "里水社区"},
    {"440605126018", "金溪社区"},	{"440605126023", "流潮社区"},
    {"440605126044", "共同社区"},	{"440605126045", "白岗社区"},
    {"440605126046", "文教社区"},	{"440605126047", "金利社区"},
    {"440605126048", "新兴社区"},	{"440605126049", "新联社区"},
    {"440605126050", "金峰洲社区"},	{"440605126051", "金旗峰社区"},
    {"440605126209", "得胜村"},		{"440605126210", "宏岗村"},
    {"440605126211", "赤山村"},		{"440605126212", "麻奢村"},
    {"440605126213", "布新村"},		{"440605126214", "岗联村"},
    {"440605126216", "北沙村"},		{"440605126221", "瑶头村"},
    {"440605126222", "鹤峰村"},		{"440605126227", "贤僚村"},
    {"440605126228", "鲁岗村"},		{"440605126229", "汤村村"},
    {"440605126230", "小布村"},		{"440605126232", "建星村"},
    {"440605126233", "逢涌村"},		{"440605126234", "石塘村"},
    {"440605126401", "和桂工业园社区"},
};
#define NVILLAGES (sizeof villages / sizeof villages[0])

static const char *const surnames[] = {"陈", "李", "黄", "梁", "何", "林", "张", "王", "吴", "刘",
				       "冯", "邓", "关", "麦", "潘", "谭", "罗", "杨", "周", "郭",
				       "曾", "区", "卢", "叶", "钟", "苏", "谢", "蔡", "冼", "单"};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "英", "嘉", "颖", "志", "华", "健", "锦", "雯",
    "浩", "宇", "欣", "怡", "俊", "婷", "文", "辉", "荣", "珊", "淑", "玲", "泳", "诗", "柏"};
static const char *const roads[] = {"里广路", "和顺大道", "沿江路", "新兴路", "振兴路",
				    "环镇路", "桂和路",	  "建设路", "文化路", "工业大道"};
/* ID region codes: mostly 南海, some elsewhere in Guangdong, some 湖北 */
static const char *const regions[] = {"440605", "440605", "440605", "440605", "440682", "440604",
				      "440606", "440103", "445281", "441802", "420106", "420102",
				      "420111", "421003", "450103", "430104", "360102", "510104"};
/* staff: username, name, role, village index (-1 = none) */
static const struct {
	const char *user, *name, *role;
	int village;
} staff[] = {
    {"admin", "系统管理员", "admin", -1},      {"zhihui", "梁志强", "commander", -1},
    {"zhihui2", "何卫东", "commander", -1},    {"fangkongban", "陈慧玲", "commander", -1},
    {"hecha1", "黄嘉欣", "verifier", -1},      {"hecha2", "李俊杰", "verifier", -1},
    {"hecha3", "冯淑仪", "verifier", -1},      {"hecha4", "区伟明", "verifier", -1},
    {"guancha1", "麦秀英", "observer", -1},    {"guancha2", "潘建华", "observer", -1},
    {"guancha3", "谭雯雯", "observer", -1},    {"guancha4", "罗志成", "observer", -1},
    {"kakou1", "钟锦荣", "checkpoint", -1},    {"kakou2", "叶浩然", "checkpoint", -1},
    {"kakou3", "苏家豪", "checkpoint", -1},    {"liuguan1", "谢颖诗", "site", -1},
    {"liuguan2", "蔡明辉", "site", -1},	       {"caiwu1", "冼桂芳", "finance", -1},
    {"caiwu2", "关婷婷", "finance", -1},       {"lingdao", "邓国华", "viewer", -1},
    {"lingdao2", "周振邦", "viewer", -1},      {"cun_shayong", "梁泳诗", "village", 0},
    {"cun_caochang", "黄柏林", "village", 1},  {"cun_hecun", "何敏仪", "village", 2},
    {"cun_ganjiao", "陈锦华", "village", 3},   {"cun_shengli", "李丽华", "village", 4},
    {"cun_dabu", "吴志雄", "village", 5},      {"cun_zhoucun", "刘淑贞", "village", 6},
    {"cun_dachong", "冯健豪", "village", 7},   {"cun_heshun", "关颖欣", "village", 10},
    {"cun_lishui", "张伟强", "village", 11},   {"cun_jinxi", "麦嘉怡", "village", 12},
    {"cun_wenjiao", "潘俊文", "village", 16},  {"cun_desheng", "罗秀霞", "village", 22},
    {"cun_honggang", "谭荣辉", "village", 23}, {"cun_chishan", "杨桂英", "village", 24},
    {"cun_beisha", "周文杰", "village", 28},   {"cun_hefeng", "郭婷", "village", 30},
    {"cun_xianliao", "曾志华", "village", 31}, {"cun_tangcun", "卢俊宇", "village", 33},
    {"cun_shitang", "叶明", "village", 37},
};

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static int64_t village_ids[NVILLAGES];

static int make_villages(struct db *db)
{
	for (size_t i = 0; i < NVILLAGES; i++) {
		struct village v = {0};
		snprintf(v.name, sizeof v.name, "%s", villages[i][1]);
		snprintf(v.code, sizeof v.code, "%s", villages[i][0]);
		snprintf(v.type, sizeof v.type, "%s",
			 strstr(v.name, "工业园") ? "其他"
			 : strstr(v.name, "社区") ? "社区"
						  : "村");
		/* the short name people write in addresses: 沙涌社区 → 沙涌; also 沙涌村 */
		char base[64];
		size_t n =
		    strlen(v.name) - (strstr(v.name, "社区") ? strlen("社区") : strlen("村"));
		snprintf(base, sizeof base, "%.*s", (int)n, v.name);
		snprintf(v.aliases, sizeof v.aliases, "%s,%s村委会,%s居委会", base, base, base);
		if (village_find(db, v.code, &v) == ST_OK) {
			village_ids[i] = v.id;
			continue;
		}
		if (village_create(db, cli_actor(), &v, &village_ids[i]) != ST_OK) {
			fprintf(stderr, "创建村居 %s 失败\n", v.name);
			return -1;
		}
	}
	return 0;
}

static int make_staff(struct db *db, int *created)
{
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(DEMO_PASSWORD, hash) < 0)
		return -1;
	for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++) {
		struct user u = {0};
		int64_t id;
		if (user_get_by_name(db, staff[i].user, &u, NULL, 0) == ST_OK)
			continue;
		snprintf(u.username, sizeof u.username, "%s", staff[i].user);
		snprintf(u.name, sizeof u.name, "%s", staff[i].name);
		u.role = role_from_name(staff[i].role);
		u.village_id = staff[i].village >= 0 ? village_ids[staff[i].village] : 0;
		if (user_create(db, cli_actor(), &u, hash, &id) != ST_OK)
			return -1;
		(*created)++;
	}
	return 0;
}

static void make_id(char out[19], const char *region, int y, int m, int d, int seq)
{
	snprintf(out, 19, "%s%04d%02d%02d%03d", region, y, m, d, seq % 1000);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

static void person_fill(struct person *p, size_t i)
{
	static const char *const fixed[] = {"陈嘉敏", "陈丽敏", "曾小单", "单志华"};
	memset(p, 0, sizeof *p);
	if (i < sizeof fixed / sizeof fixed[0]) {
		snprintf(p->name, sizeof p->name, "%s", fixed[i]);
	} else {
		int two = rnd(100) < 70;
		snprintf(p->name, sizeof p->name, "%s%s%s",
			 surnames[rnd(sizeof surnames / sizeof surnames[0])],
			 given[rnd(sizeof given / sizeof given[0])],
			 two ? given[rnd(sizeof given / sizeof given[0])] : "");
	}
	pinyin_key(p->name, strlen(p->name), p->name_py, sizeof p->name_py, 16);
	int y = 1940 + (int)rnd(78), m = 1 + (int)rnd(12), d = 1 + (int)rnd(28);
	int seq = (int)rnd(1000);
	p->sex = seq % 2 ? 1 : 2;
	const char *region = regions[rnd(sizeof regions / sizeof regions[0])];
	make_id(p->doc_number, region, y, m, d, seq);
	snprintf(p->doc_type, sizeof p->doc_type, "id_card");
	snprintf(p->birth_date, sizeof p->birth_date, "%04d-%02d-%02d", y, m, d);
	static const char *const prefixes[] = {"138", "139", "135", "136", "137", "150", "152",
					       "158", "159", "186", "188", "189", "133"};
	snprintf(p->phone, sizeof p->phone, "%s%08u", prefixes[rnd(13)], rnd(100000000));
	size_t v = rnd(NVILLAGES);
	p->village_id = village_ids[v];
	snprintf(p->address, sizeof p->address, "佛山市南海区里水镇%s%s%u号", villages[v][1],
		 roads[rnd(sizeof roads / sizeof roads[0])], 1 + rnd(300));
	snprintf(p->hukou, sizeof p->hukou, "%s",
		 strncmp(region, "42", 2) == 0 ? "湖北省" : "广东省");
	snprintf(p->source, sizeof p->source, "%s", rnd(3) ? "自排发现" : "上级下发");
}

static int make_persons(struct db *db, int64_t n, int *created)
{
	if (db_begin(db) < 0)
		return -1;
	for (int64_t i = 0; i < n; i++) {
		struct person p;
		int64_t id, existing;
		person_fill(&p, (size_t)i);
		int rc = person_insert(db, cli_actor(), &p, &id, &existing);
		if (rc == ST_CONFLICT)
			continue; /* a synthetic collision: skip */
		if (rc != ST_OK) {
			db_rollback(db);
			return -1;
		}
		(*created)++;
	}
	return db_commit(db);
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {{"db", 1, 0, 'd'},
					     {"persons", 1, 0, 'n'},
					     {"seed", 1, 0, 's'},
					     {"help", 0, 0, 'h'},
					     {0, 0, 0, 0}};
	const char *path = cli_default_db();
	int64_t n = 5000, seed = 2020;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			path = optarg;
		else if (c == 'n' && num_parse(optarg, 0, 10000000, &n) == 0)
			;
		else if (c == 's' && num_parse(optarg, 1, INT64_MAX, &seed) == 0)
			;
		else
			return cli_usage(usage, c == 'h');
	}
	rng_state = (uint64_t)seed * 0x9E3779B97F4A7C15ull + 1;
	struct db *db = cli_open(path, 0);
	if (!db)
		return 1;
	int users = 0, persons = 0, observations = 0;
	int existing = db_scalar(db, "SELECT count(*) FROM persons", 0) > 0;
	int rc = make_villages(db) < 0 || make_staff(db, &users) < 0 ||
		 (!existing && make_persons(db, n, &persons) < 0);
	if (!rc && !existing && n > 0)
		rc = demo_observations(db, (int)(n < 5000 ? n * 600 / 5000 + 1 : 600), rnd,
				       &observations) < 0;
	int screenings = 0, lists = 0;
	if (!rc && !existing && n > 0)
		rc = demo_lists(db, rnd, &lists) < 0;
	if (!rc && !existing && n > 0)
		rc = demo_checkpoints(db, 14, n < 5000 ? (int)(n / 5) + 10 : 1450, rnd,
				      &screenings) < 0;
	db_close(db);
	if (rc) {
		fprintf(stderr, "生成演示数据失败\n");
		return 1;
	}
	printf("演示数据已写入 %s：%zu 个村居，新增 %d 个账号，%d 名人员，%d 条医学观察，%d "
	       "次检疫点检测，%d 份协查名单\n",
	       path, NVILLAGES, users, persons, observations, screenings, lists);
	printf("登录：admin / " DEMO_PASSWORD "（其他演示账号见 README，密码相同）\n");
	return 0;
}
