/*
 * `fangkong observation …`: the village worker's printed round list
 * (`due`) and the evening batch release (`release-due`) from the command
 * line, on the same store queries the web pages use.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/date.h"
#include "core/mask.h"
#include "core/msg.h"
#include "store/obs.h"
#include "store/village.h"
#include "util/clock.h"
#include "util/xalloc.h"

static const char usage[] =
    "用法：fangkong observation <子命令> [--db FILE]\n"
    "  due [--village 名称或代码] [--json]   当前（或刚结束的）测温时段未测温名单\n"
    "  release-due [--dry-run] [--json]       解除今天及以前期满且符合条件的医学观察\n";

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	puts(s);
	free(s);
}

static int due(struct db *db, const char *village, int as_json)
{
	struct village v = {0};
	if (village && village_find(db, village, &v) != ST_OK) {
		fprintf(stderr, "找不到村居：%s\n", village);
		return 1;
	}
	json_t *d = obs_due(db, &(struct obs_scope){0}, v.id, clock_now());
	if (!d)
		return 1;
	json_t *w = json_object_get(d, "window");
	int open = json_is_true(json_object_get(w, "open"));
	int slot = (int)json_integer_value(json_object_get(w, "slot"));
	size_t i;
	json_t *it;
	char phone[32];
	json_array_foreach(json_object_get(d, "items"), i, it)
	{
		mask_phone(str(it, "phone"), phone, sizeof phone);
		json_object_set_new(it, "phone", json_string(phone));
	}
	if (as_json) {
		print_json(d);
		json_decref(d);
		return 0;
	}
	printf("%s %s测温时段（%s）%s：在观 %lld 人，本时段未测 %lld 人\n", str(w, "date"),
	       slot ? "晚" : "早", open ? "进行中" : "已结束", village ? v.name : "全镇",
	       (long long)json_integer_value(json_object_get(d, "active")),
	       (long long)json_integer_value(json_object_get(d, "due_now")));
	printf("%-4s %-10s %-14s %-12s %-4s %-6s %s\n", "序号", "姓名", "村居", "电话", "第几天",
	       "漏测", "地址");
	json_array_foreach(json_object_get(d, "items"), i, it)
	{
		printf("%-4zu %-10s %-14s %-12s %-4lld %-6lld %s\n", i + 1, str(it, "name"),
		       str(it, "village_name"), str(it, "phone"),
		       (long long)json_integer_value(json_object_get(it, "day")),
		       (long long)json_integer_value(json_object_get(it, "missed_windows")),
		       str(it, "address"));
	}
	json_decref(d);
	return 0;
}

static int release_due(struct db *db, int dry_run, int as_json)
{
	int today = clock_today();
	json_t *q = obs_release_queue(db, &(struct obs_scope){0}, today, clock_now());
	if (!q)
		return 1;
	/* those who qualify, released in transactions of 200 (obs_release_many) */
	json_t *items = json_object_get(q, "items"), *it;
	size_t n = json_array_size(items), nq = 0, k = 0, i;
	int64_t *ids = xmalloc((n + 1) * sizeof *ids);
	const char **why = xmalloc((n + 1) * sizeof *why);
	json_array_foreach(items, i, it)
	{
		if (json_is_true(json_object_get(it, "qualifies"))) {
			why[nq] = NULL;
			ids[nq++] = json_integer_value(json_object_get(it, "id"));
		}
	}
	if (!dry_run)
		obs_release_many(db, cli_actor(), ids, nq, &(struct obs_scope){0}, today, why);
	json_t *released = json_array(), *blocked = json_array();
	json_array_foreach(items, i, it)
	{
		const char *w = json_is_true(json_object_get(it, "qualifies")) ? why[k++] : "";
		if (w && *w)
			json_object_set_new(it, "blocked_by", json_string(w));
		json_array_append(w ? blocked : released, it);
	}
	free(ids);
	free(why);
	if (as_json) {
		json_t *o = json_pack("{s:b,s:O,s:O}", "dry_run", dry_run, "released", released,
				      "blocked", blocked);
		print_json(o);
		json_decref(o);
	} else {
		printf("%s %zu 人；不符合条件 %zu 人\n",
		       dry_run ? "可解除（试运行，未改动）" : "已解除", json_array_size(released),
		       json_array_size(blocked));
		json_array_foreach(blocked, i, it) printf(
		    "  未解除 #%lld %s（%s）：%s\n",
		    (long long)json_integer_value(json_object_get(it, "id")), str(it, "name"),
		    str(it, "village_name"), msg_get(str(it, "blocked_by"), 0));
	}
	json_decref(released);
	json_decref(blocked);
	json_decref(q);
	return 0;
}

int cmd_observation(int argc, char **argv)
{
	static const struct option opts[] = {{"db", 1, 0, 'd'},
					     {"village", 1, 0, 'v'},
					     {"json", 0, 0, 'j'},
					     {"dry-run", 0, 0, 'n'},
					     {0, 0, 0, 0}};
	const char *path = cli_default_db(), *village = NULL;
	int c, as_json = 0, dry = 0;
	if (argc < 2 || cli_wants_help(argc, argv))
		return cli_usage(usage, cli_wants_help(argc, argv));
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			path = optarg;
		else if (c == 'v')
			village = optarg;
		else if (c == 'j')
			as_json = 1;
		else if (c == 'n')
			dry = 1;
		else
			return cli_usage(usage, 0);
	}
	if (strcmp(argv[1], "due") && strcmp(argv[1], "release-due"))
		return cli_usage(usage, 0);
	struct db *db = cli_open(path, 1);
	if (!db)
		return 1;
	int rc =
	    !strcmp(argv[1], "due") ? due(db, village, as_json) : release_due(db, dry, as_json);
	db_close(db);
	return rc;
}
