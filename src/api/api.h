/*
 * api — the JSON API handlers, one file per resource.  Handlers only
 * translate between HTTP and core/store: no SQL here.  Each is listed once
 * in the route table (routes.c) with its roles, flags, body limit and fields.
 */
#ifndef FK_API_H
#define FK_API_H

#include <jansson.h>

#include "http/http.h"

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

/* Shared helpers (common.c) */
/* The village a user is confined to (village role), else 0. */
int64_t api_scope_village(const struct req *rq);
/* The user object sent to the browser (id, username, name, role, role_label,
 * village…). */
json_t *api_user_json(struct req *rq, const struct user *u);

#endif
