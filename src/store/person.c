/*
 * The people registry in SQLite; see person.h.  Expected workload: a town of
 * 5,000–1,000,000 persons; lists are paged (20 rows), filtered by village and
 * searched by name, pinyin initials or number fragments.
 */
#include "person.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/pinyin.h"

#define PERSON_COLS                                                                                \
	"p.id,p.name,p.name_py,p.sex,p.doc_type,p.doc_number,p.birth_date,p.phone,p.address,"      \
	"p.village_id,v.name AS village_name,p.hukou,p.notes,p.source,p.created_at,p.updated_at"

static void bind_person(sqlite3_stmt *st, const struct person *p)
{
	db_bind_text(st, 1, p->name);
	db_bind_text(st, 2, p->name_py);
	sqlite3_bind_int(st, 3, p->sex);
	db_bind_text(st, 4, p->doc_type);
	db_bind_text_null(st, 5, p->doc_number);
	db_bind_text_null(st, 6, p->birth_date);
	db_bind_text_null(st, 7, p->phone);
	db_bind_text(st, 8, p->address);
	if (p->village_id)
		sqlite3_bind_int64(st, 9, p->village_id);
	else
		sqlite3_bind_null(st, 9);
	db_bind_text(st, 10, p->hukou);
	db_bind_text(st, 11, p->notes);
	db_bind_text(st, 12, p->source);
	sqlite3_bind_int64(st, 13, (int64_t)time(NULL));
}

static int64_t find_doc(struct db *db, const struct person *p, int64_t except)
{
	if (!p->doc_number[0])
		return 0;
	sqlite3_stmt *st = db_prep(db, "SELECT id FROM persons WHERE doc_type=? AND doc_number=? "
				       "AND merged_into IS NULL AND id<>?");
	if (!st)
		return -1;
	db_bind_text(st, 1, p->doc_type);
	db_bind_text(st, 2, p->doc_number);
	sqlite3_bind_int64(st, 3, except);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

int person_insert(struct db *db, const struct actor *who, const struct person *p, int64_t *id,
		  int64_t *existing)
{
	sqlite3_stmt *st = db_prep(
	    db, "INSERT INTO persons(name,name_py,sex,doc_type,doc_number,birth_date,phone,address,"
		"village_id,hukou,notes,source,created_at,updated_at,created_by) "
		"VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?13,?14)");
	if (!st)
		return ST_ERR;
	*existing = find_doc(db, p, 0);
	if (*existing)
		return *existing < 0 ? ST_ERR : ST_CONFLICT;
	bind_person(st, p);
	if (who->user_id)
		sqlite3_bind_int64(st, 14, who->user_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ST_ERR;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	json_t *d = json_pack("{s:[sssss]}", "fields", "name", "doc_number", "phone", "address",
			      "village_id");
	rc = audit_write(db, who, "person.create", "person", *id, d);
	json_decref(d);
	return rc < 0 ? ST_ERR : ST_OK;
}

int person_create(struct db *db, const struct actor *who, const struct person *p, int64_t *id,
		  int64_t *existing)
{
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = person_insert(db, who, p, id, existing);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db) < 0 ? ST_ERR : ST_OK;
}

void person_read_row(sqlite3_stmt *st, struct person *p)
{
	memset(p, 0, sizeof *p);
	db_copy_col(p->name, sizeof p->name, st, 1);
	db_copy_col(p->name_py, sizeof p->name_py, st, 2);
	p->sex = sqlite3_column_int(st, 3);
	db_copy_col(p->doc_type, sizeof p->doc_type, st, 4);
	db_copy_col(p->doc_number, sizeof p->doc_number, st, 5);
	db_copy_col(p->birth_date, sizeof p->birth_date, st, 6);
	db_copy_col(p->phone, sizeof p->phone, st, 7);
	db_copy_col(p->address, sizeof p->address, st, 8);
	p->village_id = sqlite3_column_int64(st, 9);
	db_copy_col(p->hukou, sizeof p->hukou, st, 10);
	db_copy_col(p->notes, sizeof p->notes, st, 11);
}

int person_load(struct db *db, int64_t id, int64_t scope_village, struct person *p)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT id,name,name_py,sex,doc_type,coalesce(doc_number,''),"
		"coalesce(birth_date,''),coalesce(phone,''),address,coalesce(village_id,0),hukou,"
		"notes,source FROM persons WHERE id=?1 AND merged_into IS NULL "
		"AND (?2 IS NULL OR village_id=?2)");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, id);
	if (scope_village)
		sqlite3_bind_int64(st, 2, scope_village);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		person_read_row(st, p);
		p->id = sqlite3_column_int64(st, 0);
		db_copy_col(p->source, sizeof p->source, st, 12);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
}

