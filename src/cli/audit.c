/* `fangkong audit verify`: check the hash chain of the audit log. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "用法：fangkong audit verify [--db FILE]\n"
			    "  逐条校验审计日志的哈希链，报告第一处断裂。\n";

int cmd_audit(int argc, char **argv)
{
	const char *path = cli_default_db();
	if (argc < 2 || cli_wants_help(argc, argv))
		return cli_usage(usage, cli_wants_help(argc, argv));
	if (strcmp(argv[1], "verify") != 0)
		return cli_usage(usage, 0);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			path = argv[++i];
		else
			return cli_usage(usage, 0);
	}
	struct db *db = cli_open(path, 1);
	if (!db)
		return 1;
	int64_t count = 0;
	int64_t bad = audit_verify(db, &count);
	db_close(db);
	if (bad < 0) {
		fprintf(stderr, "读取审计日志失败\n");
		return 1;
	}
	if (bad > 0) {
		printf("审计日志在第 %lld 条记录处断裂：该记录或其之前的记录被修改或删除\n",
		       (long long)bad);
		return 3;
	}
	printf("审计日志完整：%lld 条记录，哈希链无断裂\n", (long long)count);
	return 0;
}
