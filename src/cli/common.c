/* Helpers shared by the subcommands; see cli.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *cli_default_db(void)
{
	const char *e = getenv("FANGKONG_DB");
	return e && *e ? e : "fangkong.db";
}

struct db *cli_open(const char *path, int must_exist)
{
	if (must_exist && access(path, F_OK) != 0) {
		fprintf(stderr,
			"数据库 %s 不存在。先运行 fangkong init --db %s 或 fangkong demo --db %s\n",
			path, path, path);
		return NULL;
	}
	return db_open(path, DB_CREATE);
}

const struct actor *cli_actor(void)
{
	static struct actor a;
	static char user[64];
	if (!a.username) {
		const char *u = getenv("USER");
		snprintf(user, sizeof user, "%s%s", u && *u ? "cli:" : "cli", u && *u ? u : "");
		a.user_id = 0;
		a.username = user;
		a.role = "admin";
		a.addr = "cli";
		a.trace = "";
	}
	return &a;
}

int cli_usage(const char *usage, int ok)
{
	fputs(usage, ok ? stdout : stderr);
	return ok ? 0 : 2;
}

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}