/* UPDATE one row inside the caller's transaction. */
static int update_row(struct db *db, const struct person *p)
{
	sqlite3_stmt *st = db_prep(
	    db, "UPDATE persons SET name=?1,name_py=?2,sex=?3,doc_type=?4,doc_number=?5,"
		"birth_date=?6,phone=?7,address=?8,village_id=?9,hukou=?10,notes=?11,source=?12,"
		"updated_at=?13 WHERE id=?14 AND merged_into IS NULL");
	if (!st)
		return ST_ERR;
	bind_person(st, p);
	sqlite3_bind_int64(st, 14, p->id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ST_ERR;
	return sqlite3_changes(db_handle(db)) ? ST_OK : ST_NOTFOUND;
}

int person_update(struct db *db, const struct actor *who, const struct person *p, json_t *changed,
		  int64_t *existing)
{
	if (db_begin(db) < 0)
		return ST_ERR;
	*existing = find_doc(db, p, p->id);
	if (*existing) {
		db_rollback(db);
		return *existing < 0 ? ST_ERR : ST_CONFLICT;
	}
	int rc = update_row(db, p);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	json_t *d = json_pack("{s:O}", "fields", changed);
	rc = audit_write(db, who, "person.update", "person", p->id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return ST_ERR;
	}
	return ST_OK;
}

sqlite3_stmt *person_get_row(struct db *db, int64_t id, int64_t scope_village)
{
	sqlite3_stmt *st = db_prep(db, "SELECT " PERSON_COLS " FROM persons p "
				       "LEFT JOIN villages v ON v.id=p.village_id "
				       "WHERE p.id=?1 AND p.merged_into IS NULL "
				       "AND (?2 IS NULL OR p.village_id=?2)");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (scope_village)
		sqlite3_bind_int64(st, 2, scope_village);
	if (sqlite3_step(st) == SQLITE_ROW)
		return st;
	sqlite3_reset(st);
	return NULL;
}

json_t *person_get_json(struct db *db, int64_t id, int64_t scope_village)
{
	sqlite3_stmt *st = person_get_row(db, id, scope_village);
	if (!st)
		return NULL;
	json_t *o = db_row_json(st);
	sqlite3_reset(st);
	return o;
}

/*
 * The list's FROM and WHERE in five forms, each compiled once per sort order:
 * the town or one village (through persons_village), each plain or driven by
 * the candidates person_fts finds for ?7 (see fts_query), and one village
 * driven by person_vfts (see vfts_query); in rowid order so that a page by
 * id stops after its rows.  The row is still checked against
 * the same LIKEs: the index only decides what is read.
 */
#define PW_JOIN " LEFT JOIN villages v ON v.id=p.village_id WHERE p.merged_into IS NULL"
#define PW_TEXT                                                                                    \
	" AND (?2 IS NULL OR p.name LIKE ?2 ESCAPE '\\' OR p.name_py LIKE ?3"                      \
	" OR p.address LIKE ?2 ESCAPE '\\')"                                                       \
	" AND (?4 IS NULL OR p.doc_number LIKE ?4 ESCAPE '\\' OR p.phone LIKE ?4 ESCAPE '\\')"
#define PW_PLAIN " FROM persons p" PW_JOIN
#define PW_FTS                                                                                     \
	" FROM person_fts f JOIN persons p ON p.id=f.rowid" PW_JOIN " AND f.person_fts MATCH ?7"
#define PW_TOWN PW_PLAIN " AND (?1 IS NULL OR p.village_id=?1)" PW_TEXT
#define PW_VILLAGE PW_PLAIN " AND p.village_id=?1" PW_TEXT
#define PW_TOWN_FTS PW_FTS " AND (?1 IS NULL OR p.village_id=?1)" PW_TEXT
#define PW_VILLAGE_FTS PW_FTS " AND +p.village_id=?1" PW_TEXT
#define PW_VILLAGE_VFTS                                                                            \
	" FROM person_vfts f JOIN persons p ON p.id=f.rowid" PW_JOIN                               \
	" AND f.person_vfts MATCH ?7 AND +p.village_id=?1" PW_TEXT
#define PERSON_LIST(w, order) "SELECT " PERSON_COLS w " ORDER BY " order " LIMIT ?5 OFFSET ?6"
#define PERSON_SORTS(w, id)                                                                        \
	{                                                                                          \
		PERSON_LIST(w, id " DESC"), PERSON_LIST(w, id),                                    \
		    PERSON_LIST(w, "p.name_py, p.name, p.id"),                                     \
		    PERSON_LIST(w, "p.name_py DESC, p.name DESC, p.id DESC"),                      \
		    PERSON_LIST(w, "p.village_id, p.id"), PERSON_LIST(w, id)                       \
	}

static const char *const sort_keys[] = {"-created_at", "created_at", "name",
					"-name",       "village",    "id"};
enum { FORM_VFTS = 4 }; /* the forms 0-3: (fts ? 2 : 0) + (village ? 1 : 0) */
static const char *const sort_sql[5][6] = {
    PERSON_SORTS(PW_TOWN, "p.id"), PERSON_SORTS(PW_VILLAGE, "p.id"),
    PERSON_SORTS(PW_TOWN_FTS, "f.rowid"), PERSON_SORTS(PW_VILLAGE_FTS, "f.rowid"),
    PERSON_SORTS(PW_VILLAGE_VFTS, "f.rowid")};
static const char *const count_sql[5] = {
    "SELECT count(*)" PW_TOWN, "SELECT count(*)" PW_VILLAGE, "SELECT count(*)" PW_TOWN_FTS,
    "SELECT count(*)" PW_VILLAGE_FTS, "SELECT count(*)" PW_VILLAGE_VFTS};
/* No filter at all: every row but the merged (persons_merged), without
 * visiting a million rows. */
static const char count_all_sql[] = "SELECT (SELECT count(*) FROM persons) -"
				    " (SELECT count(*) FROM persons WHERE merged_into IS NOT NULL)";
/* An ID or phone fragment across the town: a scan of persons_numbers. */
static const char count_numbers_sql[] =
    "SELECT count(*) FROM persons p INDEXED BY persons_numbers WHERE p.merged_into IS NULL"
    " AND (p.doc_number LIKE ?4 ESCAPE '\\' OR p.phone LIKE ?4 ESCAPE '\\')";
/* One Han character: person_fts holds exactly the persons not merged whose
 * name or address contains it (and the village token), so it counts alone. */
static const char count_exact_sql[] = "SELECT count(*) FROM person_fts WHERE person_fts MATCH ?1";
/* One Han character in one village: likewise from person_vfts. */
static const char count_vexact_sql[] =
    "SELECT count(*) FROM person_vfts WHERE person_vfts MATCH ?1";

/* Length of the UTF-8 character at s and its code point; 0 if invalid. */
static int utf8_char(const unsigned char *s, uint32_t *cp)
{
	int n = s[0] < 0x80		? 1
		: (s[0] & 0xE0) == 0xC0 ? 2
		: (s[0] & 0xF0) == 0xE0 ? 3
		: (s[0] & 0xF8) == 0xF0 ? 4
					: 0;
	if (!n)
		return 0;
	*cp = n == 1 ? s[0] : s[0] & (0x3F >> (n - 1));
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return n;
}

/*
 * The person_fts query for a text search: q as a phrase of its characters in
 * name or address, for an initials query also a prefix of a name_py suffix,
 * and the village's token.  Every row the LIKEs match is among what it finds
 * (a character the tokenizer drops, like "-", is dropped from both sides; it
 * folds case where LIKE folds only ASCII).  0 (use the plain form) when q has
 * no letter, digit or Han character the index surely holds, or is not UTF-8.
 * *exact: q is one Han character, where what it finds is exactly the match.
 */
static int fts_query(const char *q, int pinyin, int64_t village, char *out, size_t n, int *exact)
{
	char phrase[512];
	size_t k = 0, nchars = 0;
	int usable = 0, han = 0;
	for (const unsigned char *s = (const unsigned char *)q; *s;) {
		uint32_t cp;
		int len = utf8_char(s, &cp);
		if (!len || k + (size_t)len + 2 >= sizeof phrase)
			return 0;
		if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z') || (cp >= 0x3400 && cp <= 0x4DBF) ||
		    (cp >= 0x4E00 && cp <= 0x9FFF))
			usable = 1;
		han = (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF);
		nchars++;
		if (cp == '"')
			phrase[k++] = ' ';
		else
			for (int i = 0; i < len; i++)
				phrase[k++] = (char)s[i];
		phrase[k++] = ' ';
		s += len;
	}
	phrase[k] = '\0';
	if (!usable)
		return 0;
	*exact = nchars == 1 && han && !pinyin;
	char text[600];
	if (pinyin) {
		char lower[PINYIN_QUERY_MAX + 1];
		size_t i = 0;
		for (; q[i] && i < PINYIN_QUERY_MAX; i++)
			lower[i] = (char)(q[i] >= 'A' && q[i] <= 'Z' ? q[i] + 32 : q[i]);
		lower[i] = '\0';
		snprintf(text, sizeof text, "(py : \"%s\" *) OR ({name addr} : \"%s\")", lower,
			 phrase);
	} else {
		snprintf(text, sizeof text, "{name addr} : \"%s\"", phrase);
	}
	int w = village ? snprintf(out, n, "(%s) AND v : \"v%lld\"", text, (long long)village)
			: snprintf(out, n, "%s", text);
	return w > 0 && (size_t)w < n;
}

