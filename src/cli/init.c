/* `fangkong init`: a new database with one administrator. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/password.h"
#include "core/role.h"
#include "store/user.h"

static const char usage[] =
    "用法：fangkong init [--db FILE] [--admin NAME] [--password PW]\n"
    "  新建数据库并创建管理员账号。未给出 --password 时随机生成并只显示这一次。\n";

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {{"db", 1, 0, 'd'},
					     {"admin", 1, 0, 'a'},
					     {"password", 1, 0, 'p'},
					     {"help", 0, 0, 'h'},
					     {0, 0, 0, 0}};
	const char *path = cli_default_db(), *admin = "admin", *pw = NULL;
	char gen[16] = "", hash[PASSWORD_HASH_MAX];
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			path = optarg;
		else if (c == 'a')
			admin = optarg;
		else if (c == 'p')
			pw = optarg;
		else
			return cli_usage(usage, c == 'h');
	}
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "%s 已存在，不会覆盖。请换一个文件名或先备份并删除它。\n", path);
		return 1;
	}
	if (!pw) {
		password_generate(gen);
		pw = gen;
	}
	const char *why = password_check(pw, admin);
	if (why) {
		fprintf(stderr, "密码不符合要求（%s）：至少 8 位，须含字母和数字，且不同于用户名\n",
			why);
		return 2;
	}
	struct db *db = cli_open(path, 0);
	if (!db)
		return 1;
	struct user u = {0};
	int64_t id;
	snprintf(u.username, sizeof u.username, "%s", admin);
	snprintf(u.name, sizeof u.name, "系统管理员");
	u.role = ROLE_ADMIN;
	int rc =
	    password_hash(pw, hash) == 0 ? user_create(db, cli_actor(), &u, hash, &id) : ST_ERR;
	db_close(db);
	if (rc != ST_OK) {
		fprintf(stderr, "创建管理员失败\n");
		return 1;
	}
	printf("已创建数据库 %s\n管理员：%s\n", path, admin);
	if (gen[0])
		printf("密码：%s（只显示这一次，请妥善保存）\n", gen);
	sodium_memzero(gen, sizeof gen);
	return 0;
}
