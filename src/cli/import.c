/*
 * `fangkong import list FILE …`: import a key-person list from the command
 * line (night work, scripts, the benchmark), with the same reader, rules and
 * transaction as the web upload.  A progress bar on a TTY.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cpimport.h"
#include "app/listimport.h"
#include "store/checkpoint.h"
#include "cli.h"
#include "core/msg.h"
#include "util/num.h"
#include "util/xalloc.h"

static const char usage[] =
    "用法：fangkong import list FILE [选项]\n"
    "      fangkong import screenings FILE --checkpoint 名称或编号 [--accept-partial] [--json]\n"
    "        （检疫点纸质/Excel 登记：检测时间、车牌号、姓名、身份证号、电话、体温、处理结果…）\n"
    "  --sheet N|名称        工作表（默认第一个有数据的）\n"
    "  --source 发文单位     名单来源（用于记住列对应关系）\n"
    "  --batch 批次/文号\n"
    "  --deadline-hours H    核查时限（默认 24 小时）\n"
    "  --dry-run             只检查，不导入\n"
    "  --force               同一文件已导入过也再次导入\n"
    "  --accept-partial      有错误行时仍导入正确的行（默认整份不导入）\n"
    "  --json                输出一行 JSON 结果\n"
    "  --db FILE\n";

static int read_all(const char *path, void **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	if (!f)
		return -1;
	if (fstat(fileno(f), &sb) < 0 || sb.st_size < 0 || (size_t)sb.st_size > SHEET_MAX_FILE) {
		fclose(f);
		return -2;
	}
	*len = (size_t)sb.st_size;
	*data = xmalloc(*len + 1);
	size_t got = fread(*data, 1, *len, f);
	fclose(f);
	if (got != *len) {
		free(*data);
		return -1;
	}
	return 0;
}

static void print_summary(const struct list_summary *s, int as_json, int dry)
{
	if (as_json) {
		printf(
		    "{\"list_id\":%lld,\"rows\":%lld,\"accepted\":%lld,\"rejected\":%lld,"
		    "\"duplicates\":%lld,\"matched_existing\":%lld,\"new_persons\":%lld,"
		    "\"dispatched\":%lld,\"unassigned\":%lld,\"flagged\":%lld,\"candidates\":%lld,"
		    "\"doubtful\":%lld,\"dry_run\":%s}\n",
		    (long long)s->list_id, (long long)s->rows, (long long)s->accepted,
		    (long long)s->rejected, (long long)s->duplicates,
		    (long long)s->matched_existing, (long long)s->new_persons,
		    (long long)s->dispatched, (long long)s->unassigned, (long long)s->flagged,
		    (long long)s->candidates, (long long)s->doubtful, dry ? "true" : "false");
		return;
	}
	printf("%s名单 #%lld：共 %lld 行，有效 %lld（其中存疑 %lld），拒绝 %lld，重复 %lld；"
	       "匹配已有人员 %lld，新建 %lld（疑似同一人 %lld）；已分派村居 %lld，待人工分派 %lld，"
	       "已在管控 %lld\n",
	       dry ? "（试运行，未导入）" : "已导入", (long long)s->list_id, (long long)s->rows,
	       (long long)s->accepted, (long long)s->doubtful, (long long)s->rejected,
	       (long long)s->duplicates, (long long)s->matched_existing, (long long)s->new_persons,
	       (long long)s->candidates, (long long)s->dispatched, (long long)s->unassigned,
	       (long long)s->flagged);
}

static void print_problems(const struct listfile_info *info, int max)
{
	size_t i;
	json_t *p;
	json_array_foreach(info->problems, i, p)
	{
		if ((int)i >= max) {
			fprintf(stderr, "  ……（共 %ld 行被拒绝，%ld 行存疑）\n", info->rejected,
				info->doubtful);
			break;
		}
		fprintf(stderr, "  第 %lld 行 %s列（%s）：%s%s\n",
			(long long)json_integer_value(json_object_get(p, "row")),
			json_string_value(json_object_get(p, "column")),
			json_string_value(json_object_get(p, "header")),
			json_string_value(json_object_get(p, "message")),
			strcmp(json_string_value(json_object_get(p, "level")), "warning")
			    ? ""
			    : "（存疑，已导入）");
	}
}

/* A spinner-style progress line on a terminal: rows read so far. */
static void progress(void *ctx, long rows)
{
	(void)ctx;
	fprintf(stderr, "\r正在导入… 已处理 %ld 行", rows);
	fflush(stderr);
}

static int64_t find_checkpoint(struct db *db, const char *key)
{
	int64_t id = 0;
	struct checkpoint c;
	if (num_parse(key, 1, INT64_MAX, &id) == 0)
		return cp_get(db, id, &c) == ST_OK ? id : 0;
	json_t *a = cp_list(db, 0);
	size_t i;
	json_t *o;
	json_array_foreach(a, i, o)
	{
		if (!strcmp(json_string_value(json_object_get(o, "name")), key))
			id = json_integer_value(json_object_get(o, "id"));
	}
	json_decref(a);
	return id;
}

