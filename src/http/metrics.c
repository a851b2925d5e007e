/*
 * Prometheus metrics: requests by route and status, a latency histogram,
 * open sessions and database size.  Counters are relaxed atomics in fixed
 * arrays indexed by route and status code, so recording costs a few
 * nanoseconds and never takes a lock.
 */
#include <stdatomic.h>
#include <stdint.h>

#include "http.h"

#define MAX_ROUTES 256
#define SLOT_STATIC MAX_ROUTES /* requests that matched no API route */
#define NSTATUS 600

static const double bounds_ms[] = {0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000};
#define NBOUNDS (sizeof bounds_ms / sizeof bounds_ms[0])

static _Atomic uint64_t counts[MAX_ROUTES + 1][NSTATUS];
static _Atomic uint64_t hist[NBOUNDS + 1];
static _Atomic uint64_t sum_us;

void metrics_record(int route_index, unsigned status, double ms)
{
	int slot = route_index >= 0 && route_index < MAX_ROUTES ? route_index : SLOT_STATIC;
	if (status < NSTATUS)
		atomic_fetch_add_explicit(&counts[slot][status], 1, memory_order_relaxed);
	size_t b = 0;
	while (b < NBOUNDS && ms > bounds_ms[b])
		b++;
	atomic_fetch_add_explicit(&hist[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&sum_us, (uint64_t)(ms * 1000), memory_order_relaxed);
}

void metrics_render(struct db *db, struct buf *out)
{
	buf_adds(out, "# HELP fangkong_http_requests_total HTTP requests by route and status.\n"
		      "# TYPE fangkong_http_requests_total counter\n");
	for (int r = 0; r <= MAX_ROUTES; r++) {
		if (r < MAX_ROUTES && (size_t)r >= api_route_count)
			continue;
		for (unsigned s = 100; s < NSTATUS; s++) {
			uint64_t n = atomic_load_explicit(&counts[r][s], memory_order_relaxed);
			if (!n)
				continue;
			if (r == SLOT_STATIC)
				buf_addf(out,
					 "fangkong_http_requests_total{route=\"static\",status=\"%"
					 "u\"} %llu\n",
					 s, (unsigned long long)n);
			else
				buf_addf(
				    out,
				    "fangkong_http_requests_total{route=\"%s %s\",status=\"%u\"} "
				    "%llu\n",
				    api_routes[r].method, api_routes[r].path, s,
				    (unsigned long long)n);
		}
	}
	buf_adds(out, "# HELP fangkong_http_request_duration_seconds Request latency.\n"
		      "# TYPE fangkong_http_request_duration_seconds histogram\n");
	uint64_t cum = 0;
	for (size_t b = 0; b <= NBOUNDS; b++) {
		cum += atomic_load_explicit(&hist[b], memory_order_relaxed);
		if (b < NBOUNDS)
			buf_addf(out,
				 "fangkong_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
				 bounds_ms[b] / 1000, (unsigned long long)cum);
		else
			buf_addf(
			    out,
			    "fangkong_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
			    (unsigned long long)cum);
	}
	buf_addf(out, "fangkong_http_request_duration_seconds_sum %.6f\n",
		 (double)atomic_load(&sum_us) / 1e6);
	buf_addf(out, "fangkong_http_request_duration_seconds_count %llu\n",
		 (unsigned long long)cum);
	buf_addf(out,
		 "# HELP fangkong_sessions_open Open (unexpired) sessions.\n"
		 "# TYPE fangkong_sessions_open gauge\nfangkong_sessions_open %lld\n",
		 (long long)session_count(db));
	buf_addf(out,
		 "# HELP fangkong_db_size_bytes Database file size.\n"
		 "# TYPE fangkong_db_size_bytes gauge\nfangkong_db_size_bytes %lld\n",
		 (long long)db_size(db));
}
