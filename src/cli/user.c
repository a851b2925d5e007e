/*
 * `fangkong user …`: account administration from the command line (the same
 * rules as the admin page: password rules, role bindings, audit rows).
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/password.h"
#include "core/role.h"
#include "store/user.h"
#include "store/village.h"
#include "util/num.h"

static const char usage[] =
    "用法：fangkong user <子命令> [选项]\n"
    "  add USERNAME --role ROLE [--name 姓名] [--village 村居名称或代码]\n"
    "      [--checkpoint 检疫点名称或编号] [--site 观察点名称或编号] [--password PW]\n"
    "  list [--json]\n"
    "  passwd USERNAME [--password PW]     重置密码（不给出则随机生成）\n"
    "  disable USERNAME | enable USERNAME  停用（并结束其全部会话）/ 启用\n"
    "  role USERNAME ROLE [--village V] [--checkpoint C] [--site S]  修改角色或绑定\n"
    "  token USERNAME [--label L] [--days N]  签发脚本用访问令牌（Bearer）\n"
    "通用选项：--db FILE\n"
    "角色：admin commander verifier observer village checkpoint site finance viewer\n"
    "村居角色须绑定村居（--village），检疫点角色须绑定检疫点（--checkpoint），\n"
    "留观点角色须绑定集中观察点（--site）。\n";

struct uopts {
	const char *db, *role, *name, *village, *checkpoint, *site, *password, *label;
	int json;
	int64_t days;
};

static int parse(int argc, char **argv, struct uopts *o)
{
	static const struct option opts[] = {{"db", 1, 0, 'd'},
					     {"role", 1, 0, 'r'},
					     {"name", 1, 0, 'n'},
					     {"village", 1, 0, 'v'},
					     {"password", 1, 0, 'p'},
					     {"label", 1, 0, 'l'},
					     {"days", 1, 0, 'D'},
					     {"json", 0, 0, 'j'},
					     {"checkpoint", 1, 0, 'c'},
					     {"site", 1, 0, 's'},
					     {0, 0, 0, 0}};
	int c;
	o->db = cli_default_db();
	o->days = 30;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'r':
			o->role = optarg;
			break;
		case 'n':
			o->name = optarg;
			break;
		case 'v':
			o->village = optarg;
			break;
		case 'c':
			o->checkpoint = optarg;
			break;
		case 's':
			o->site = optarg;
			break;
		case 'p':
			o->password = optarg;
			break;
		case 'l':
			o->label = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'D':
			if (num_parse(optarg, 1, 366, &o->days) < 0) {
				fprintf(stderr, "--days 须为 1–366\n");
				return -1;
			}
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static int resolve_village(struct db *db, const char *key, int64_t *id)
{
	struct village v;
	if (!key)
		return 0;
	if (village_find(db, key, &v) != ST_OK) {
		fprintf(stderr, "找不到村居：%s（可用 fangkong village list 查看）\n", key);
		return -1;
	}
	*id = v.id;
	return 0;
}

/* A checkpoint or site by its number or exact name; 0 when key is NULL. */
static int resolve_named(struct db *db, const char *table, const char *what, const char *key,
			 int64_t *id)
{
	char sql[96];
	int64_t n = 0;
	if (!key)
		return 0;
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE name=?1 OR id=?2", table);
	sqlite3_stmt *st = db_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, num_parse(key, 1, INT64_MAX, &n) == 0 ? n : -1);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!found) {
		fprintf(stderr, "找不到%s：%s（请给出%s的名称或编号）\n", what, key, what);
		return -1;
	}
	return 0;
}

static int set_role(struct db *db, struct user *u, const struct uopts *o)
{
	const char *role = o->role;
	if (role) {
		u->role = role_from_name(role);
		if (!u->role) {
			fprintf(stderr, "未知角色：%s\n", role);
			return -1;
		}
	}
	if (resolve_village(db, o->village, &u->village_id) < 0 ||
	    resolve_named(db, "checkpoints", "检疫点", o->checkpoint, &u->checkpoint_id) < 0 ||
	    resolve_named(db, "sites", "集中观察点", o->site, &u->site_id) < 0)
		return -1;
	if (u->role == ROLE_VILLAGE && !u->village_id) {
		fprintf(stderr, "村居角色须用 --village 绑定一个村居\n");
		return -1;
	}
	if (u->role == ROLE_CHECKPOINT && !u->checkpoint_id) {
		fprintf(stderr, "检疫点角色须用 --checkpoint 绑定一个检疫点\n");
		return -1;
	}
	if (u->role == ROLE_SITE && !u->site_id) {
		fprintf(stderr, "留观点角色须用 --site 绑定一个集中观察点\n");
		return -1;
	}
	if (u->role != ROLE_VILLAGE)
		u->village_id = 0;
	if (u->role != ROLE_CHECKPOINT)
		u->checkpoint_id = 0;
	if (u->role != ROLE_SITE)
		u->site_id = 0;
	return 0;
}

