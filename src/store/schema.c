/*
 * Numbered schema migrations.  migrations[i] brings a database from
 * user_version i to i+1; they run in one transaction each at open.  Never edit
 * a migration that has shipped: add a new one.  SQL keeps to what SQLite and
 * PostgreSQL both accept where practical (STRICT and the triggers aside).
 */
#include "schema.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Migration 7: add (S = "+") or take away (S = "-") the starts and ends of
 * observation row R (NEW or OLD) in report_obs_days; the triggers that do
 * it on every insert, delete and change of the columns the report reads. */
#define OBS_DAYS_ROW(R, S)                                                                         \
	"INSERT INTO report_obs_days VALUES((" #R ".started_at+28800)/86400,"                      \
	"coalesce(" #R ".start_village_id,0)," S "(" #R ".kind='home')," S "(" #R                  \
	".kind='central')," S "(" #R ".reason='密切接触者'),0,0,0,0,0)"                       \
	" ON CONFLICT(village_id,day) DO UPDATE SET start_home=start_home+excluded.start_home,"    \
	"start_central=start_central+excluded.start_central,"                                      \
	"contacts=contacts+excluded.contacts;"                                                     \
	"INSERT INTO report_obs_days SELECT (" #R ".ended_at+28800)/86400,"                        \
	"coalesce(" #R ".start_village_id,0),0,0,0," S "(" #R ".kind='home')," S "(" #R            \
	".kind='central')," S "(" #R ".end_reason IN ('release','release_early'))," S "(" #R       \
	".end_reason='hospital')," S "(coalesce(" #R ".end_reason,'') NOT IN ('release',"          \
	"'release_early','hospital')) WHERE " #R ".ended_at IS NOT NULL"                           \
	" ON CONFLICT(village_id,day) DO UPDATE SET end_home=end_home+excluded.end_home,"          \
	"end_central=end_central+excluded.end_central,released=released+excluded.released,"        \
	"hospital=hospital+excluded.hospital,other_end=other_end+excluded.other_end;"
/* clang-format off */
#define OBS_DAYS_TRIGGERS                                                                          \
	"CREATE TRIGGER report_obs_ins AFTER INSERT ON observations BEGIN "                        \
	OBS_DAYS_ROW(NEW, "+") " END;"                                                             \
	"CREATE TRIGGER report_obs_del AFTER DELETE ON observations BEGIN "                        \
	OBS_DAYS_ROW(OLD, "-") " END;"                                                             \
	"CREATE TRIGGER report_obs_upd AFTER UPDATE OF start_village_id,started_at,ended_at,"      \
	"end_reason,reason,kind ON observations BEGIN "                                            \
	OBS_DAYS_ROW(OLD, "-") OBS_DAYS_ROW(NEW, "+") " END;"
/* clang-format on */

/* The person_fts document of row r (migration 8): name and address with a
 * space after every character; each suffix of 2+ letters of each
 * combination in name_py; "v" and the village id. */
#define FTS_CHARS(x)                                                                               \
	"(SELECT group_concat(substr(" x ",i,1),' ') FROM search_nums"                             \
	" WHERE i BETWEEN 1 AND length(" x "))"
#define FTS_SUFFIXES(x)                                                                            \
	"(SELECT group_concat(substr(" x ",i,instr(substr(" x ",i)||' ',' ')-1),' ')"              \
	" FROM search_nums WHERE i BETWEEN 1 AND length(" x ")-1 AND substr(" x ",i,1)<>' '"       \
	" AND substr(" x ",i+1,1)<>' ')"
#define FTS_DOC(r)                                                                                 \
	FTS_CHARS(r ".name")                                                                       \
	"," FTS_SUFFIXES(r ".name_py") "," FTS_CHARS(r ".address") ",'v'||coalesce(" r             \
								   ".village_id,0)"

/* The person_vfts document of row r (migration 16): the token "v<village
 * id><character>" for each distinct Han character (U+3400-U+4DBF,
 * U+4E00-U+9FFF, the ranges person_list's queries use) of name||address in
 * the order they first occur, comma-separated; NULL if there is none. */
/* clang-format off */
#define VFTS_CHAR(t) "substr(" t ",i,1)"
#define VFTS_TOKENS(t, v)                                                                          \
	"(SELECT group_concat(DISTINCT 'v'||coalesce(" v ",0)||" VFTS_CHAR(t) ")"                 \
	" FROM search_nums WHERE i BETWEEN 1 AND length(" t ")"                                   \
	" AND (unicode(" VFTS_CHAR(t) ") BETWEEN 13312 AND 19903"                                  \
	" OR unicode(" VFTS_CHAR(t) ") BETWEEN 19968 AND 40959))"
#define VFTS_DOC(r) VFTS_TOKENS(r ".name||" r ".address", r ".village_id")
/* clang-format on */