/*
 * The person_vfts query for a text search in one village: every character
 * of q as the token "v<village><character>", all required (a character
 * occurring twice is asked twice: the same token).  Every row the LIKEs
 * match is among what it finds.  0 (use person_fts) when q is not all Han
 * characters.  *exact: q is one character, where what it finds is exactly
 * the match.
 */
static int vfts_query(const char *q, int64_t village, char *out, size_t n, int *exact)
{
	size_t k = 0, nchars = 0;
	for (const unsigned char *s = (const unsigned char *)q; *s;) {
		uint32_t cp;
		int len = utf8_char(s, &cp);
		if (len != 3 || !((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF)))
			return 0; /* 3 bytes: no overlong form, which LIKE would not match */
		int w = snprintf(out + k, n - k, "%s\"v%lld%.*s\"", nchars ? " AND " : "",
				 (long long)village, len, (const char *)s);
		if (w < 0 || (size_t)w >= n - k)
			return 0;
		k += (size_t)w;
		nchars++;
		s += len;
	}
	*exact = nchars == 1;
	return nchars > 0;
}

/* A number fragment: digits, possibly ending in the ID check character X. */
static int is_digits(const char *s)
{
	if (*s < '0' || *s > '9')
		return 0;
	for (; *s; s++)
		if ((*s < '0' || *s > '9') && !((*s == 'X' || *s == 'x') && !s[1]))
			return 0;
	return 1;
}