static int set_password(struct db *db, struct user *u, const char *pw, int create)
{
	char gen[16] = "", hash[PASSWORD_HASH_MAX];
	int64_t id;
	if (!pw) {
		password_generate(gen);
		pw = gen;
	}
	const char *why = password_check(pw, u->username);
	if (why) {
		fprintf(stderr, "密码不符合要求（%s）：至少 8 位，须含字母和数字，且不同于用户名\n",
			why);
		return 1;
	}
	if (password_hash(pw, hash) < 0)
		return 1;
	int rc = create ? user_create(db, cli_actor(), u, hash, &id)
			: user_set_password(db, cli_actor(), u->id, hash);
	if (rc == ST_CONFLICT) {
		fprintf(stderr, "用户名 %s 已存在\n", u->username);
		return 1;
	}
	if (rc != ST_OK) {
		fprintf(stderr, "保存失败\n");
		return 1;
	}
	printf("%s用户 %s\n", create ? "已创建" : "已重置密码：", u->username);
	if (gen[0])
		printf("密码：%s（只显示这一次）\n", gen);
	sodium_memzero(gen, sizeof gen);
	return 0;
}

static int list_users(struct db *db, int as_json)
{
	json_t *a = user_list(db);
	if (!a)
		return 1;
	if (as_json) {
		char *s = json_dumps(a, JSON_INDENT(2));
		puts(s);
		free(s);
	} else {
		size_t i;
		json_t *u;
		printf("%-5s %-16s %-12s %-10s %-14s %s\n", "ID", "用户名", "姓名", "角色", "绑定",
		       "状态");
		json_array_foreach(a, i, u)
		{
			const char *vn = json_string_value(json_object_get(u, "village_name"));
			if (!vn)
				vn = json_string_value(json_object_get(u, "checkpoint_name"));
			if (!vn)
				vn = json_string_value(json_object_get(u, "site_name"));
			printf("%-5lld %-16s %-12s %-10s %-14s %s\n",
			       (long long)json_integer_value(json_object_get(u, "id")),
			       json_string_value(json_object_get(u, "username")),
			       json_string_value(json_object_get(u, "name")),
			       json_string_value(json_object_get(u, "role")), vn ? vn : "-",
			       json_integer_value(json_object_get(u, "disabled")) ? "停用"
										  : "正常");
		}
	}
	json_decref(a);
	return 0;
}

static int issue_token(struct db *db, struct user *u, const struct uopts *o)
{
	char token[SESSION_TOKEN_LEN + 1], csrf[65];
	if (session_create(db, u->id, 1, o->label ? o->label : "cli", "cli", o->days * 86400, token,
			   csrf) != ST_OK)
		return 1;
	printf("%s\n", token);
	fprintf(stderr, "令牌有效 %lld 天；请求时使用 Authorization: Bearer <令牌>\n",
		(long long)o->days);
	sodium_memzero(token, sizeof token);
	return 0;
}

static int run(struct db *db, const char *sub, const char *name, const struct uopts *o)
{
	struct user u = {0};
	if (strcmp(sub, "list") == 0)
		return list_users(db, o->json);
	if (!name)
		return cli_usage(usage, 0);
	if (strcmp(sub, "add") == 0) {
		snprintf(u.username, sizeof u.username, "%s", name);
		snprintf(u.name, sizeof u.name, "%s", o->name ? o->name : name);
		u.role = ROLE_VIEWER;
		if (!o->role) {
			fprintf(stderr, "请用 --role 指定角色\n");
			return 2;
		}
		return set_role(db, &u, o) < 0 ? 2 : set_password(db, &u, o->password, 1);
	}
	if (user_get_by_name(db, name, &u, NULL, 0) != ST_OK) {
		fprintf(stderr, "找不到用户：%s\n", name);
		return 1;
	}
	if (strcmp(sub, "passwd") == 0)
		return set_password(db, &u, o->password, 0);
	if (strcmp(sub, "token") == 0)
		return issue_token(db, &u, o);
	if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0)
		u.disabled = strcmp(sub, "disable") == 0;
	else if (strcmp(sub, "role") != 0)
		return cli_usage(usage, 0);
	else if (set_role(db, &u, o) < 0)
		return 2;
	json_t *d = json_pack("{s:s}", "via", "cli");
	int rc = user_update(db, cli_actor(), &u, d);
	json_decref(d);
	if (rc != ST_OK) {
		fprintf(stderr, "保存失败\n");
		return 1;
	}
	printf("已更新用户 %s\n", u.username);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	struct uopts o = {0};
	if (argc < 2 || cli_wants_help(argc, argv))
		return cli_usage(usage, cli_wants_help(argc, argv));
	const char *sub = argv[1];
	/* `role USERNAME ROLE`: the role may be positional */
	if (parse(argc, argv, &o) < 0)
		return cli_usage(usage, 0);
	const char *name = optind < argc ? argv[optind] : NULL;
	if (strcmp(sub, "role") == 0 && !o.role && optind + 1 < argc)
		o.role = argv[optind + 1];
	struct db *db = cli_open(o.db, 1);
	if (!db)
		return 1;
	int rc = run(db, sub, name, &o);
	db_close(db);
	return rc;
}