const char *const schema_migrations[] = {
    /* 1: platform — villages, users, sessions, persons, audit, settings */
    "CREATE TABLE settings("
    " key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"

    "CREATE TABLE villages("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " code TEXT NOT NULL UNIQUE,"
    " type TEXT NOT NULL CHECK (type IN ('社区','村','其他')),"
    " aliases TEXT NOT NULL DEFAULT '',"
    " created_at INTEGER NOT NULL) STRICT;"

    "CREATE TABLE users("
    " id INTEGER PRIMARY KEY,"
    " username TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " role TEXT NOT NULL,"
    " village_id INTEGER REFERENCES villages(id),"
    " checkpoint_id INTEGER,"
    " site_id INTEGER,"
    " phone TEXT,"
    " pw_hash TEXT NOT NULL,"
    " disabled INTEGER NOT NULL DEFAULT 0,"
    " failed_logins INTEGER NOT NULL DEFAULT 0,"
    " locked_until INTEGER NOT NULL DEFAULT 0,"
    " created_at INTEGER NOT NULL,"
    " last_login_at INTEGER) STRICT;"

    "CREATE TABLE sessions("
    " token_hash TEXT PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " kind TEXT NOT NULL CHECK (kind IN ('web','token')),"
    " csrf TEXT NOT NULL,"
    " label TEXT NOT NULL DEFAULT '',"
    " addr TEXT NOT NULL DEFAULT '',"
    " created_at INTEGER NOT NULL,"
    " last_seen INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL) STRICT;"
    "CREATE INDEX sessions_user ON sessions(user_id);"

    "CREATE TABLE persons("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " name_py TEXT NOT NULL DEFAULT '',"
    " sex INTEGER NOT NULL DEFAULT 0 CHECK (sex IN (0,1,2,9)),"
    " doc_type TEXT NOT NULL DEFAULT 'id_card',"
    " doc_number TEXT,"
    " birth_date TEXT,"
    " phone TEXT,"
    " address TEXT NOT NULL DEFAULT '',"
    " village_id INTEGER REFERENCES villages(id),"
    " hukou TEXT NOT NULL DEFAULT '',"
    " notes TEXT NOT NULL DEFAULT '',"
    " source TEXT NOT NULL DEFAULT '自排发现',"
    " merged_into INTEGER REFERENCES persons(id),"
    " created_by INTEGER,"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL) STRICT;"
    "CREATE UNIQUE INDEX persons_doc ON persons(doc_type, doc_number)"
    " WHERE doc_number IS NOT NULL AND merged_into IS NULL;"
    "CREATE INDEX persons_village ON persons(village_id, id);"
    "CREATE INDEX persons_phone ON persons(phone);"
    "CREATE INDEX persons_name ON persons(name);"

    "CREATE TABLE audit("
    " id INTEGER PRIMARY KEY,"
    " at INTEGER NOT NULL,"
    " user_id INTEGER,"
    " username TEXT NOT NULL,"
    " role TEXT NOT NULL,"
    " addr TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " entity TEXT NOT NULL,"
    " entity_id INTEGER,"
    " detail TEXT NOT NULL,"
    " trace TEXT NOT NULL,"
    " prev_hash TEXT NOT NULL,"
    " hash TEXT NOT NULL) STRICT;"
    "CREATE INDEX audit_entity ON audit(entity, entity_id);"
    "CREATE INDEX audit_user ON audit(user_id, id);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",

    /* 2: medical observation — rule versions, sites and rooms, observations,
     * their events, checks, alerts/referrals, residents' needs */
    "CREATE TABLE obs_rules("
    " id INTEGER PRIMARY KEY,"
    " version INTEGER NOT NULL UNIQUE,"
    " effective_date TEXT NOT NULL,"
    " rules TEXT NOT NULL,"
    " note TEXT NOT NULL DEFAULT '',"
    " created_by INTEGER,"
    " created_at INTEGER NOT NULL) STRICT;"

    "CREATE TABLE sites("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " address TEXT NOT NULL DEFAULT '',"
    " capacity INTEGER NOT NULL CHECK (capacity >= 0),"
    " contact TEXT NOT NULL DEFAULT '',"
    " phone TEXT NOT NULL DEFAULT '',"
    " active INTEGER NOT NULL DEFAULT 1,"
    " created_at INTEGER NOT NULL) STRICT;"

    "CREATE TABLE rooms("
    " id INTEGER PRIMARY KEY,"
    " site_id INTEGER NOT NULL REFERENCES sites(id),"
    " number TEXT NOT NULL,"
    " beds INTEGER NOT NULL CHECK (beds BETWEEN 1 AND 20),"
    " UNIQUE (site_id, number)) STRICT;"

    "CREATE TABLE observations("
    " id INTEGER PRIMARY KEY,"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " kind TEXT NOT NULL CHECK (kind IN ('home','central')),"
    " status TEXT NOT NULL CHECK (status IN ('active','released','hospital','lost')),"
    " reason TEXT NOT NULL,"
    " reason_detail TEXT NOT NULL DEFAULT '',"
    " exposure_date TEXT NOT NULL,"
    " day1 TEXT NOT NULL,"
    " planned_end TEXT NOT NULL,"
    " extended_days INTEGER NOT NULL DEFAULT 0,"
    " rules_id INTEGER NOT NULL REFERENCES obs_rules(id),"
    " site_id INTEGER REFERENCES sites(id),"
    " room_id INTEGER REFERENCES rooms(id),"
    " bed INTEGER,"
    " worker_id INTEGER REFERENCES users(id),"
    " doctor TEXT NOT NULL DEFAULT '',"
    " first_window INTEGER NOT NULL,"
    " last_check_window INTEGER NOT NULL DEFAULT -1,"
    " last_check_at INTEGER,"
    " started_at INTEGER NOT NULL,"
    " started_by INTEGER,"
    " ended_at INTEGER,"
    " end_reason TEXT,"
    " lost_at INTEGER,"
    " notice_no TEXT,"
    " notice_at INTEGER) STRICT;"
    "CREATE UNIQUE INDEX obs_one_open ON observations(person_id)"
    " WHERE status IN ('active','lost');"
    "CREATE UNIQUE INDEX obs_bed ON observations(room_id, bed)"
    " WHERE status IN ('active','lost') AND kind='central';"
    "CREATE INDEX obs_status_end ON observations(status, planned_end);"
    "CREATE INDEX obs_site ON observations(site_id, status);"

    "CREATE TABLE obs_events("
    " id INTEGER PRIMARY KEY,"
    " obs_id INTEGER NOT NULL REFERENCES observations(id),"
    " at INTEGER NOT NULL,"
    " user_id INTEGER,"
    " username TEXT NOT NULL DEFAULT '',"
    " action TEXT NOT NULL,"
    " from_status TEXT NOT NULL,"
    " to_status TEXT NOT NULL,"
    " reason TEXT NOT NULL DEFAULT '',"
    " detail TEXT NOT NULL DEFAULT '{}') STRICT;"
    "CREATE INDEX obs_events_obs ON obs_events(obs_id, id);"

    "CREATE TABLE checks("
    " id INTEGER PRIMARY KEY,"
    " obs_id INTEGER NOT NULL REFERENCES observations(id),"
    " at INTEGER NOT NULL,"
    " local_date TEXT NOT NULL,"
    " slot INTEGER NOT NULL CHECK (slot IN (0,1)),"
    " in_window INTEGER NOT NULL,"
    " temp INTEGER,"
    " method TEXT NOT NULL,"
    " symptoms TEXT NOT NULL DEFAULT '',"
    " visit TEXT NOT NULL CHECK (visit IN ('ok','refused','absent')),"
    " fever INTEGER NOT NULL DEFAULT 0,"
    " note TEXT NOT NULL DEFAULT '',"
    " recorded_by INTEGER,"
    " created_at INTEGER NOT NULL) STRICT;"
    "CREATE INDEX checks_obs ON checks(obs_id, local_date, slot);"

    "CREATE TABLE alerts("
    " id INTEGER PRIMARY KEY,"
    " obs_id INTEGER NOT NULL REFERENCES observations(id),"
    " check_id INTEGER REFERENCES checks(id),"
    " opened_at INTEGER NOT NULL,"
    " temp INTEGER,"
    " method TEXT NOT NULL DEFAULT '',"
    " symptoms TEXT NOT NULL DEFAULT '',"
    " status TEXT NOT NULL CHECK (status IN ('open','referred','closed')),"
    " hospital TEXT,"
    " transport TEXT,"
    " departed_at INTEGER,"
    " referred_by INTEGER,"
    " outcome TEXT CHECK (outcome IN ('excluded','suspected','confirmed')),"
    " closed_at INTEGER,"
    " closed_by INTEGER,"
    " note TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE INDEX alerts_status ON alerts(status, obs_id);"
    "CREATE INDEX alerts_obs ON alerts(obs_id);"

    "CREATE TABLE needs("
    " id INTEGER PRIMARY KEY,"
    " obs_id INTEGER NOT NULL REFERENCES observations(id),"
    " category TEXT NOT NULL,"
    " text TEXT NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('open','in_progress','handled')),"
    " created_at INTEGER NOT NULL,"
    " created_by INTEGER,"
    " updated_at INTEGER NOT NULL,"
    " updated_by INTEGER) STRICT;"
    "CREATE INDEX needs_obs ON needs(obs_id);"

    "CREATE TABLE notice_seq(year INTEGER PRIMARY KEY, last INTEGER NOT NULL) STRICT;"
    "INSERT INTO obs_rules(version,effective_date,rules,note,created_at) VALUES(1,'2020-01-01',"
    "'{\"period_days\":14,\"day0\":true,"
    "\"windows\":{\"morning\":[\"06:00\",\"12:00\"],\"evening\":[\"16:00\",\"22:00\"]},"
    "\"thresholds\":{\"axillary\":37.3,\"forehead\":37.3,\"ear\":37.5,\"oral\":37.5},"
    "\"symptoms\":[\"发热\",\"咳嗽\",\"乏力\",\"气促\",\"腹泻\",\"咽痛\",\"嗅觉味觉减退\",\"其他\"]"
    "}',"
    "'默认规则（防控方案第五版）',0);",

    /* 3: key-person lists — uploads awaiting commit, saved column mappings
     * per source, lists, their rows as received, verification tasks */
    "CREATE TABLE uploads("
    " id INTEGER PRIMARY KEY,"
    " user_id INTEGER,"
    " filename TEXT NOT NULL,"
    " sha256 TEXT NOT NULL,"
    " size INTEGER NOT NULL,"
    " data BLOB NOT NULL,"
    " created_at INTEGER NOT NULL) STRICT;"

    "CREATE TABLE list_mappings("
    " source TEXT PRIMARY KEY,"
    " mapping TEXT NOT NULL,"
    " updated_at INTEGER NOT NULL,"
    " updated_by INTEGER) STRICT;"

    "CREATE TABLE lists("
    " id INTEGER PRIMARY KEY,"
    " source TEXT NOT NULL,"
    " batch TEXT NOT NULL DEFAULT '',"
    " filename TEXT NOT NULL,"
    " sha256 TEXT NOT NULL,"
    " sheet TEXT NOT NULL DEFAULT '',"
    " header_row INTEGER NOT NULL,"
    " header TEXT NOT NULL,"
    " mapping TEXT NOT NULL,"
    " received_at INTEGER NOT NULL,"
    " deadline_at INTEGER NOT NULL,"
    " rows INTEGER NOT NULL DEFAULT 0,"
    " accepted INTEGER NOT NULL DEFAULT 0,"
    " rejected INTEGER NOT NULL DEFAULT 0,"
    " duplicates INTEGER NOT NULL DEFAULT 0,"
    " created_by INTEGER,"
    " created_at INTEGER NOT NULL) STRICT;"
    "CREATE INDEX lists_sha ON lists(sha256);"

    "CREATE TABLE list_rows("
    " id INTEGER PRIMARY KEY,"
    " list_id INTEGER NOT NULL REFERENCES lists(id),"
    " row_no INTEGER NOT NULL,"
    " cells TEXT NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('accepted','rejected','duplicate')),"
    " problems TEXT NOT NULL DEFAULT '[]',"
    " dup_of INTEGER) STRICT;"
    "CREATE INDEX list_rows_list ON list_rows(list_id, row_no);"

    "CREATE TABLE tasks("
    " id INTEGER PRIMARY KEY,"
    " list_id INTEGER REFERENCES lists(id),"
    " list_row_id INTEGER REFERENCES list_rows(id),"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " village_id INTEGER REFERENCES villages(id),"
    " source TEXT NOT NULL DEFAULT '上级下发',"
    " status TEXT NOT NULL CHECK (status IN ('open','done')),"
    " flag TEXT NOT NULL DEFAULT '',"
    " candidates TEXT NOT NULL DEFAULT '[]',"
    " arrival_date TEXT,"
    " origin TEXT NOT NULL DEFAULT '',"
    " result TEXT,"
    " whereabouts TEXT NOT NULL DEFAULT '',"
    " note TEXT NOT NULL DEFAULT '',"
    " observation_id INTEGER REFERENCES observations(id),"
    " result_at INTEGER,"
    " result_by INTEGER,"
    " deadline_at INTEGER NOT NULL,"
    " assigned_at INTEGER,"
    " assigned_by INTEGER,"
    " created_at INTEGER NOT NULL) STRICT;"
    "CREATE INDEX tasks_village ON tasks(village_id, status, deadline_at);"
    "CREATE INDEX tasks_list ON tasks(list_id, village_id);"
    "CREATE INDEX tasks_person ON tasks(person_id);"
    "CREATE INDEX persons_name_birth ON persons(name, birth_date);",

    /* 4: joint road checkpoints — checkpoints, shifts and who worked them,
     * screenings (one per vehicle or pedestrian) and the persons screened,
     * the day's flagged areas, sightings of persons who should be at home */
    "CREATE TABLE checkpoints("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " location TEXT NOT NULL DEFAULT '',"
    " type TEXT NOT NULL CHECK (type IN ('公路卡口','高速出口','火车站','客运站','其他')),"
    " active INTEGER NOT NULL DEFAULT 1,"
    " created_at INTEGER NOT NULL) STRICT;"

    "CREATE TABLE shifts("
    " id INTEGER PRIMARY KEY,"
    " checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),"
    " starts_at INTEGER NOT NULL,"
    " ends_at INTEGER NOT NULL,"
    " note TEXT NOT NULL DEFAULT '',"
    " created_by INTEGER,"
    " created_at INTEGER NOT NULL,"
    " CHECK (ends_at > starts_at)) STRICT;"
    "CREATE INDEX shifts_cp ON shifts(checkpoint_id, starts_at);"

    "CREATE TABLE shift_staff("
    " id INTEGER PRIMARY KEY,"
    " shift_id INTEGER NOT NULL REFERENCES shifts(id),"
    " user_id INTEGER REFERENCES users(id),"
    " name TEXT NOT NULL,"
    " signed_in_at INTEGER,"
    " signed_out_at INTEGER,"
    " handover TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE INDEX shift_staff_shift ON shift_staff(shift_id);"
    "CREATE INDEX shift_staff_user ON shift_staff(user_id, signed_in_at);"

    "CREATE TABLE screenings("
    " id INTEGER PRIMARY KEY,"
    " client_id TEXT NOT NULL UNIQUE,"
    " checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),"
    " shift_id INTEGER REFERENCES shifts(id),"
    " at INTEGER NOT NULL,"
    " plate TEXT NOT NULL DEFAULT '',"
    " vehicle_type TEXT NOT NULL DEFAULT '',"
    " origin TEXT NOT NULL DEFAULT '',"
    " flagged INTEGER NOT NULL DEFAULT 0,"
    " destination TEXT NOT NULL DEFAULT '',"
    " village_id INTEGER REFERENCES villages(id),"
    " persons INTEGER NOT NULL,"
    " fevers INTEGER NOT NULL,"
    " recorded_by INTEGER,"
    " created_at INTEGER NOT NULL) STRICT;"
    "CREATE INDEX screenings_cp ON screenings(checkpoint_id, at);"
    "CREATE INDEX screenings_at ON screenings(at);"
    "CREATE INDEX screenings_plate ON screenings(plate, at);"

    "CREATE TABLE screened("
    " id INTEGER PRIMARY KEY,"
    " screening_id INTEGER NOT NULL REFERENCES screenings(id),"
    " temp INTEGER NOT NULL,"
    " method TEXT NOT NULL,"
    " fever INTEGER NOT NULL,"
    " name TEXT NOT NULL DEFAULT '',"
    " doc_number TEXT,"
    " phone TEXT,"
    " result TEXT NOT NULL CHECK (result IN ('放行','登记后放行','劝返','转诊','转集中观察')),"
    " note TEXT NOT NULL DEFAULT '',"
    " person_id INTEGER REFERENCES persons(id),"
    " hospital TEXT,"
    " transport TEXT,"
    " observation_id INTEGER REFERENCES observations(id)) STRICT;"
    "CREATE INDEX screened_screening ON screened(screening_id);"
    "CREATE INDEX screened_doc ON screened(doc_number) WHERE doc_number IS NOT NULL;"
    "CREATE INDEX screened_phone ON screened(phone) WHERE phone IS NOT NULL;"

    "CREATE TABLE flagged_areas("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " active INTEGER NOT NULL DEFAULT 1,"
    " created_at INTEGER NOT NULL) STRICT;"

    "CREATE TABLE sightings("
    " id INTEGER PRIMARY KEY,"
    " observation_id INTEGER NOT NULL REFERENCES observations(id),"
    " screening_id INTEGER NOT NULL REFERENCES screenings(id),"
    " at INTEGER NOT NULL,"
    " acknowledged_at INTEGER,"
    " acknowledged_by INTEGER) STRICT;"
    "CREATE INDEX sightings_open ON sightings(acknowledged_at, observation_id);"
    "CREATE INDEX persons_docnum ON persons(doc_number) WHERE doc_number IS NOT NULL;",

    /* 5: daily reports — frozen versions sent upward, the export layout */
    "CREATE TABLE report_versions("
    " id INTEGER PRIMARY KEY,"
    " date TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " figures TEXT NOT NULL,"
    " reason TEXT NOT NULL DEFAULT '',"
    " changes TEXT NOT NULL DEFAULT '[]',"
    " sent_by INTEGER,"
    " sent_by_name TEXT NOT NULL DEFAULT '',"
    " sent_at INTEGER NOT NULL,"
    " UNIQUE (date, version)) STRICT;"
    "CREATE INDEX obs_started ON observations(started_at);"
    "CREATE INDEX obs_ended ON observations(ended_at) WHERE ended_at IS NOT NULL;"
    "CREATE INDEX tasks_created ON tasks(created_at);"
    "CREATE INDEX checks_date ON checks(local_date) WHERE fever=1;"
    "CREATE INDEX alerts_departed ON alerts(departed_at) WHERE departed_at IS NOT NULL;",

    /* 6: the daily observation views at town scale — each observation
     * carries its person's village (kept by triggers), so a village's due
     * list reads that village's observations only; obs_tally keeps the
     * number of observations per village, site, status and kind, so the
     * office counts do not count 200,000 rows; covering indexes for the
     * day's starts, ends and releases */
    "ALTER TABLE observations ADD COLUMN village_id INTEGER;"
    "UPDATE observations SET village_id="
    " (SELECT p.village_id FROM persons p WHERE p.id=observations.person_id);"
    "CREATE INDEX obs_person ON observations(person_id);"
    "CREATE INDEX obs_village ON observations(village_id, status);"
    "DROP INDEX obs_started;"
    "CREATE INDEX obs_started ON observations(started_at, village_id, site_id);"
    "DROP INDEX obs_ended;"
    "CREATE INDEX obs_ended ON observations(ended_at, status, village_id, site_id)"
    " WHERE ended_at IS NOT NULL;"
    "CREATE INDEX obs_active_end ON observations(planned_end, village_id, site_id)"
    " WHERE status='active';"
    "CREATE TRIGGER obs_village_ins AFTER INSERT ON observations BEGIN"
    " UPDATE observations SET village_id="
    " (SELECT p.village_id FROM persons p WHERE p.id=NEW.person_id) WHERE id=NEW.id; END;"
    "CREATE TRIGGER obs_village_person AFTER UPDATE OF person_id ON observations BEGIN"
    " UPDATE observations SET village_id="
    " (SELECT p.village_id FROM persons p WHERE p.id=NEW.person_id) WHERE id=NEW.id; END;"
    "CREATE TRIGGER persons_village_obs AFTER UPDATE OF village_id ON persons"
    " WHEN NEW.village_id IS NOT OLD.village_id BEGIN"
    " UPDATE observations SET village_id=NEW.village_id WHERE person_id=NEW.id; END;"

    "CREATE TABLE obs_tally("
    " village_id INTEGER NOT NULL,"
    " site_id INTEGER NOT NULL,"
    " status TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " n INTEGER NOT NULL,"
    " PRIMARY KEY (village_id, site_id, status, kind)) STRICT, WITHOUT ROWID;"
    "INSERT INTO obs_tally SELECT coalesce(village_id,0), coalesce(site_id,0), status, kind,"
    " count(*) FROM observations GROUP BY 1, 2, 3, 4;"
    "CREATE TRIGGER obs_tally_ins AFTER INSERT ON observations BEGIN"
    " INSERT OR IGNORE INTO obs_tally VALUES(coalesce(NEW.village_id,0),"
    " coalesce(NEW.site_id,0), NEW.status, NEW.kind, 0);"
    " UPDATE obs_tally SET n=n+1 WHERE village_id=coalesce(NEW.village_id,0)"
    " AND site_id=coalesce(NEW.site_id,0) AND status=NEW.status AND kind=NEW.kind; END;"
    "CREATE TRIGGER obs_tally_upd AFTER UPDATE OF village_id, site_id, status, kind"
    " ON observations WHEN NEW.village_id IS NOT OLD.village_id"
    " OR NEW.site_id IS NOT OLD.site_id OR NEW.status IS NOT OLD.status"
    " OR NEW.kind IS NOT OLD.kind BEGIN"
    " UPDATE obs_tally SET n=n-1 WHERE village_id=coalesce(OLD.village_id,0)"
    " AND site_id=coalesce(OLD.site_id,0) AND status=OLD.status AND kind=OLD.kind;"
    " INSERT OR IGNORE INTO obs_tally VALUES(coalesce(NEW.village_id,0),"
    " coalesce(NEW.site_id,0), NEW.status, NEW.kind, 0);"
    " UPDATE obs_tally SET n=n+1 WHERE village_id=coalesce(NEW.village_id,0)"
    " AND site_id=coalesce(NEW.site_id,0) AND status=NEW.status AND kind=NEW.kind; END;"
    "CREATE TRIGGER obs_tally_del AFTER DELETE ON observations BEGIN"
    " UPDATE obs_tally SET n=n-1 WHERE village_id=coalesce(OLD.village_id,0)"
    " AND site_id=coalesce(OLD.site_id,0) AND status=OLD.status AND kind=OLD.kind; END;",

    /* 7: the daily report at scale — an observation keeps the village of
     * its person when it started (start_village_id: a later move does not
     * rewrite past reports); per (village, local day) counts of starts and
     * ends kept by triggers, so a report sums a few thousand rows instead of
     * classifying every observation; covering indexes for the dashboard */
    "ALTER TABLE observations ADD COLUMN start_village_id INTEGER REFERENCES villages(id);"
    "UPDATE observations SET start_village_id=(SELECT village_id FROM persons p WHERE"
    " p.id=observations.person_id);"
    "CREATE TABLE report_obs_days("
    " day INTEGER NOT NULL,"	    /* local date as days since 1970-01-01 */
    " village_id INTEGER NOT NULL," /* start_village_id, 0 = none */
    " start_home INTEGER NOT NULL DEFAULT 0,"
    " start_central INTEGER NOT NULL DEFAULT 0,"
    " contacts INTEGER NOT NULL DEFAULT 0,"
    " end_home INTEGER NOT NULL DEFAULT 0,"
    " end_central INTEGER NOT NULL DEFAULT 0,"
    " released INTEGER NOT NULL DEFAULT 0,"
    " hospital INTEGER NOT NULL DEFAULT 0,"
    " other_end INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (village_id, day)) STRICT, WITHOUT ROWID;"
    "INSERT INTO report_obs_days(day,village_id,start_home,start_central,contacts)"
    " SELECT (started_at+28800)/86400,coalesce(start_village_id,0),count(*) FILTER (WHERE"
    " kind='home'),count(*) FILTER (WHERE kind='central'),count(*) FILTER (WHERE"
    " reason='密切接触者') FROM observations GROUP BY 1,2;"
    "INSERT INTO report_obs_days(day,village_id,end_home,end_central,released,hospital,"
    "other_end) SELECT (ended_at+28800)/86400,coalesce(start_village_id,0),count(*) FILTER"
    " (WHERE kind='home'),count(*) FILTER (WHERE kind='central'),count(*) FILTER (WHERE"
    " end_reason IN ('release','release_early')),count(*) FILTER (WHERE"
    " end_reason='hospital'),count(*) FILTER (WHERE coalesce(end_reason,'') NOT IN"
    " ('release','release_early','hospital')) FROM observations WHERE ended_at IS NOT NULL"
    " GROUP BY 1,2 ON CONFLICT(village_id,day) DO UPDATE SET end_home=excluded.end_home,"
    "end_central=excluded.end_central,released=excluded.released,"
    "hospital=excluded.hospital,other_end=excluded.other_end;"
    /* an observation inserted without its village gets its person's */
    "CREATE TRIGGER report_obs_village AFTER INSERT ON observations"
    " WHEN NEW.start_village_id IS NULL BEGIN UPDATE observations SET"
    " start_village_id=(SELECT village_id FROM persons p WHERE p.id=NEW.person_id)"
    " WHERE id=NEW.id; END;" OBS_DAYS_TRIGGERS
    /* observations whose kind or lost state changed: classified one by one */
    "CREATE INDEX obs_events_report ON obs_events(obs_id, id, action, at)"
    " WHERE action IN ('to_central','to_home','lost','found');"
    /* the ends the report has no column for, named in the reconciliation */
    "CREATE INDEX obs_other_end ON observations(ended_at) WHERE ended_at IS NOT NULL AND"
    " coalesce(end_reason,'') NOT IN ('release','release_early','hospital');"
    /* the dashboard's due tile: those under way not checked in the window
     * (last_check_window below it) are one range of this index */
    "CREATE INDEX obs_due ON observations(status, last_check_window, first_window,"
    " planned_end);"
    /* fevers per day and village without reading the checks (fever is in
     * the index for the planner to see that it covers the query) */
    "DROP INDEX checks_date;"
    "CREATE INDEX checks_fever ON checks(local_date, obs_id, fever) WHERE fever=1;"
    "CREATE INDEX tasks_open_deadline ON tasks(status, deadline_at, list_id);",

    /* 8: person search at town scale — person_fts indexes every person not
     * merged away, kept by triggers: name and address one token per
     * character (any substring, even one Han character, is a phrase query),
     * the pinyin-initials key as the suffixes of 2+ letters of each
     * combination (an initials substring is a prefix query; prefix indexes
     * for 2 and 3 letters), the village as the token "v<id>".  Contentless:
     * it finds candidates, person_list checks them against the row.
     * search_nums numbers the characters (the fields are < 512 bytes).
     * persons_live: a village's list and count without reading its rows. */
    "CREATE INDEX persons_live ON persons(village_id) WHERE merged_into IS NULL;"
    "CREATE TABLE search_nums(i INTEGER PRIMARY KEY) STRICT;"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<1024)"
    " INSERT INTO search_nums SELECT i FROM n;"
    "CREATE VIRTUAL TABLE person_fts USING fts5(name, py, addr, v, content='',"
    " tokenize='unicode61 remove_diacritics 0', prefix='2 3');"
    "INSERT INTO person_fts(rowid,name,py,addr,v) SELECT p.id," FTS_DOC(
	"p") " FROM persons p WHERE p.merged_into IS NULL;"
	     "CREATE TRIGGER person_fts_ins AFTER INSERT ON persons WHEN NEW.merged_into IS NULL"
	     " BEGIN INSERT INTO person_fts(rowid,name,py,addr,v) SELECT NEW.id," FTS_DOC(
		 "NEW") "; END;"
			"CREATE TRIGGER person_fts_upd AFTER UPDATE OF name, name_py, address, "
			"village_id,"
			" merged_into ON persons WHEN NEW.name IS NOT OLD.name OR NEW.name_py IS "
			"NOT"
			" OLD.name_py OR NEW.address IS NOT OLD.address OR NEW.village_id IS NOT"
			" OLD.village_id OR NEW.merged_into IS NOT OLD.merged_into BEGIN"
			" INSERT INTO person_fts(person_fts,rowid,name,py,addr,v) SELECT "
			"'delete',OLD.id," FTS_DOC(
			    "OLD") " WHERE OLD.merged_into IS NULL;"
				   " INSERT INTO person_fts(rowid,name,py,addr,v) SELECT "
				   "NEW.id," FTS_DOC(
				       "NEW") " WHERE NEW.merged_into IS NULL; END;"
					      "CREATE TRIGGER person_fts_del AFTER DELETE ON "
					      "persons WHEN OLD.merged_into IS NULL"
					      " BEGIN INSERT INTO "
					      "person_fts(person_fts,rowid,name,py,addr,v) SELECT "
					      "'delete',"
					      "OLD.id," FTS_DOC("OLD") "; END;",

    /* 9: the town's unfiltered person count as all rows (SQLite counts an
     * index's pages) less the merged ones, which this index holds */
    "CREATE INDEX persons_merged ON persons(merged_into) WHERE merged_into IS NOT NULL;",

    /* 10: a search by ID or phone fragment across the town reads this index
     * (~40 MB) instead of the persons table (~700 MB) */
    "CREATE INDEX persons_numbers ON persons(doc_number, phone) WHERE merged_into IS NULL;",

    /* 11: the daily report's list-task figures from the indexes alone: the
     * tasks created by a day's end with the columns the figures need (a
     * list's tasks share their creation time, so a list import appends to
     * this index as it did to the narrower one), those verified by then */
    "DROP INDEX tasks_created;"
    "CREATE INDEX tasks_created ON tasks(created_at, village_id, source, arrival_date,"
    " deadline_at, result_at);"
    "CREATE INDEX tasks_result ON tasks(result_at, village_id) WHERE result_at IS NOT NULL;",

    /* 12: a village's due list from obs_village alone: the columns its pass
     * over the village's active observations reads (no row per observation) */
    "DROP INDEX obs_village;"
    "CREATE INDEX obs_village ON observations(village_id, status, day1, planned_end,"
    " first_window, last_check_window, rules_id, site_id);",

    /* 13: a fever at a checkpoint is an alert the commander sees at once and
     * acknowledges, with the referral (hospital, transport, when the person
     * left); village_id is the person's village (else the destination) for
     * a village worker's scope; the observation it started, if any */
    "CREATE TABLE cp_alerts("
    " id INTEGER PRIMARY KEY,"
    " screened_id INTEGER NOT NULL UNIQUE REFERENCES screened(id),"
    " screening_id INTEGER NOT NULL REFERENCES screenings(id),"
    " checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),"
    " village_id INTEGER REFERENCES villages(id),"
    " opened_at INTEGER NOT NULL,"
    " temp INTEGER NOT NULL,"
    " method TEXT NOT NULL,"
    " hospital TEXT,"
    " transport TEXT,"
    " referred_at INTEGER,"
    " observation_id INTEGER REFERENCES observations(id),"
    " acknowledged_at INTEGER,"
    " acknowledged_by INTEGER REFERENCES users(id),"
    " note TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE INDEX cp_alerts_open ON cp_alerts(acknowledged_at, opened_at);"
    "CREATE INDEX cp_alerts_cp ON cp_alerts(checkpoint_id, opened_at);",

    /* 14: checkpoint lookups and entries (issue 6).  A person by phone from
     * the index alone: with merged_into in it the lookup no longer reads the
     * person's row of the 700 MB table (p99 4.6 -> 0.2 ms, cold).  The
     * result check of screened as comparisons: an IN list of five values
     * builds a temporary b-tree on every insert, a third of an entry's
     * write.  The CHECK is rewritten in the stored schema, the way SQLite's
     * ALTER TABLE page describes for CHECK constraints (no table copy; the
     * rows already satisfy it, it is the same rule); RESET reloads the
     * schema and the index statements change the schema cookie, so other
     * connections reload it too. */
    "PRAGMA writable_schema=ON;"
    "UPDATE sqlite_schema SET sql=replace(sql,"
    "'CHECK (result IN (''放行'',''登记后放行'',''劝返'',''转诊'',''转集中观察''))',"
    "'CHECK (result=''放行'' OR result=''登记后放行'' OR result=''劝返'' OR"
    " result=''转诊'' OR result=''转集中观察'')') WHERE type='table' AND name='screened';"
    "PRAGMA writable_schema=RESET;"
    "DROP INDEX persons_phone;"
    "CREATE INDEX persons_phone ON persons(phone, merged_into);",

    /* 15: two person indexes that no query needs, and that every person
     * inserted pays for (a million-row list inserts ~500,000): persons_name
     * is the prefix of persons_name_birth, which serves name= equally, and
     * a lookup by doc_number alone is of live persons, which
     * persons_numbers serves (persons_docnum was not chosen by the planner
     * even while it existed) */
    "DROP INDEX persons_name;"
    "DROP INDEX persons_docnum;",

    /* 16: a village's search for Han characters — the list page of a village
     * worker looking for a surname — from its own index: person_vfts holds
     * per person not merged one token per (village, Han character of name or
     * address), so "陈 in village 5" is one doclist ("v5陈", ~1,300 persons
     * on the 1M town) instead of the intersection of all 40,000 陈 with the
     * village's 30,000 persons that person_fts needs (~20 M instructions a
     * count).  detail=none: rowids only (~24 MB on the 1M town).  The ascii
     * tokenizer takes the tokens as written (bytes above 0x7f are token
     * characters, the comma separates), and costs less than unicode61.  The
     * person_fts triggers keep their names (a list import drops and restores
     * person_fts_ins) and now keep both indexes. */
    /* clang-format off */
    "CREATE VIRTUAL TABLE person_vfts USING fts5(vc, content='', detail=none, tokenize='ascii');"
    "INSERT INTO person_vfts(rowid,vc) SELECT p.id,fk_fts_vchars(p.name||p.address,p.village_id)"
    " FROM persons p WHERE p.merged_into IS NULL;"
    "DROP TRIGGER person_fts_ins;"
    "DROP TRIGGER person_fts_upd;"
    "DROP TRIGGER person_fts_del;"
    "CREATE TRIGGER person_fts_ins AFTER INSERT ON persons WHEN NEW.merged_into IS NULL BEGIN"
    " INSERT INTO person_fts(rowid,name,py,addr,v) SELECT NEW.id," FTS_DOC("NEW") ";"
    " INSERT INTO person_vfts(rowid,vc) SELECT NEW.id," VFTS_DOC("NEW") "; END;"
    "CREATE TRIGGER person_fts_upd AFTER UPDATE OF name, name_py, address, village_id,"
    " merged_into ON persons WHEN NEW.name IS NOT OLD.name OR NEW.name_py IS NOT"
    " OLD.name_py OR NEW.address IS NOT OLD.address OR NEW.village_id IS NOT"
    " OLD.village_id OR NEW.merged_into IS NOT OLD.merged_into BEGIN"
    " INSERT INTO person_fts(person_fts,rowid,name,py,addr,v) SELECT 'delete',OLD.id,"
    FTS_DOC("OLD") " WHERE OLD.merged_into IS NULL;"
    " INSERT INTO person_vfts(person_vfts,rowid,vc) SELECT 'delete',OLD.id,"
    VFTS_DOC("OLD") " WHERE OLD.merged_into IS NULL;"
    " INSERT INTO person_fts(rowid,name,py,addr,v) SELECT NEW.id," FTS_DOC("NEW")
    " WHERE NEW.merged_into IS NULL;"
    " INSERT INTO person_vfts(rowid,vc) SELECT NEW.id," VFTS_DOC("NEW")
    " WHERE NEW.merged_into IS NULL; END;"
    "CREATE TRIGGER person_fts_del AFTER DELETE ON persons WHEN OLD.merged_into IS NULL"
    " BEGIN INSERT INTO person_fts(person_fts,rowid,name,py,addr,v) SELECT 'delete',"
    "OLD.id," FTS_DOC("OLD") ";"
    " INSERT INTO person_vfts(person_vfts,rowid,vc) SELECT 'delete',OLD.id,"
    VFTS_DOC("OLD") "; END;",
    /* clang-format on */

    /* 17: how many rows of a list were imported with a warning (存疑: a phone
     * left empty, an odd date), counted at import like the rejected and
     * duplicate rows, so the list page offers the problem report for them
     * without reading the list's rows */
    "ALTER TABLE lists ADD COLUMN doubtful INTEGER NOT NULL DEFAULT 0;"
    "UPDATE lists SET doubtful=(SELECT count(*) FROM list_rows r WHERE r.list_id=lists.id AND"
    " r.status='accepted' AND r.problems<>'[]');",
};

