/* Message table; see msg.h.  Sorted by code for binary search. */
#include "msg.h"

#include <stdlib.h>
#include <string.h>

struct msg {
	const char *code, *zh, *en;
};

static const struct msg msgs[] = {
    {"account_disabled", "账号已停用，请联系管理员", "This account is disabled"},
    {"account_locked", "连续登录失败次数过多，账号已锁定 15 分钟",
     "Too many failed logins: the account is locked for 15 minutes"},
    {"bad_credentials", "用户名或密码错误", "Wrong user name or password"},
    {"bad_json", "请求内容不是有效的 JSON", "The request body is not valid JSON"},
    {"bad_query", "查询参数无效", "Invalid query parameter"},
    {"body_too_large", "请求内容过大", "Request body too large"},
    {"csrf", "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
     "Missing or invalid CSRF token: reload the page and try again"},
    {"doc_number_required", "请填写证件号码", "Document number is required"},
    {"doc_type", "证件类型无效", "Unknown document type"},
    {"duplicate_doc", "该证件号码已登记", "A person with this document number already exists"},
    {"forbidden", "无权进行此操作", "You are not allowed to do this"},
    {"headers_too_large", "请求头过大", "Request headers too large"},
    {"internal", "服务器内部错误，请稍后重试", "Internal server error, please try again"},
    {"invalid", "请求无效", "Invalid request"},
    {"merge_same", "不能将同一人员合并到自身", "Cannot merge a person into itself"},
    {"method_not_allowed", "不支持该请求方法", "Method not allowed"},
    {"name_required", "请填写姓名", "Name is required"},
    {"name_too_long", "姓名过长", "Name too long"},
    {"not_found", "未找到", "Not found"},
    {"not_json_object", "请求内容必须是 JSON 对象", "The request body must be a JSON object"},
    {"password_long", "密码过长（最多 128 字节）", "Password too long (at most 128 bytes)"},
    {"password_short", "密码至少 8 位", "Password must have at least 8 characters"},
    {"password_username", "密码不能与用户名相同", "Password must differ from the user name"},
    {"password_weak", "密码须同时包含字母和数字", "Password must contain letters and digits"},
    {"password_wrong", "原密码错误", "Current password is wrong"},
    {"phone", "电话号码格式错误（手机 11 位，固话需带区号）",
     "Invalid phone number (11-digit mobile, or landline with area code)"},
    {"role", "角色无效", "Unknown role"},
    {"role_binding", "该角色需要绑定所属单位（村居用户须绑定村居）",
     "This role needs its binding (a village user needs a village)"},
    {"sex", "性别无效", "Invalid sex"},
    {"sex_mismatch", "性别与身份证号不符", "Sex does not match the ID number"},
    {"birth_mismatch", "出生日期与身份证号不符", "Birth date does not match the ID number"},
    {"date", "日期格式错误，应为 YYYY-MM-DD", "Invalid date, expected YYYY-MM-DD"},
    {"too_many_attempts", "该地址登录失败次数过多，请稍后再试",
     "Too many failed logins from this address, try later"},
    {"type_string", "字段必须是字符串", "Field must be a string"},
    {"type_integer", "字段必须是整数", "Field must be an integer"},
    {"unauthorized", "请先登录", "Please log in"},
    {"unknown_field", "包含不支持的字段", "Unknown field"},
    {"user_exists", "用户名已存在", "User name already exists"},
    {"username", "用户名须为 2–32 位字母、数字、下划线或点",
     "User name must be 2–32 letters, digits, _ or ."},
    {"village", "所属村居不存在", "Unknown village"},
    {"village_code", "村居代码须为 12 位统计用区划代码",
     "Village code must be the 12-digit statistical code"},
    {"village_exists", "村居名称或代码已存在", "A village with this name or code exists"},
    {"village_type", "村居类型须为 社区、村 或 其他", "Village type must be 社区, 村 or 其他"},
};

const char *msg_get(const char *code, int english)
{
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
		if (strcmp(msgs[i].code, code) == 0)
			return english ? msgs[i].en : msgs[i].zh;
	return english ? "Invalid request" : "请求无效";
}
