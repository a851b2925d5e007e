/*
 * `fangkong village …`: add, list and import the town's villages (村居).
 * Import reads a UTF-8 CSV with a header row naming the columns
 * 名称(name), 代码(code), 类型(type) and optionally 别名(aliases, separated by
 * 、 or ;); existing villages (same code) are updated, new ones added.
 */
#include <csv.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/text.h"
#include "store/village.h"

static const char usage[] =
    "用法：fangkong village <子命令> [--db FILE]\n"
    "  add 名称 --code 12位代码 [--type 社区|村|其他] [--alias 别名]…\n"
    "  list [--json]\n"
    "  import FILE.csv   表头：名称,代码,类型,别名（别名用 、 或 ; 分隔）\n";

static int code_ok(const char *c)
{
	if (!c || strlen(c) != 12)
		return 0;
	for (; *c; c++)
		if (*c < '0' || *c > '9')
			return 0;
	return 1;
}

static int save(struct db *db, struct village *v, int *added)
{
	struct village old;
	int64_t id;
	if (!v->name[0] || !code_ok(v->code)) {
		fprintf(stderr, "村居 “%s”：名称不能为空，代码须为 12 位数字（%s）\n", v->name,
			v->code);
		return -1;
	}
	if (strcmp(v->type, "社区") && strcmp(v->type, "村") && strcmp(v->type, "其他")) {
		fprintf(stderr, "村居 “%s”：类型须为 社区、村 或 其他\n", v->name);
		return -1;
	}
	int rc;
	if (village_find(db, v->code, &old) == ST_OK) {
		v->id = old.id;
		rc = village_update(db, cli_actor(), v);
		*added = 0;
	} else {
		rc = village_create(db, cli_actor(), v, &id);
		*added = 1;
	}
	if (rc == ST_CONFLICT)
		fprintf(stderr, "村居 “%s”：名称或代码与已有村居重复\n", v->name);
	return rc == ST_OK ? 0 : -1;
}

/* ---- CSV import with libcsv ---- */
struct imp {
	struct db *db;
	int row, col, cols[4]; /* column index of name, code, type, aliases */
	char cell[4][512];
	int added, updated, failed;
};