const char schema_person_fts_fill[] =
    "INSERT INTO person_fts(rowid,name,py,addr,v) SELECT p.id,fk_fts_chars(p.name),"
    "fk_fts_suffixes(p.name_py),fk_fts_chars(p.address),'v'||coalesce(p.village_id,0)"
    " FROM persons p WHERE p.id>=?1 AND p.id<?2 AND p.merged_into IS NULL ORDER BY p.id";

const char schema_person_vfts_fill[] =
    "INSERT INTO person_vfts(rowid,vc) SELECT p.id,fk_fts_vchars(p.name||p.address,p.village_id)"
    " FROM persons p WHERE p.id>=?1 AND p.id<?2 AND p.merged_into IS NULL ORDER BY p.id";

const char schema_fts_chars_sql[] = FTS_CHARS("p.x");
const char schema_fts_suffixes_sql[] = FTS_SUFFIXES("p.x");
const char schema_fts_vchars_sql[] = VFTS_TOKENS("p.x", "p.v");

/* SQLite's character step (SQLITE_SKIP_UTF8): a lead byte of 0xc0 or more
 * takes the continuation bytes after it, any other byte is one character;
 * length() and substr() count characters this way. */
static const unsigned char *next_char(const unsigned char *z)
{
	if (*z++ >= 0xc0)
		while ((*z & 0xc0) == 0x80)
			z++;
	return z;
}