static int import_screenings(struct db *db, const char *file, const void *data, size_t len,
			     const char *checkpoint, int partial, int as_json)
{
	int64_t cp = checkpoint ? find_checkpoint(db, checkpoint) : 0;
	if (!cp) {
		fprintf(stderr, "请用 --checkpoint 指定检疫点（名称或编号）\n");
		return 2;
	}
	struct cpimport_result r;
	struct sheet_error err = {0};
	int rc = cpimport_run(db, cli_actor(), data, len, cp, partial, 0, &r, &err);
	if (rc == -1) {
		fprintf(stderr, "%s：%s\n", file, err.message);
		json_decref(r.problems);
		return 1;
	}
	if (rc < 0) {
		fprintf(stderr, "导入失败（数据库错误），未导入任何数据\n");
		json_decref(r.problems);
		return 1;
	}
	size_t i;
	json_t *p;
	json_array_foreach(r.problems, i, p)
	{
		if (i < 30)
			fprintf(stderr, "  第 %lld 行（%s）：%s\n",
				(long long)json_integer_value(json_object_get(p, "row")),
				json_string_value(json_object_get(p, "column")),
				json_string_value(json_object_get(p, "message")));
	}
	json_decref(r.problems);
	if (as_json)
		printf("{\"rows\":%ld,\"imported\":%ld,\"already\":%ld,\"rejected\":%ld}\n", r.rows,
		       r.imported, r.already, r.rejected);
	else
		printf("共 %ld 行：导入 %ld，已导入过 %ld，拒绝 %ld\n", r.rows, r.imported,
		       r.already, r.rejected);
	if (r.rejected && !partial) {
		fprintf(stderr, "有错误行，整份未导入；修正后重试，或加 --accept-partial\n");
		return 3;
	}
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {{"db", 1, 0, 'd'},
					     {"sheet", 1, 0, 's'},
					     {"source", 1, 0, 'S'},
					     {"batch", 1, 0, 'b'},
					     {"deadline-hours", 1, 0, 'H'},
					     {"dry-run", 0, 0, 'n'},
					     {"force", 0, 0, 'f'},
					     {"accept-partial", 0, 0, 'p'},
					     {"json", 0, 0, 'j'},
					     {"checkpoint", 1, 0, 'c'},
					     {0, 0, 0, 0}};
	struct listimport_req r = {0};
	const char *path = cli_default_db();
	int c, as_json = 0;
	int64_t h;
	int screenings = argc >= 2 && !strcmp(argv[1], "screenings");
	const char *checkpoint = NULL;
	if (argc < 2 || cli_wants_help(argc, argv) || (strcmp(argv[1], "list") && !screenings))
		return cli_usage(usage, cli_wants_help(argc, argv));
	listfile_opts_default(&r.opts);
	r.deadline_hours = 24;
	r.save_mapping = 1;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 's':
			r.opts.sheet = optarg;
			break;
		case 'S':
			r.source = optarg;
			break;
		case 'b':
			r.batch = optarg;
			break;
		case 'n':
			r.dry_run = 1;
			break;
		case 'f':
			r.force = 1;
			break;
		case 'p':
			r.accept_partial = 1;
			break;
		case 'j':
			as_json = 1;
			break;
		case 'c':
			checkpoint = optarg;
			break;
		case 'H':
			if (num_parse(optarg, 1, 720, &h) < 0) {
				fprintf(stderr, "--deadline-hours 须为 1–720\n");
				return 2;
			}
			r.deadline_hours = (int)h;
			break;
		default:
			return cli_usage(usage, 0);
		}
	}
	if (optind >= argc)
		return cli_usage(usage, 0);
	const char *file = argv[optind];
	void *data;
	int rr = read_all(file, &data, &r.len);
	if (rr < 0) {
		fprintf(stderr, rr == -2 ? "%s：文件超过 100 MB 上限\n" : "无法读取 %s\n", file);
		return 1;
	}
	r.data = data;
	if (isatty(STDERR_FILENO) && !as_json)
		r.progress = progress;
	const char *base = strrchr(file, '/');
	r.filename = base ? base + 1 : file;
	struct db *db = cli_open(path, 1);
	if (!db) {
		free(data);
		return 1;
	}
	if (screenings) {
		int rc =
		    import_screenings(db, file, data, r.len, checkpoint, r.accept_partial, as_json);
		db_close(db);
		free(data);
		return rc;
	}
	struct list_summary sum;
	struct listfile_info info;
	struct sheet_error err = {0};
	int64_t dup = 0;
	int rc = listimport_run(db, cli_actor(), &r, &sum, &info, &err, &dup);
	db_close(db);
	if (r.progress)
		fprintf(stderr, "\r\033[K");
	free(data);
	int status = 0;
	switch (rc) {
	case LI_OK:
		print_problems(&info, 20);
		print_summary(&sum, as_json, r.dry_run);
		if (r.dry_run && info.rejected && !r.accept_partial)
			status = 3; /* the real import would refuse this file */
		break;
	case LI_REJECTED:
		print_problems(&info, 50);
		fprintf(stderr,
			"有 %ld 行被拒绝，整份名单未导入。修正后重新导入，或加 --accept-partial "
			"只导入正确的行。\n",
			info.rejected);
		if (as_json)
			print_summary(&sum, 1, 1);
		status = 3;
		break;
	case LI_DUPLICATE:
		fprintf(stderr, "该文件已于名单 #%lld 导入过；确需重复导入请加 --force\n",
			(long long)dup);
		return 4;
	case LI_FILE:
		fprintf(stderr, "%s：%s\n", file, err.message);
		status = 1;
		break;
	default:
		fprintf(stderr, "导入失败（数据库错误），未导入任何数据\n");
		status = 1;
	}
	listfile_info_release(&info);
	return status;
}
