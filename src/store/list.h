/*
 * list — key-person lists (协查名单): storing an import, matching each row to
 * a person, dispatching one verification task per person to a village, and
 * the queries behind progress, the task lists and the feedback export.
 *
 * An import is one write transaction (list_import_begin … _finish): either
 * the whole list is committed or nothing is.  Rows arrive already validated
 * (core/person.c, core/listmap.c); here they are matched (same document
 * number; else same name + phone; else a new person, with same-name-and-
 * birth-date persons kept as candidates for a one-click decision), placed in
 * a village (the village column by name or alias, else the address, else the
 * unassigned queue) and flagged 已在管控 when already under observation or
 * verified in an earlier list.  One audit row records the import.
 */
#ifndef FK_STORE_LIST_H
#define FK_STORE_LIST_H

#include <jansson.h>
#include <stdint.h>

#include "audit.h"
#include "core/listmap.h"
#include "core/person.h"
#include "db.h"

struct list_meta {
	const char *source, *batch, *filename, *sheet;
	char sha256[65];
	int header_row;
	json_t *header;	 /* array of the header cells as received (borrowed) */
	json_t *mapping; /* {"0":"name",…} column index → field (borrowed) */
	int64_t received_at, deadline_at;
	int force; /* import even if the same file was imported before */
};

struct list_summary {
	int64_t list_id;
	int64_t rows, accepted, rejected, duplicates, matched_existing, new_persons, dispatched,
	    unassigned, flagged, candidates;
	int64_t doubtful; /* accepted with a warning */
};

struct list_import;

/* Start an import.  ST_CONFLICT (*dup = the earlier list) if the file was
 * imported before and !force. */
int list_import_begin(struct db *db, const struct actor *who, const struct list_meta *m,
		      struct list_import **out, int64_t *dup);
/* Add one row (rejected rows are stored with their problems too). */
int list_import_row(struct list_import *im, const struct list_row_in *r);
/* Record what the reader found: header cells, column mapping, header row
 * and sheet (known only once the first rows have been read). */
void list_import_set_header(struct list_import *im, json_t *header, json_t *mapping,
			    long header_row, const char *sheet);
/* Match the rows, dispatch the tasks and commit (commit > 0), or do that
 * and roll back (0, a dry run: the summary has the counts), or just roll
 * back (< 0, the file could not be read).  Frees the import. */
int list_import_finish(struct list_import *im, int commit, struct list_summary *s);

/* Saved column mapping of a source ({header text: field}), or NULL. */
json_t *list_mapping_get(struct db *db, const char *source);
int list_mapping_save(struct db *db, const char *source, json_t *mapping, int64_t user_id);

/* The first list imported from a file with this SHA-256, or 0. */
int64_t list_by_sha(struct db *db, const char *sha256);
/* Lists with progress; one list with per-village progress. */
json_t *list_all(struct db *db, int64_t now, int64_t page, int64_t per_page);
json_t *list_detail(struct db *db, int64_t id, int64_t now);
/* The rows of a list with problems — rejected, duplicate, and accepted
 * with warnings (存疑) — with their problems, in row order. */
json_t *list_problems(struct db *db, int64_t id);

struct task_filter {
	int64_t list_id, village; /* village -1 = unassigned */
	const char *status;	  /* open / done / overdue / NULL = all */
	const char *q;
	int64_t page, per_page;
};
json_t *task_list(struct db *db, const struct task_filter *f, int64_t scope_village, int64_t now);
/* One task; row_warnings lists the warnings of its list row, each
 * {field, code, message, header, value: the cell as received}. */
json_t *task_get(struct db *db, int64_t id, int64_t scope_village);
/* Assign tasks to a village (bulk).  Returns how many changed, -1 error. */
int task_assign(struct db *db, const struct actor *who, const int64_t *ids, int n,
		int64_t village_id);
/* Record a result.  For 居家/集中 the caller has started the observation
 * (observation_id).  ST_NOTFOUND outside scope; ST_INVALID if done. */
int task_result(struct db *db, const struct actor *who, int64_t id, int64_t scope_village,
		const char *result, const char *whereabouts, const char *note,
		int64_t observation_id);
/* A village's own find (自排发现): a task without a list. */
int task_self_found(struct db *db, const struct actor *who, int64_t person_id, int64_t village_id,
		    int64_t *id);
/* Same-person decision on a candidate: merge the task's person into
 * `candidate` (persons.merge) and point the task at it. */
int task_same_person(struct db *db, const struct actor *who, int64_t id, int64_t candidate);

/* Stream the rows of a list for the feedback export: cb(ctx, cells, result
 * columns) in original row order; only accepted and duplicate rows. */
typedef int (*list_feedback_fn)(void *ctx, json_t *cells, json_t *result);
int list_feedback(struct db *db, int64_t id, list_feedback_fn cb, void *ctx);
/* Overdue open tasks count per village (for the office). */
json_t *task_overdue(struct db *db, int64_t now);

/* Result labels a village may record. */
extern const char *const task_results[];
int task_result_known(const char *r);

#endif