static void add_alias_sep(char *s)
{
	/* turn 、 ; ； into commas */
	char out[512];
	size_t n = 0;
	for (const char *p = s; *p && n + 1 < sizeof out;) {
		if (!strncmp(p, "、", 3) || !strncmp(p, "；", 3)) {
			out[n++] = ',';
			p += 3;
		} else if (*p == ';') {
			out[n++] = ',';
			p++;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	memcpy(s, out, n + 1);
}

static void on_field(void *data, size_t len, void *p)
{
	struct imp *im = p;
	char v[512];
	text_normalize(data, len, v, sizeof v);
	if (im->row == 0) {
		static const char *const names[4][3] = {{"名称", "name", "村居"},
							{"代码", "code", "区划代码"},
							{"类型", "type", ""},
							{"别名", "aliases", ""}};
		for (int k = 0; k < 4; k++)
			for (int j = 0; j < 3; j++)
				if (names[k][j][0] && strcmp(v, names[k][j]) == 0)
					im->cols[k] = im->col;
	} else {
		for (int k = 0; k < 4; k++)
			if (im->cols[k] == im->col)
				snprintf(im->cell[k], sizeof im->cell[k], "%s", v);
	}
	im->col++;
}

static void on_row(int c, void *p)
{
	struct imp *im = p;
	(void)c;
	if (im->row > 0 && (im->cell[0][0] || im->cell[1][0])) {
		struct village v = {0};
		int added;
		snprintf(v.name, sizeof v.name, "%s", im->cell[0]);
		snprintf(v.code, sizeof v.code, "%s", im->cell[1]);
		snprintf(v.type, sizeof v.type, "%s", im->cell[2][0] ? im->cell[2] : "村");
		add_alias_sep(im->cell[3]);
		snprintf(v.aliases, sizeof v.aliases, "%s", im->cell[3]);
		if (save(im->db, &v, &added) < 0) {
			fprintf(stderr, "  （第 %d 行）\n", im->row + 1);
			im->failed++;
		} else if (added) {
			im->added++;
		} else {
			im->updated++;
		}
	}
	memset(im->cell, 0, sizeof im->cell);
	im->row++;
	im->col = 0;
}

static int import_csv(struct db *db, const char *file)
{
	FILE *f = fopen(file, "rb");
	if (!f) {
		fprintf(stderr, "无法打开 %s\n", file);
		return 1;
	}
	struct csv_parser p;
	struct imp im = {.db = db, .cols = {-1, -1, -1, -1}};
	csv_init(&p, CSV_APPEND_NULL);
	char chunk[8192];
	size_t n;
	int bom = 1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		char *s = chunk;
		if (bom && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
			s += 3, n -= 3;
		bom = 0;
		if (csv_parse(&p, s, n, on_field, on_row, &im) != n) {
			fprintf(stderr, "CSV 格式错误：%s\n", csv_strerror(csv_error(&p)));
			break;
		}
		if (im.row == 1 && (im.cols[0] < 0 || im.cols[1] < 0)) {
			fprintf(stderr, "找不到表头“名称”和“代码”列\n");
			im.failed++;
			break;
		}
	}
	csv_fini(&p, on_field, on_row, &im);
	csv_free(&p);
	fclose(f);
	printf("导入完成：新增 %d，更新 %d，失败 %d\n", im.added, im.updated, im.failed);
	return im.failed ? 1 : 0;
}

static int list(struct db *db, int as_json)
{
	json_t *a = village_list(db);
	if (!a)
		return 1;
	if (as_json) {
		char *s = json_dumps(a, JSON_INDENT(2));
		puts(s);
		free(s);
	} else {
		size_t i;
		json_t *v;
		json_array_foreach(a, i, v) printf(
		    "%-13s %-6s %s（%lld 人）\n", json_string_value(json_object_get(v, "code")),
		    json_string_value(json_object_get(v, "type")),
		    json_string_value(json_object_get(v, "name")),
		    (long long)json_integer_value(json_object_get(v, "persons")));
	}
	json_decref(a);
	return 0;
}

int cmd_village(int argc, char **argv)
{
	static const struct option opts[] = {{"db", 1, 0, 'd'},	  {"code", 1, 0, 'c'},
					     {"type", 1, 0, 't'}, {"alias", 1, 0, 'a'},
					     {"json", 0, 0, 'j'}, {0, 0, 0, 0}};
	struct village v = {0};
	const char *db_path = cli_default_db();
	int c, as_json = 0;
	if (argc < 2 || cli_wants_help(argc, argv))
		return cli_usage(usage, cli_wants_help(argc, argv));
	snprintf(v.type, sizeof v.type, "村");
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db_path = optarg;
			break;
		case 'c':
			snprintf(v.code, sizeof v.code, "%s", optarg);
			break;
		case 't':
			snprintf(v.type, sizeof v.type, "%s", optarg);
			break;
		case 'j':
			as_json = 1;
			break;
		case 'a': {
			size_t l = strlen(v.aliases);
			snprintf(v.aliases + l, sizeof v.aliases - l, "%s%s", l ? "," : "", optarg);
			break;
		}
		default:
			return cli_usage(usage, 0);
		}
	}
	const char *arg = optind < argc ? argv[optind] : NULL;
	struct db *db = cli_open(db_path, 1);
	if (!db)
		return 1;
	int rc = 2, added;
	if (strcmp(argv[1], "list") == 0) {
		rc = list(db, as_json);
	} else if (strcmp(argv[1], "import") == 0 && arg) {
		rc = import_csv(db, arg);
	} else if (strcmp(argv[1], "add") == 0 && arg) {
		text_normalize(arg, strlen(arg), v.name, sizeof v.name);
		rc = save(db, &v, &added) < 0 ? 1 : 0;
		if (!rc)
			printf("%s村居 %s\n", added ? "已新增" : "已更新", v.name);
	} else {
		cli_usage(usage, 0);
	}
	db_close(db);
	return rc;
}
