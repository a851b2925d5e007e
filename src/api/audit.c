/* The audit log page's data (admin only). */
#include "api.h"
#include "store/audit.h"

void api_audit_list(struct req *rq, struct resp *rs)
{
	int64_t page, per_page, user_id, from, to;
	if (req_page(rq, rs, &page, &per_page) < 0 ||
	    req_query_int(rq, rs, "user_id", 1, INT64_MAX, 0, &user_id) < 0 ||
	    req_query_int(rq, rs, "from", 0, INT64_MAX, 0, &from) < 0 ||
	    req_query_int(rq, rs, "to", 0, INT64_MAX, 0, &to) < 0)
		return;
	json_t *out = audit_list(rq->db, req_query(rq, "q"), req_query(rq, "action"), user_id, from,
				 to, page, per_page);
	if (!out) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, out);
}