/* "%q%" with LIKE's wildcards in q escaped, so "%" and "_" match themselves. */
static void like_pattern(const char *q, char *out, size_t n)
{
	size_t k = 0;
	if (n < 3)
		return;
	out[k++] = '%';
	for (; *q && k + 3 < n; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[k++] = '\\';
		out[k++] = *q;
	}
	out[k++] = '%';
	out[k] = '\0';
}

sqlite3_stmt *person_list_page(struct db *db, const struct person_filter *f, int64_t *total)
{
	int sort = 0;
	for (size_t i = 0; f->sort && i < sizeof sort_keys / sizeof sort_keys[0]; i++)
		if (strcmp(f->sort, sort_keys[i]) == 0)
			sort = (int)i;
	char like[300] = "", pylike[300] = "", match[700] = "";
	int numeric = f->q && strlen(f->q) >= 3 && is_digits(f->q);
	int pinyin = 0;
	if (f->q) {
		like_pattern(f->q, like, sizeof like);
		if ((pinyin = pinyin_is_query(f->q))) {
			snprintf(pylike, sizeof pylike, "%%%s%%", f->q);
			for (char *c = pylike; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c + 32);
		}
	}
	int64_t village = f->scope_village ? f->scope_village : f->village_id;
	if (f->scope_village && f->village_id && f->village_id != f->scope_village)
		village = -1; /* asking for another village: nothing */
	int exact = 0, vexact = 0;
	int vfts = f->q && !numeric && !pinyin && village > 0 &&
		   vfts_query(f->q, village, match, sizeof match, &vexact);
	int fts = vfts || (f->q && !numeric && village >= 0 &&
			   fts_query(f->q, pinyin, village, match, sizeof match, &exact));
	int form = vfts ? FORM_VFTS : (fts ? 2 : 0) + (village ? 1 : 0);
	int all = !f->q && !village;
	const char *count = vexact		  ? count_vexact_sql
			    : exact		  ? count_exact_sql
			    : all		  ? count_all_sql
			    : numeric && !village ? count_numbers_sql
						  : count_sql[form];
	sqlite3_stmt *sts[2] = {db_prep(db, count), db_prep(db, sort_sql[form][sort])};
	if (!sts[0] || !sts[1])
		return NULL;
	if (exact || vexact)
		db_bind_text(sts[0], 1, match);
	for (int k = exact || vexact || all; k < 2; k++) {
		if (village)
			sqlite3_bind_int64(sts[k], 1, village);
		if (f->q && !numeric) {
			db_bind_text(sts[k], 2, like);
			db_bind_text(sts[k], 3, pylike[0] ? pylike : "\x01");
		}
		if (numeric)
			db_bind_text(sts[k], 4, like);
		if (fts)
			db_bind_text(sts[k], 7, match);
	}
	sqlite3_bind_int64(sts[1], 5, f->per_page);
	sqlite3_bind_int64(sts[1], 6, (f->page - 1) * f->per_page);
	*total = sqlite3_step(sts[0]) == SQLITE_ROW ? sqlite3_column_int64(sts[0], 0) : 0;
	sqlite3_reset(sts[0]);
	return sts[1];
}

