/*
 * The route table: every HTTP endpoint, once.  The dispatcher enforces the
 * roles, CSRF, the body limit and the accepted JSON fields declared here;
 * /api/openapi.json is generated from it.  Later modules add lines.
 */
#include "api.h"
#include "core/role.h"

#define KB 1024
#define ADMIN ROLE_ADMIN
#define OFFICE (ROLE_ADMIN | ROLE_COMMANDER | ROLE_OBSERVER)
#define OBS_READ (OFFICE | ROLE_VILLAGE | ROLE_SITE)
#define LISTS (ROLE_ADMIN | ROLE_COMMANDER | ROLE_VERIFIER)
#define MB (1024 * 1024)
#define OBS_WRITE (ROLE_ADMIN | ROLE_OBSERVER | ROLE_VILLAGE | ROLE_SITE)

const struct route api_routes[] = {
    {"GET", "/healthz", api_healthz, 0, 0, 0, NULL, "健康检查"},
    {"GET", "/metrics", api_metrics, 0, 0, 0, NULL, "Prometheus 指标"},
    {"GET", "/api/openapi.json", api_openapi, 0, 0, 0, NULL, "OpenAPI 描述"},

    {"POST", "/api/v1/login", api_login, 0, R_NOCSRF, 4 * KB, "username,password", "登录"},
    {"POST", "/api/v1/logout", api_logout, ROLE_ALL, 0, 1 * KB, "", "退出登录"},
    {"GET", "/api/v1/me", api_me, ROLE_ALL, 0, 0, NULL, "当前用户"},
    {"PUT", "/api/v1/me/password", api_me_password, ROLE_ALL, 0, 4 * KB,
     "old_password,new_password", "修改本人密码"},
    {"GET", "/api/v1/roles", api_roles, ROLE_ALL, 0, 0, NULL, "角色列表"},

    {"GET", "/api/v1/users", api_users_list, ADMIN, 0, 0, NULL, "用户列表"},
    {"POST", "/api/v1/users", api_users_create, ADMIN, 0, 4 * KB,
     "username,name,password,role,village_id,checkpoint_id,site_id", "新建用户"},
    {"PATCH", "/api/v1/users/{id}", api_users_update, ADMIN, 0, 4 * KB,
     "name,role,village_id,checkpoint_id,site_id,disabled", "修改用户（角色、绑定、停用）"},
    {"PUT", "/api/v1/users/{id}/password", api_users_password, ADMIN, 0, 4 * KB, "password",
     "重置用户密码"},
    {"DELETE", "/api/v1/users/{id}/sessions", api_users_end_sessions, ADMIN, 0, 0, NULL,
     "结束用户的全部会话"},
    {"POST", "/api/v1/users/{id}/tokens", api_users_token, ADMIN, 0, 1 * KB, "label,days",
     "为脚本签发访问令牌"},

    {"GET", "/api/v1/villages", api_villages_list, ROLE_ALL, 0, 0, NULL, "村居列表"},
    {"POST", "/api/v1/villages", api_villages_create, ADMIN, 0, 4 * KB, "name,code,type,aliases",
     "新建村居"},
    {"PATCH", "/api/v1/villages/{id}", api_villages_update, ADMIN, 0, 4 * KB,
     "name,code,type,aliases", "修改村居"},

    {"GET", "/api/v1/persons", api_persons_list, ROLE_PERSON_READ, R_PERSONAL, 0, NULL,
     "人员列表与搜索（姓名、拼音首字母、证件号或电话片段）"},
    {"POST", "/api/v1/persons", api_persons_create, ROLE_PERSON_WRITE, R_PERSONAL, 16 * KB,
     "name,sex,doc_type,doc_number,birth_date,phone,address,village_id,hukou,notes,source",
     "登记人员"},
    {"POST", "/api/v1/persons/check", api_persons_check, ROLE_PERSON_WRITE, 0, 4 * KB,
     "doc_type,doc_number,phone,sex,birth_date", "校验证件号与电话（表单即时提示）"},
    {"POST", "/api/v1/persons/merge", api_persons_merge, ADMIN | ROLE_VERIFIER, R_PERSONAL, 1 * KB,
     "into_id,from_id", "合并重复人员"},
    {"GET", "/api/v1/persons/{id}", api_persons_get, ROLE_PERSON_READ, R_PERSONAL, 0, NULL,
     "人员详情（证件号、电话脱敏）"},
    {"PATCH", "/api/v1/persons/{id}", api_persons_update, ROLE_PERSON_WRITE, R_PERSONAL, 16 * KB,
     "name,sex,doc_type,doc_number,birth_date,phone,address,village_id,hukou,notes,source",
     "修改人员"},
    {"POST", "/api/v1/persons/{id}/reveal", api_persons_reveal, ROLE_PERSON_READ, R_PERSONAL,
     1 * KB, "", "查看完整证件号与电话（记入审计）"},

    {"GET", "/api/v1/audit", api_audit_list, ADMIN, 0, 0, NULL, "审计日志"},

    {"GET", "/api/v1/settings", api_settings_get, ROLE_ALL, 0, 0, NULL, "系统设置"},
    {"PUT", "/api/v1/settings", api_settings_put, ADMIN, 0, 4 * KB,
     "office_name,town_name,notice_mask", "修改系统设置"},

    /* medical observation */
    {"GET", "/api/v1/obs/rules", api_obs_rules_list, ROLE_ALL, 0, 0, NULL,
     "医学观察规则（各版本）"},
    {"POST", "/api/v1/obs/rules", api_obs_rules_create, ADMIN, 0, 8 * KB,
     "effective_date,note,period_days,day0,windows,thresholds,symptoms", "新增规则版本"},
    {"GET", "/api/v1/obs/due", api_obs_due, OBS_READ, R_PERSONAL, 0, NULL,
     "当前时段未测温名单、漏测统计（按村居）"},
    {"GET", "/api/v1/obs/release-queue", api_obs_release_queue, OBS_READ, R_PERSONAL, 0, NULL,
     "今日/明日期满名单及能否解除"},
    {"POST", "/api/v1/obs/release-batch", api_obs_release_batch, OFFICE, R_PERSONAL, 64 * KB, "ids",
     "批量解除医学观察"},
    {"GET", "/api/v1/obs/counts", api_obs_counts, OBS_READ | ROLE_VIEWER, 0, 0, NULL,
     "观察人数统计"},
    {"GET", "/api/v1/observations", api_obs_list, OBS_READ, R_PERSONAL, 0, NULL, "医学观察列表"},
    {"POST", "/api/v1/observations", api_obs_start, OBS_WRITE, R_PERSONAL, 4 * KB,
     "person_id,kind,reason,reason_detail,exposure_date,site_id,room_id,bed,worker_id,doctor",
     "开始医学观察"},
    {"GET", "/api/v1/observations/{id}", api_obs_get, OBS_READ, R_PERSONAL, 0, NULL,
     "医学观察详情"},
    {"GET", "/api/v1/observations/{id}/grid", api_obs_grid, OBS_READ, R_PERSONAL, 0, NULL,
     "逐日早晚体温表"},
    {"POST", "/api/v1/observations/{id}/checks", api_obs_check, OBS_WRITE, R_PERSONAL, 4 * KB,
     "at,temp,method,symptoms,visit,note", "录入体温/症状"},
    {"POST", "/api/v1/observations/{id}/transitions", api_obs_transition,
     OBS_WRITE | ROLE_COMMANDER, R_PERSONAL, 4 * KB,
     "action,reason,at,days,site_id,room_id,bed,hospital",
     "状态变更：解除、提前解除、转院、失联、找回、转集中、转居家、延期"},
    {"POST", "/api/v1/observations/{id}/notice", api_obs_notice, OFFICE, R_PERSONAL, 1 * KB, "",
     "出具解除医学观察告知书"},
    {"POST", "/api/v1/observations/{id}/needs", api_needs_create, OBS_WRITE, R_PERSONAL, 4 * KB,
     "category,text", "登记诉求"},
    {"GET", "/api/v1/alerts", api_alerts_list, OBS_READ, R_PERSONAL, 0, NULL, "异常预警列表"},
    {"POST", "/api/v1/alerts/{id}/referral", api_alerts_referral, OBS_WRITE | ROLE_COMMANDER,
     R_PERSONAL, 2 * KB, "hospital,transport,departed_at", "转诊发热门诊"},
    {"POST", "/api/v1/alerts/{id}/outcome", api_alerts_outcome, OFFICE | ROLE_SITE, R_PERSONAL,
     2 * KB, "outcome,note", "转诊结果：排除 / 疑似 / 确诊"},
    {"GET", "/api/v1/sites", api_sites_list, OBS_READ, 0, 0, NULL, "集中观察点列表"},
    {"POST", "/api/v1/sites", api_sites_create, ADMIN | ROLE_OBSERVER, 0, 4 * KB,
     "name,address,capacity,contact,phone,active", "新建观察点"},
    {"GET", "/api/v1/sites/{id}", api_sites_get, OBS_READ, R_PERSONAL, 0, NULL,
     "观察点详情（房间、床位、入住）"},
    {"PATCH", "/api/v1/sites/{id}", api_sites_update, ADMIN | ROLE_OBSERVER, 0, 4 * KB,
     "name,address,capacity,contact,phone,active", "修改观察点"},
    {"POST", "/api/v1/sites/{id}/rooms", api_sites_room_add, ADMIN | ROLE_OBSERVER | ROLE_SITE, 0,
     1 * KB, "number,beds", "新增房间"},
    {"GET", "/api/v1/needs", api_needs_list, OBS_READ, R_PERSONAL, 0, NULL, "诉求列表"},
    {"PATCH", "/api/v1/needs/{id}", api_needs_update, OBS_WRITE, 0, 1 * KB, "status",
     "更新诉求状态"},

    /* key-person lists (协查名单) and verification tasks */
    {"POST", "/api/v1/lists/uploads", api_lists_upload, LISTS, R_PERSONAL | R_RAW_BODY, 100 * MB,
     "", "上传名单文件并预览（?filename=&sheet=&source=）"},
    {"POST", "/api/v1/lists/preview", api_lists_preview, LISTS, R_PERSONAL, 64 * KB,
     "upload_id,sheet,source,mapping", "按修正后的列对应关系重新预览"},
    {"POST", "/api/v1/lists", api_lists_create, LISTS, R_PERSONAL, 64 * KB,
     "upload_id,source,batch,sheet,mapping,deadline_hours,received_at,force,accept_partial,"
     "save_mapping",
     "导入名单：匹配人员、分派村居核查"},
    {"GET", "/api/v1/lists", api_lists_list, LISTS, 0, 0, NULL, "名单列表及核查进度"},
    {"GET", "/api/v1/lists/{id}", api_lists_get, LISTS, 0, 0, NULL, "名单详情：各村居进度"},
    {"GET", "/api/v1/lists/{id}/problems", api_lists_problems, LISTS, R_PERSONAL, 0, NULL,
     "被拒绝和重复的行"},
    {"GET", "/api/v1/lists/{id}/problems.xlsx", api_lists_problems_xlsx, LISTS, R_PERSONAL, 0, NULL,
     "问题行报告（xlsx）"},
    {"GET", "/api/v1/lists/{id}/feedback.xlsx", api_lists_feedback, LISTS, R_PERSONAL, 0, NULL,
     "核查结果反馈表（原表列 + 核查结果；?mask=none 为完整号码）"},
    {"GET", "/api/v1/tasks", api_tasks_list, LISTS | ROLE_VILLAGE, R_PERSONAL, 0, NULL,
     "核查任务（?list=&village=&status=open|done|overdue&q=）"},
    {"GET", "/api/v1/tasks/overdue", api_tasks_overdue, LISTS, 0, 0, NULL, "各村居超时未核查数"},
    {"POST", "/api/v1/tasks/assign", api_tasks_assign, LISTS, 0, 1 * MB, "ids,village_id",
     "把任务分派给村居（批量）"},
    {"POST", "/api/v1/tasks/self-found", api_tasks_self_found, LISTS | ROLE_VILLAGE, R_PERSONAL,
     1 * KB, "person_id", "登记自排发现的人员"},
    {"GET", "/api/v1/tasks/{id}", api_tasks_get, LISTS | ROLE_VILLAGE, R_PERSONAL, 0, NULL,
     "核查任务详情"},
    {"POST", "/api/v1/tasks/{id}/result", api_tasks_result, LISTS | ROLE_VILLAGE, R_PERSONAL,
     4 * KB, "result,whereabouts,note,site_id", "录入核查结果（居家/集中即开始医学观察）"},
    {"POST", "/api/v1/tasks/{id}/same-person", api_tasks_same_person, LISTS, R_PERSONAL, 1 * KB,
     "candidate_id", "确认与候选人员为同一人（合并）"},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
