/*
 * `fangkong export …`: the files a list produces, from the command line —
 * the same writers (and the same audit row) as the web downloads.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/listexport.h"
#include "cli.h"
#include "util/num.h"

static const char usage[] =
    "用法：fangkong export <list-feedback|list-problems> LIST_ID -o FILE.xlsx [--full] [--db "
    "FILE]\n"
    "  list-feedback   核查结果反馈表：原表列 + 核查结果、管控措施、核查人、核查时间、核查备注\n"
    "  list-problems   被拒绝和重复的行及原因\n"
    "  --full          反馈表中证件号和电话不脱敏（记入审计）\n";

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", 1, 0, 'd'}, {"output", 1, 0, 'o'}, {"full", 0, 0, 'f'}, {0, 0, 0, 0}};
	const char *path = cli_default_db(), *out = NULL;
	int c, full = 0;
	int64_t id;
	if (argc < 2 || cli_wants_help(argc, argv))
		return cli_usage(usage, cli_wants_help(argc, argv));
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'd')
			path = optarg;
		else if (c == 'o')
			out = optarg;
		else if (c == 'f')
			full = 1;
		else
			return cli_usage(usage, 0);
	}
	int feedback = !strcmp(argv[1], "list-feedback");
	if ((!feedback && strcmp(argv[1], "list-problems")) || optind >= argc || !out ||
	    num_parse(argv[optind], 1, INT64_MAX, &id) < 0)
		return cli_usage(usage, 0);
	struct db *db = cli_open(path, 1);
	if (!db)
		return 1;
	struct actor who = *cli_actor();
	unsigned char t[8];
	char trace[17];
	randombytes_buf(t, sizeof t);
	sodium_bin2hex(trace, sizeof trace, t, sizeof t);
	who.trace = trace;
	char name[300];
	int rc = feedback ? listexport_feedback(db, &who, who.username, id, full, out, name)
			  : listexport_problems(db, &who, who.username, id, out, name);
	db_close(db);
	if (rc == ST_NOTFOUND) {
		fprintf(stderr, "找不到名单 #%lld\n", (long long)id);
		return 1;
	}
	if (rc != ST_OK) {
		fprintf(stderr, "导出失败\n");
		return 1;
	}
	printf("已导出到 %s（追踪编号 %s）\n", out, trace);
	return 0;
}
