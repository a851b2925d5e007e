/* `fangkong serve`: run the web app and API. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "http/http.h"
#include "util/num.h"

static const char usage[] =
    "用法：fangkong serve [--db FILE] [--listen IP:PORT] [--threads N] [--web-root DIR]\n"
    "  --db FILE         数据库文件（默认 ./fangkong.db）\n"
    "  --listen IP:PORT  监听地址（默认 127.0.0.1:8080；端口 0 = 任选空闲端口）\n"
    "  --threads N       工作线程数（默认 CPU 核数）\n"
    "  --web-root DIR    从磁盘目录提供 web/ 文件（开发用；默认用内嵌的文件）\n";

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {{"db", 1, 0, 'd'},	     {"listen", 1, 0, 'l'},
					     {"threads", 1, 0, 't'}, {"web-root", 1, 0, 'w'},
					     {"help", 0, 0, 'h'},    {0, 0, 0, 0}};
	struct server_opts o = {cli_default_db(), "127.0.0.1:8080", NULL, 0};
	int c;
	int64_t n;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db_path = optarg;
			break;
		case 'l':
			o.listen = optarg;
			break;
		case 't':
			if (num_parse(optarg, 1, 256, &n) < 0) {
				fprintf(stderr, "--threads 须为 1–256 的整数\n");
				return 2;
			}
			o.threads = (unsigned)n;
			break;
		case 'w':
			o.web_root = optarg;
			break;
		case 'h':
			return cli_usage(usage, 1);
		default:
			return cli_usage(usage, 0);
		}
	}
	struct db *db = cli_open(o.db_path, 1);
	if (!db)
		return 1;
	db_close(db);
	return server_run(&o);
}
