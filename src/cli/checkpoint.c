/* `fangkong checkpoint stats`: the day's counts per checkpoint and shift. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "core/date.h"
#include "store/checkpoint.h"
#include "util/clock.h"

static const char usage[] =
    "用法：fangkong checkpoint stats [--date YYYY-MM-DD] [--json] [--db FILE]\n"
    "  各检疫点当日：车辆、人数、发热、转诊、劝返、重点地区来人、转集中观察；按班次分列；\n"
    "  以及尚未确认的检疫点发热预警条数。\n";

static long long num(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

static void hm(json_t *v, char out[6])
{
	time_t t = (time_t)(json_integer_value(v) + CLOCK_TZ_OFFSET);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 6, "%H:%M", &tm);
}

int cmd_checkpoint(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", 1, 0, 'd'}, {"date", 1, 0, 'D'}, {"json", 0, 0, 'j'}, {0, 0, 0, 0}};
	const char *path = cli_default_db();
	int c, as_json = 0, date = clock_today();
	if (argc < 2 || cli_wants_help(argc, argv) || strcmp(argv[1], "stats"))
		return cli_usage(usage, cli_wants_help(argc, argv));
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd') {
			path = optarg;
		} else if (c == 'D') {
			if (date_parse(optarg, &date) < 0) {
				fprintf(stderr, "日期格式应为 YYYY-MM-DD\n");
				return 2;
			}
		} else if (c == 'j') {
			as_json = 1;
		} else {
			return cli_usage(usage, 0);
		}
	}
	struct db *db = cli_open(path, 1);
	if (!db)
		return 1;
	json_t *s = cp_stats(db, date);
	/* fevers nobody in the office has acknowledged yet, whatever the date */
	json_t *open = as_json ? NULL : cp_alert_list(db, &(struct cp_alert_scope){0, 0}, 1);
	db_close(db);
	if (!s) {
		json_decref(open);
		return 1;
	}
	if (as_json) {
		char *t = json_dumps(s, JSON_INDENT(2));
		puts(t);
		free(t);
		json_decref(s);
		return 0;
	}
	printf("%s 检疫点统计\n%-18s %6s %6s %6s %6s %6s %8s %6s\n",
	       json_string_value(json_object_get(s, "date")), "检疫点", "车辆", "人数", "发热",
	       "转诊", "劝返", "重点地区", "转观察");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(s, "checkpoints"), i, r)
	    printf("%-18s %6lld %6lld %6lld %6lld %6lld %8lld %6lld\n",
		   json_string_value(json_object_get(r, "checkpoint_name")), num(r, "vehicles"),
		   num(r, "persons"), num(r, "fevers"), num(r, "referrals"), num(r, "turned_back"),
		   num(r, "flagged_persons"), num(r, "to_observation"));
	json_t *t = json_object_get(s, "total");
	printf("%-18s %6lld %6lld %6lld %6lld %6lld %8lld %6lld\n\n按班次：\n", "合计",
	       num(t, "vehicles"), num(t, "persons"), num(t, "fevers"), num(t, "referrals"),
	       num(t, "turned_back"), num(t, "flagged_persons"), num(t, "to_observation"));
	json_array_foreach(json_object_get(s, "shifts"), i, r)
	{
		char a[6] = "--:--", b[6] = "--:--";
		if (json_integer_value(json_object_get(r, "starts_at"))) {
			hm(json_object_get(r, "starts_at"), a);
			hm(json_object_get(r, "ends_at"), b);
		}
		printf("  %s %s–%s：车辆 %lld，人数 %lld，发热 %lld，劝返 %lld\n",
		       json_string_value(json_object_get(r, "checkpoint_name")), a, b,
		       num(r, "vehicles"), num(r, "persons"), num(r, "fevers"),
		       num(r, "turned_back"));
	}
	if (open) {
		json_int_t n = json_integer_value(json_object_get(open, "open"));
		if (n)
			printf("\n待确认的检疫点发热预警：%lld 条（指挥看板或“异常预警”页确认）\n",
			       (long long)n);
		json_decref(open);
	}
	json_decref(s);
	return 0;
}
