/*
 * The route table: every HTTP endpoint, once.  The dispatcher enforces the
 * roles, CSRF, the body limit and the accepted JSON fields declared here;
 * /api/openapi.json is generated from it.  Later modules add lines.
 */
#include "api.h"
#include "core/role.h"

#define KB 1024
#define ADMIN ROLE_ADMIN

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
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
