/* Daily report xlsx export; see reportexport.h. */
#include "reportexport.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "io/xlsxw.h"
#include "store/report.h"
#include "util/clock.h"
#include "util/xalloc.h"

int reportexport_xlsx(struct db *db, const struct actor *who, const char *who_name, json_t *figures,
		      json_t *layout, const char *path)
{
	struct xlsxw *x = xlsxw_open(path, "日报");
	if (!x)
		return -1;
	const char *title = json_string_value(json_object_get(layout, "title"));
	const char *date = json_string_value(json_object_get(figures, "date"));
	json_t *fields = json_object_get(layout, "fields");
	json_t *town = json_object_get(figures, "town");
	/* sized to the title: a fixed buffer cut long titles inside a UTF-8
	 * character, which made the sheet's XML invalid */
	title = title ? title : "日报";
	date = date ? date : "";
	size_t hn = strlen(title) + strlen(date) + sizeof "（）";
	char *head = xmalloc(hn);
	snprintf(head, hn, "%s（%s）", title, date);
	json_t *r = json_pack("[ss]", head, "");
	xlsxw_row(x, r);
	json_decref(r);
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f)
	{
		const char *k = json_string_value(json_object_get(f, "key"));
		const struct report_field *rf = report_field_find(k);
		const char *label = json_string_value(json_object_get(f, "label"));
		r = json_pack("[sI]",
			      label ? label
			      : rf  ? rf->label
				    : k,
			      (json_int_t)json_integer_value(json_object_get(town, k)));
		xlsxw_row(x, r);
		json_decref(r);
	}
	r = json_pack("[ss]", "文字摘要", json_string_value(json_object_get(figures, "summary")));
	xlsxw_row(x, r);
	json_decref(r);
	if (json_is_true(json_object_get(layout, "per_village"))) {
		json_t *blank = json_array();
		xlsxw_row(x, blank);
		json_decref(blank);
		json_t *h = json_pack("[s]", "村居");
		json_array_foreach(fields, i, f)
		{
			const struct report_field *rf =
			    report_field_find(json_string_value(json_object_get(f, "key")));
			const char *label = json_string_value(json_object_get(f, "label"));
			if (rf && rf->per_village)
				json_array_append_new(h, json_string(label ? label : rf->label));
		}
		xlsxw_row(x, h);
		json_decref(h);
		size_t j;
		json_t *v;
		json_array_foreach(json_object_get(figures, "villages"), j, v)
		{
			json_t *row =
			    json_pack("[s]", json_string_value(json_object_get(v, "village_name")));
			json_array_foreach(fields, i, f)
			{
				const char *k = json_string_value(json_object_get(f, "key"));
				const struct report_field *rf = report_field_find(k);
				if (rf && rf->per_village)
					json_array_append_new(
					    row, json_object_get(v, k)
						     ? json_incref(json_object_get(v, k))
						     : json_integer(0));
			}
			xlsxw_row(x, row);
			json_decref(row);
		}
	}
	char when[20];
	time_t t = (time_t)(clock_now() + CLOCK_TZ_OFFSET);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	int closed = xlsxw_close(x, head, who_name, when, who->trace);
	free(head);
	if (closed < 0)
		return -1;
	json_t *d = json_pack("{s:s}", "date", date);
	int ok = db_begin(db) == 0 && audit_write(db, who, "report.export", "report", 0, d) == 0 &&
		 db_commit(db) == 0;
	if (!ok)
		db_rollback(db);
	json_decref(d);
	return ok ? 0 : -1;
}
