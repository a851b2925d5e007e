/* Current time and local dates; see clock.h. */
#include "clock.h"

#include <stdlib.h>
#include <time.h>

#include "num.h"

int64_t clock_now(void)
{
	const char *pin = getenv("FANGKONG_NOW");
	int64_t t;
	if (pin && num_parse(pin, 0, INT64_C(1) << 40, &t) == 0)
		return t;
	return (int64_t)time(NULL);
}

int clock_local_date(int64_t t)
{
	time_t lt = (time_t)(t + CLOCK_TZ_OFFSET);
	struct tm tm;
	gmtime_r(&lt, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int clock_today(void)
{
	return clock_local_date(clock_now());
}
