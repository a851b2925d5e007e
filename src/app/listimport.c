/* Import one key-person list end to end; see listimport.h. */
#include "listimport.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/clock.h"

void listimport_sha256(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

struct feed {
	struct list_import *im;
	const struct listimport_req *r;
	long rows;
	int failed;
};

static int feed_row(void *ctx, const struct list_row_in *r)
{
	struct feed *f = ctx;
	if (f->r->progress && ++f->rows % 5000 == 0)
		f->r->progress(f->r->progress_ctx, f->rows);
	if (list_import_row(f->im, r) < 0) {
		f->failed = 1;
		return 1;
	}
	return 0;
}

int listimport_run(struct db *db, const struct actor *who, const struct listimport_req *r,
		   struct list_summary *sum, struct listfile_info *info, struct sheet_error *err,
		   int64_t *dup_list)
{
	struct list_meta m = {0};
	struct list_import *im;
	struct listfile_opts o = r->opts;
	json_t *saved = NULL;
	memset(sum, 0, sizeof *sum);
	m.source = r->source && *r->source ? r->source : "未注明";
	m.batch = r->batch;
	m.filename = r->filename ? r->filename : "";
	m.received_at = r->received_at ? r->received_at : clock_now();
	m.deadline_at =
	    m.received_at + (int64_t)(r->deadline_hours > 0 ? r->deadline_hours : 24) * 3600;
	m.force = r->force;
	m.header = json_array();
	m.mapping = json_object();
	listimport_sha256(r->data, r->len, m.sha256);
	if (!o.saved)
		o.saved = saved = list_mapping_get(db, m.source);
	int rc = list_import_begin(db, who, &m, &im, dup_list);
	json_decref(m.header);
	json_decref(m.mapping);
	if (rc == ST_CONFLICT) {
		json_decref(saved);
		return LI_DUPLICATE;
	}
	if (rc != ST_OK) {
		json_decref(saved);
		return LI_ERROR;
	}
	struct feed f = {im, r, 0, 0};
	int read_rc = listfile_read(r->data, r->len, &o, feed_row, &f, info, err);
	json_decref(saved);
	if (read_rc < 0 || f.failed) {
		list_import_finish(im, 0, sum);
		return read_rc < 0 ? LI_FILE : LI_ERROR;
	}
	if (info->rows == 0) {
		/* a header and nothing under it: not a list */
		list_import_finish(im, 0, sum);
		err->code = "no_rows";
		snprintf(err->message, sizeof err->message, "%s",
			 o.english ? "The file has a header but no data rows"
				   : "文件只有表头，没有人员数据行");
		err->row = info->header_row;
		err->col = 0;
		return LI_FILE;
	}
	list_import_set_header(im, info->header, info->mapping, info->header_row, info->sheet);
	struct list_summary peek;
	/* all or nothing unless the user accepted a partial import, and never
	 * a list of nobody (every row rejected) */
	int refused = info->rejected > 0 && (!r->accept_partial || info->accepted == 0);
	int commit = !r->dry_run && !refused;
	if (list_import_finish(im, commit, &peek) != ST_OK) {
		*sum = peek;
		return LI_ERROR;
	}
	*sum = peek;
	if (!commit)
		sum->list_id = 0;
	if (commit && r->save_mapping) {
		/* remember header text → field for the next file from this source */
		json_t *byname = json_object();
		size_t i;
		json_t *c;
		json_array_foreach(info->columns, i, c)
		{
			const char *h = json_string_value(json_object_get(c, "header"));
			const char *fld = json_string_value(json_object_get(c, "field"));
			/* the first column of a header text decides, as when reading */
			if (h && *h && fld && !json_object_get(byname, h))
				json_object_set_new(byname, h, json_string(fld));
		}
		list_mapping_save(db, m.source, byname, who->user_id);
		json_decref(byname);
	}
	if (refused && !r->dry_run)
		return LI_REJECTED;
	return LI_OK;
}