/* fk_fts_chars(x): FTS_CHARS(x) — every character of x, a space between
 * them; NULL for an empty or NULL x (group_concat of no rows) */
static void fts_chars(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *z = sqlite3_value_text(argv[0]);
	if (!z || !*z)
		return;
	size_t n = strlen((const char *)z);
	unsigned char *out = sqlite3_malloc64(n * 2 + 1), *o = out;
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	while (*z) {
		const unsigned char *e = next_char(z);
		if (o != out)
			*o++ = ' ';
		memcpy(o, z, (size_t)(e - z));
		o += e - z;
		z = e;
	}
	sqlite3_result_text(ctx, (const char *)out, (int)(o - out), sqlite3_free);
}

/* fk_fts_suffixes(x): FTS_SUFFIXES(x) — for each character i that is not
 * a space and is followed by one that is not a space either, the text from
 * i to the next space; joined by spaces; NULL if there is none */
static void fts_suffixes(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *z = sqlite3_value_text(argv[0]);
	if (!z || !*z)
		return;
	unsigned char *out = NULL, *o = NULL;
	size_t len = 0;
	/* pass 0 measures, pass 1 writes */
	for (int pass = 0; pass < 2; pass++) {
		for (const unsigned char *p = z; *p; p = next_char(p)) {
			const unsigned char *q = next_char(p);
			if (*p == ' ' || !*q || *q == ' ')
				continue;
			/* substr(x,i,instr(substr(x,i)||' ',' ')-1): instr counts a
			 * character as any byte and the continuation bytes after it,
			 * substr as next_char does (the same for valid UTF-8) */
			int k = 0;
			for (const unsigned char *h = p; *h && *h != ' '; k++)
				do
					h++;
				while ((*h & 0xc0) == 0x80);
			const unsigned char *e = p;
			while (k-- > 0 && *e)
				e = next_char(e);
			if (!pass) {
				len += (len ? 1 : 0) + (size_t)(e - p);
				continue;
			}
			if (o != out)
				*o++ = ' ';
			memcpy(o, p, (size_t)(e - p));
			o += e - p;
		}
		if (!len)
			return;
		if (!pass && !(o = out = sqlite3_malloc64(len))) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	sqlite3_result_text(ctx, (const char *)out, (int)(o - out), sqlite3_free);
}

/* unicode() of the character at z (SQLite's sqlite3Utf8Read: a lead byte's
 * bits and those of every continuation byte after it; U+FFFD for what is
 * not a character) */
static uint32_t char_code(const unsigned char *z)
{
	static const unsigned char trans1[64] = {
	    0,	1,  2,	3,  4,	5,  6,	7,  8,	9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
	    22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 0,	1,  2,	3,  4,	5,  6,	7,  8,	9,  10, 11,
	    12, 13, 14, 15, 0,	1,  2,	3,  4,	5,  6,	7,  0,	1,  2,	3,  0,	1,  0,	0};
	uint32_t c = *z++;
	if (c < 0xc0)
		return c;
	c = trans1[c - 0xc0];
	while ((*z & 0xc0) == 0x80)
		c = (c << 6) + (0x3f & *z++);
	if (c < 0x80 || (c & 0xFFFFF800) == 0xD800 || (c & 0xFFFFFFFE) == 0xFFFE)
		c = 0xFFFD;
	return c;
}

/* fk_fts_vchars(x, v): VFTS_TOKENS(x, v) — "v<v><c>" for each distinct
 * character c of the first 1,024 of x (search_nums) in U+3400-U+4DBF or
 * U+4E00-U+9FFF, in the order of first occurrence, comma-separated; NULL
 * if there is none */
static void fts_vchars(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *z = sqlite3_value_text(argv[0]);
	if (!z)
		return;
	char pre[24];
	int np = snprintf(pre, sizeof pre, "v%lld", (long long)sqlite3_value_int64(argv[1]));
	size_t n = strlen((const char *)z);
	/* at most one token per character: n characters of n bytes */
	unsigned char *out = sqlite3_malloc64(n * ((size_t)np + 2) + 1), *o = out;
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	const unsigned char *start = z;
	for (int i = 0; *z && i < 1024; i++) {
		const unsigned char *e = next_char(z);
		uint32_t c = char_code(z);
		size_t len = (size_t)(e - z);
		int seen = !((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF));
		/* DISTINCT: the same bytes earlier */
		for (const unsigned char *p = start; !seen && p < z; p = next_char(p))
			seen = (size_t)(next_char(p) - p) == len && !memcmp(p, z, len);
		if (!seen) {
			if (o != out)
				*o++ = ',';
			memcpy(o, pre, (size_t)np);
			memcpy(o + np, z, len);
			o += (size_t)np + len;
		}
		z = e;
	}
	if (o == out) {
		sqlite3_free(out);
		return;
	}
	sqlite3_result_text(ctx, (const char *)out, (int)(o - out), sqlite3_free);
}

int schema_functions(sqlite3 *h)
{
	const int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	if (sqlite3_create_function(h, "fk_fts_chars", 1, f, NULL, fts_chars, NULL, NULL) !=
		SQLITE_OK ||
	    sqlite3_create_function(h, "fk_fts_suffixes", 1, f, NULL, fts_suffixes, NULL, NULL) !=
		SQLITE_OK ||
	    sqlite3_create_function(h, "fk_fts_vchars", 2, f, NULL, fts_vchars, NULL, NULL) !=
		SQLITE_OK)
		return -1;
	return 0;
}

const int schema_count = (int)(sizeof schema_migrations / sizeof schema_migrations[0]);
