/* `fangkong report daily`: the daily report for a date, as text, JSON or xlsx. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/reportexport.h"
#include "cli.h"
#include "core/date.h"
#include "store/report.h"
#include "util/clock.h"

static const char usage[] =
    "用法：fangkong report daily [--date YYYY-MM-DD] [--json] [-o FILE.xlsx] [--db FILE]\n"
    "  按记录本身的时间计算任意日期的日报（默认今天），附核对结果和文字摘要。\n";

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {{"db", 1, 0, 'd'},
					     {"date", 1, 0, 'D'},
					     {"json", 0, 0, 'j'},
					     {"output", 1, 0, 'o'},
					     {0, 0, 0, 0}};
	const char *path = cli_default_db(), *out = NULL;
	int c, as_json = 0, date = clock_today();
	if (argc < 2 || cli_wants_help(argc, argv) || strcmp(argv[1], "daily"))
		return cli_usage(usage, cli_wants_help(argc, argv));
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'd') {
			path = optarg;
		} else if (c == 'D') {
			if (date_parse(optarg, &date) < 0) {
				fprintf(stderr, "日期格式应为 YYYY-MM-DD\n");
				return 2;
			}
		} else if (c == 'j') {
			as_json = 1;
		} else if (c == 'o') {
			out = optarg;
		} else {
			return cli_usage(usage, 0);
		}
	}
	if (date > clock_today()) {
		fprintf(stderr, "不能生成未来日期的日报\n");
		return 2;
	}
	struct db *db = cli_open(path, 1);
	if (!db)
		return 1;
	int first = report_first_date(db);
	if (first && date < first) {
		char f[11];
		date_format(first, f, sizeof f);
		fprintf(stderr, "%s 之前没有任何记录\n", f);
		db_close(db);
		return 2;
	}
	json_t *r = report_compute(db, date);
	int rc = r ? 0 : 1;
	if (r && out) {
		struct actor who = *cli_actor();
		unsigned char t[8];
		char trace[17];
		randombytes_buf(t, sizeof t);
		sodium_bin2hex(trace, sizeof trace, t, sizeof t);
		who.trace = trace;
		json_t *layout = report_layout_get(db);
		rc = reportexport_xlsx(db, &who, who.username, r, layout, out) < 0;
		json_decref(layout);
		if (!rc)
			fprintf(stderr, "已导出到 %s\n", out);
	}
	if (r && as_json) {
		char *s = json_dumps(r, JSON_INDENT(2));
		puts(s);
		free(s);
	} else if (r && !out) {
		json_t *town = json_object_get(r, "town");
		printf("%s 日报\n", json_string_value(json_object_get(r, "date")));
		for (int i = 0; i < report_field_count; i++)
			printf("  %-28s %lld\n", report_fields[i].label,
			       (long long)json_integer_value(
				   json_object_get(town, report_fields[i].key)));
		json_t *rec = json_object_get(r, "reconciliation");
		printf(
		    "\n核对：%s（累计 %lld = 解除 %lld + 在观 %lld + 失联 %lld + 转院 %lld + 其他 "
		    "%lld，差 %lld）\n\n%s\n",
		    json_is_true(json_object_get(rec, "ok")) ? "一致" : "不一致",
		    (long long)json_integer_value(json_object_get(rec, "placed")),
		    (long long)json_integer_value(json_object_get(rec, "released")),
		    (long long)json_integer_value(json_object_get(rec, "current")),
		    (long long)json_integer_value(json_object_get(rec, "lost")),
		    (long long)json_integer_value(json_object_get(rec, "hospital")),
		    (long long)json_integer_value(json_object_get(rec, "other_exits")),
		    (long long)json_integer_value(json_object_get(rec, "difference")),
		    json_string_value(json_object_get(r, "summary")));
	}
	json_decref(r);
	db_close(db);
	return rc;
}
