/* Role names and labels; see role.h. */
#include "role.h"

#include <string.h>

const char *const role_names[] = {"admin",	"commander", "verifier", "observer", "village",
				  "checkpoint", "site",	     "finance",	 "viewer",   NULL};
static const char *const labels_zh[] = {"系统管理员",	  "指挥部",	  "信息核查组",
					"医学观察组",	  "村居工作人员", "检疫点工作人员",
					"留观点工作人员", "财务物资组",	  "领导（只读）"};
static const char *const labels_en[] = {"Administrator", "Commander", "Verifier",
					"Observer",	 "Village",   "Checkpoint",
					"Site staff",	 "Finance",   "Viewer (read-only)"};

unsigned role_from_name(const char *name)
{
	for (int i = 0; name && role_names[i]; i++)
		if (strcmp(name, role_names[i]) == 0)
			return 1u << i;
	return 0;
}

static int role_index(unsigned role)
{
	if (role == 0 || (role & (role - 1)) || role > ROLE_VIEWER)
		return -1;
	return __builtin_ctz(role);
}

const char *role_name(unsigned role)
{
	int i = role_index(role);
	return i < 0 ? NULL : role_names[i];
}

const char *role_label(unsigned role, int english)
{
	int i = role_index(role);
	if (i < 0)
		return NULL;
	return english ? labels_en[i] : labels_zh[i];
}