json_t *person_list(struct db *db, const struct person_filter *f)
{
	int64_t total;
	sqlite3_stmt *st = person_list_page(db, f, &total);
	json_t *items = st ? db_rows_json(st) : NULL;
	return items ? json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total) : NULL;
}

json_t *person_reveal(struct db *db, const struct actor *who, int64_t id, int64_t scope_village)
{
	struct person p;
	if (db_begin(db) < 0)
		return NULL;
	if (person_load(db, id, scope_village, &p) != ST_OK) {
		db_rollback(db);
		return NULL;
	}
	json_t *d = json_pack("{s:[ss]}", "fields", "doc_number", "phone");
	int rc = audit_write(db, who, "person.reveal", "person", id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return NULL;
	}
	return json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "doc_number", p.doc_number, "phone",
			 p.phone);
}

#define FILL(f)                                                                                    \
	do {                                                                                       \
		if (!a.f[0] && b.f[0]) {                                                           \
			memcpy(a.f, b.f, sizeof a.f);                                              \
			json_array_append_new(filled, json_string(#f));                            \
		}                                                                                  \
	} while (0)

static int64_t merged_count(struct db *db, int64_t a, int64_t b)
{
	sqlite3_stmt *st = db_prep(db, "SELECT count(*) FROM persons WHERE id IN (?1,?2) AND "
				       "merged_into IS NOT NULL");
	int64_t v = 0;
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

int person_merge(struct db *db, const struct actor *who, int64_t into, int64_t from)
{
	struct person a, b;
	if (into == from)
		return ST_INVALID;
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = person_load(db, into, 0, &a);
	if (rc == ST_OK)
		rc = person_load(db, from, 0, &b);
	if (rc == ST_NOTFOUND && merged_count(db, into, from) > 0)
		rc = ST_INVALID; /* one of them is already merged */
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	json_t *filled = json_array();
	sqlite3_stmt *st = db_prep(db, "UPDATE persons SET merged_into=?1, updated_at=unixepoch()"
				       " WHERE id=?2");
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, into);
	sqlite3_bind_int64(st, 2, from);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	if (!a.doc_number[0] && b.doc_number[0]) { /* the document travels with its type */
		memcpy(a.doc_type, b.doc_type, sizeof a.doc_type);
		memcpy(a.doc_number, b.doc_number, sizeof a.doc_number);
		json_array_append_new(filled, json_string("doc_number"));
	}
	FILL(birth_date);
	FILL(phone);
	FILL(address);
	FILL(hukou);
	FILL(notes);
	if (!a.village_id && b.village_id) {
		a.village_id = b.village_id;
		json_array_append_new(filled, json_string("village_id"));
	}
	if (!a.sex && b.sex)
		a.sex = b.sex;
	if (update_row(db, &a) != ST_OK)
		goto fail;
	json_t *d = json_pack("{s:I,s:O}", "merged_from", (json_int_t)from, "fields", filled);
	rc = audit_write(db, who, "person.merge", "person", into, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0)
		goto fail;
	json_decref(filled);
	return ST_OK;
fail:
	json_decref(filled);
	db_rollback(db);
	return ST_ERR;
}
