/* Screening rules; see screen.h. */
#include "screen.h"

#include <stdio.h>
#include <string.h>

#include "idcard.h"
#include "phone.h"
#include "text.h"

static const char *const results[] = {"放行", "登记后放行", "劝返", "转诊", "转集中观察"};

int screen_result_ok(const char *r)
{
	for (size_t i = 0; r && i < sizeof results / sizeof results[0]; i++)
		if (!strcmp(r, results[i]))
			return 1;
	return 0;
}

static const char *doc_check(struct screen_person *p, int today, int english, char doc_buf[40],
			     const char **message)
{
	char d[64];
	text_normalize(p->doc_number, strlen(p->doc_number), d, sizeof d);
	text_strip_spaces(d);
	size_t dl = strlen(d);
	if ((dl == 18 || dl == 15) && strspn(d, "0123456789xX") == dl) {
		struct idcard id;
		enum idcard_err e = idcard_parse(d, dl, today, &id);
		if (e != IDCARD_OK) {
			*message = idcard_err_message(e, english);
			return idcard_err_code(e);
		}
		snprintf(doc_buf, 40, "%s", id.number);
	} else {
		snprintf(doc_buf, 40, "%s", d);
	}
	p->doc_number = doc_buf[0] ? doc_buf : NULL;
	return NULL;
}

const char *screen_person_check(struct screen_person *p, const struct obs_rules *r, int today,
				int english, char doc_buf[40], char phone_buf[32],
				const char **field, const char **message)
{
	*message = NULL;
	*field = "temp";
	if (!obs_temp_ok(p->temp))
		return "temp_range";
	*field = "method";
	if (p->method < 0 || p->method >= METHOD_COUNT)
		return "method";
	p->fever = obs_is_fever(r, p->method, p->temp);
	*field = "result";
	if (!p->result || !*p->result)
		p->result = p->fever ? "转诊" : "放行";
	if (!screen_result_ok(p->result))
		return "screen_result";
	*field = "doc_number";
	if (p->doc_number && *p->doc_number) {
		const char *bad = doc_check(p, today, english, doc_buf, message);
		if (bad)
			return bad;
	} else {
		p->doc_number = NULL;
	}
	*field = "phone";
	if (p->phone && *p->phone) {
		if (phone_normalize(p->phone, strlen(p->phone), phone_buf, 32) == PHONE_INVALID)
			return "phone";
		p->phone = phone_buf;
	} else {
		p->phone = NULL;
	}
	*field = "result";
	if (p->fever && strcmp(p->result, "转诊") && strcmp(p->result, "转集中观察"))
		return "fever_result";
	*field = "name";
	if (strcmp(p->result, "放行") && (!p->name || !*p->name || (!p->doc_number && !p->phone)))
		return "identity_required";
	*field = "hospital";
	if (!strcmp(p->result, "转诊") && (!p->hospital || !*p->hospital))
		return "hospital_required";
	*field = NULL;
	return NULL;
}

int screen_starts_obs(const struct screen_person *p, int asked)
{
	if (!p->result)
		return 0;
	if (!strcmp(p->result, "转集中观察"))
		return 1;
	return asked && !strcmp(p->result, "转诊");
}

int screen_registry(const struct screen_person *p, const char *checkpoint, int today, int english,
		    struct person *out, struct person_err *err)
{
	char notes[256];
	const char *d = p->doc_number;
	size_t dl = d ? strlen(d) : 0;
	int id_card = (dl == 18 || dl == 15) && strspn(d, "0123456789X") == dl;
	snprintf(notes, sizeof notes, "检疫点登记：%s", checkpoint ? checkpoint : "");
	struct person_in in = {.name = p->name,
			       .doc_type = d ? (id_card ? "id_card" : "other") : NULL,
			       .doc_number = d,
			       .phone = p->phone,
			       .notes = notes,
			       .source = "自排发现",
			       .sex = -1};
	memset(out, 0, sizeof *out);
	return person_validate(&in, today, english, out, err);
}
