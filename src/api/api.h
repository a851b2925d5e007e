/*
 * api — the JSON API handlers, one file per resource.  Handlers only
 * translate between HTTP and core/store: no SQL here.  Each is listed once
 * in the route table (routes.c) with its roles, flags, body limit and fields.
 */
#ifndef FK_API_H
#define FK_API_H

#include <jansson.h>

#include "http/http.h"
#include "store/obs.h"

/* meta.c */
void api_healthz(struct req *rq, struct resp *rs);
void api_metrics(struct req *rq, struct resp *rs);
void api_openapi(struct req *rq, struct resp *rs);
/* auth.c */
void api_login(struct req *rq, struct resp *rs);
void api_logout(struct req *rq, struct resp *rs);
void api_me(struct req *rq, struct resp *rs);
void api_me_password(struct req *rq, struct resp *rs);
/* users.c */
void api_users_list(struct req *rq, struct resp *rs);
void api_users_create(struct req *rq, struct resp *rs);
void api_users_update(struct req *rq, struct resp *rs);
void api_users_password(struct req *rq, struct resp *rs);
void api_users_end_sessions(struct req *rq, struct resp *rs);
void api_users_token(struct req *rq, struct resp *rs);
void api_roles(struct req *rq, struct resp *rs);
/* villages.c */
void api_villages_list(struct req *rq, struct resp *rs);
void api_villages_create(struct req *rq, struct resp *rs);
void api_villages_update(struct req *rq, struct resp *rs);
/* persons.c */
void api_persons_list(struct req *rq, struct resp *rs);
void api_persons_create(struct req *rq, struct resp *rs);
void api_persons_get(struct req *rq, struct resp *rs);
void api_persons_update(struct req *rq, struct resp *rs);
void api_persons_reveal(struct req *rq, struct resp *rs);
void api_persons_merge(struct req *rq, struct resp *rs);
void api_persons_check(struct req *rq, struct resp *rs);
/* audit.c */
void api_audit_list(struct req *rq, struct resp *rs);

/* obs.c — medical observation */
void api_obs_rules_list(struct req *rq, struct resp *rs);
void api_obs_rules_create(struct req *rq, struct resp *rs);
void api_obs_list(struct req *rq, struct resp *rs);
void api_obs_start(struct req *rq, struct resp *rs);
void api_obs_get(struct req *rq, struct resp *rs);
void api_obs_grid(struct req *rq, struct resp *rs);
void api_obs_check(struct req *rq, struct resp *rs);
void api_obs_transition(struct req *rq, struct resp *rs);
void api_obs_due(struct req *rq, struct resp *rs);
void api_obs_release_queue(struct req *rq, struct resp *rs);
void api_obs_release_batch(struct req *rq, struct resp *rs);
void api_obs_counts(struct req *rq, struct resp *rs);
void api_obs_notice(struct req *rq, struct resp *rs);
void api_alerts_list(struct req *rq, struct resp *rs);
void api_alerts_referral(struct req *rq, struct resp *rs);
void api_alerts_outcome(struct req *rq, struct resp *rs);
void api_settings_get(struct req *rq, struct resp *rs);
void api_settings_put(struct req *rq, struct resp *rs);
/* sites.c — observation sites, rooms, residents' needs */
void api_sites_list(struct req *rq, struct resp *rs);
void api_sites_get(struct req *rq, struct resp *rs);
void api_sites_create(struct req *rq, struct resp *rs);
void api_sites_update(struct req *rq, struct resp *rs);
void api_sites_room_add(struct req *rq, struct resp *rs);
void api_needs_list(struct req *rq, struct resp *rs);
void api_needs_create(struct req *rq, struct resp *rs);
void api_needs_update(struct req *rq, struct resp *rs);

/* lists.c — key-person lists and verification tasks */
void api_lists_upload(struct req *rq, struct resp *rs);
void api_lists_preview(struct req *rq, struct resp *rs);
void api_lists_create(struct req *rq, struct resp *rs);
void api_lists_list(struct req *rq, struct resp *rs);
void api_lists_get(struct req *rq, struct resp *rs);
void api_lists_problems(struct req *rq, struct resp *rs);
void api_lists_problems_xlsx(struct req *rq, struct resp *rs);
void api_lists_feedback(struct req *rq, struct resp *rs);
void api_tasks_list(struct req *rq, struct resp *rs);
void api_tasks_get(struct req *rq, struct resp *rs);
void api_tasks_assign(struct req *rq, struct resp *rs);
void api_tasks_result(struct req *rq, struct resp *rs);
void api_tasks_same_person(struct req *rq, struct resp *rs);
void api_tasks_self_found(struct req *rq, struct resp *rs);
void api_tasks_overdue(struct req *rq, struct resp *rs);

/* checkpoints.c — joint road checkpoints */
void api_cp_list(struct req *rq, struct resp *rs);
void api_cp_create(struct req *rq, struct resp *rs);
void api_cp_update(struct req *rq, struct resp *rs);
void api_shifts_list(struct req *rq, struct resp *rs);
void api_shifts_create(struct req *rq, struct resp *rs);
void api_shifts_signin(struct req *rq, struct resp *rs);
void api_shifts_signout(struct req *rq, struct resp *rs);
void api_shifts_hours(struct req *rq, struct resp *rs);
void api_screenings_create(struct req *rq, struct resp *rs);
void api_screenings_list(struct req *rq, struct resp *rs);
void api_screenings_import(struct req *rq, struct resp *rs);
void api_cp_lookup(struct req *rq, struct resp *rs);
void api_cp_stats(struct req *rq, struct resp *rs);
void api_flagged_list(struct req *rq, struct resp *rs);
void api_flagged_set(struct req *rq, struct resp *rs);
void api_sightings_list(struct req *rq, struct resp *rs);
void api_cp_alerts_list(struct req *rq, struct resp *rs);
void api_cp_alerts_ack(struct req *rq, struct resp *rs);
void api_sightings_ack(struct req *rq, struct resp *rs);

/* reports.c — daily report and dashboard */
void api_report_daily(struct req *rq, struct resp *rs);
void api_report_send(struct req *rq, struct resp *rs);
void api_report_correct(struct req *rq, struct resp *rs);
void api_report_version(struct req *rq, struct resp *rs);
void api_report_xlsx(struct req *rq, struct resp *rs);
void api_report_layout_get(struct req *rq, struct resp *rs);
void api_report_layout_put(struct req *rq, struct resp *rs);
void api_dashboard(struct req *rq, struct resp *rs);

/* Shared helpers (common.c) */
/* The village a user is confined to (village role), else 0. */
int64_t api_scope_village(const struct req *rq);
/* Reply with the file at `path` (an xlsx) as a download named `name`, and
 * remove the file. */
void api_send_file(struct req *rq, struct resp *rs, const char *path, const char *name);
/* A new empty temporary file; its path in path[64].  -1 on error. */
int api_temp_path(char path[64]);
/* Observation scope: a village user's village, a site user's site. */
struct obs_scope api_obs_scope(const struct req *rq);
/* The user object sent to the browser (id, username, name, role, role_label,
 * village…). */
json_t *api_user_json(struct req *rq, const struct user *u);

#endif
