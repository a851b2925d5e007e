/*
 * fangkong — town-level epidemic prevention and control command system.
 * One binary: `fangkong serve` runs the web app and JSON API; the other
 * subcommands work on the same database from the command line.  This file is
 * only the command table (git.c style): name → cmd_<name>(argc, argv).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "version.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct cmd commands[] = {
    {"serve", cmd_serve, "启动 Web 服务（网页、JSON API）"},
    {"init", cmd_init, "新建数据库和管理员账号"},
    {"user", cmd_user, "用户管理：add | list | passwd | disable | enable | role | token"},
    {"village", cmd_village, "村居管理：add | list | import"},
    {"demo", cmd_demo, "生成演示数据（里水镇的村居、工作人员、5000 名人员）"},
    {"observation", cmd_observation, "医学观察：due 未测温名单 | release-due 批量解除"},
    {"checkpoint", cmd_checkpoint, "检疫点：stats 当日统计"},
    {"report", cmd_report, "日报：report daily --date D [--json] [-o FILE.xlsx]"},
    {"import", cmd_import, "导入协查名单：import list FILE"},
    {"export", cmd_export, "导出核查结果反馈表 / 问题行报告"},
    {"audit", cmd_audit, "审计日志：verify 校验哈希链"},
    {"version", cmd_version, "显示版本"},
};

static void usage(FILE *f)
{
	fprintf(f, "fangkong %s — 镇级疫情防控指挥系统\n\n用法：fangkong <命令> [选项]\n\n命令：\n",
		FANGKONG_VERSION);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].help);
	fprintf(
	    f, "\n每个命令都支持 --help。数据库默认为 ./fangkong.db（或环境变量 FANGKONG_DB）。\n");
}

int cmd_version(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("fangkong %s\n", FANGKONG_VERSION);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	if (sodium_init() < 0) {
		fprintf(stderr, "libsodium 初始化失败\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "未知命令：%s\n\n", argv[1]);
	usage(stderr);
	return 2;
}
