/*
 * Static web assets: served from the table that tools/embed.sh links into the
 * binary (raw and gzip, sorted by path, looked up by binary search), or from a
 * directory on disk with --web-root for development (vendor files still come
 * from the binary).  ETags make revalidation a 304 without a body.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http.h"
#include "util/xalloc.h"

struct asset {
	const char *path, *mime, *etag;
	const unsigned char *data;
	size_t len;
	const unsigned char *gz;
	size_t gzlen;
};

extern const struct asset fk_assets[];
extern const size_t fk_assets_count;

static const char *web_root;

void static_set_root(const char *dir)
{
	web_root = dir;
}

static const struct asset *find(const char *path)
{
	size_t lo = 0, hi = fk_assets_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(path, fk_assets[mid].path);
		if (c == 0)
			return &fk_assets[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int accepts_gzip(struct req *rq)
{
	const char *ae = req_header(rq, "Accept-Encoding");
	return ae && strstr(ae, "gzip");
}

/* Development: read web/<path> from disk (no "..", no hidden files). */
static int serve_disk(struct req *rq, struct resp *rs, const char *path, const char *mime)
{
	char full[1024];
	if (strstr(path, "..") || strstr(path, "/."))
		return -1;
	int n = snprintf(full, sizeof full, "%s%s", web_root, path);
	if (n < 0 || (size_t)n >= sizeof full)
		return -1;
	FILE *f = fopen(full, "rb");
	if (!f)
		return -1;
	char chunk[8192];
	size_t got;
	buf_reset(&rs->body);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&rs->body, chunk, got);
	fclose(f);
	(void)rq;
	rs->status = 200;
	rs->ctype = mime;
	rs->cache = "no-cache";
	return 0;
}

int static_serve(struct req *rq, struct resp *rs)
{
	const char *path = strcmp(rq->path, "/") == 0 ? "/index.html" : rq->path;
	const struct asset *a = find(path);
	if (web_root && strncmp(path, "/vendor/", 8) != 0) {
		const char *mime = a			  ? a->mime
				   : strstr(path, ".js")  ? "text/javascript; charset=utf-8"
				   : strstr(path, ".css") ? "text/css; charset=utf-8"
							  : "text/html; charset=utf-8";
		if (serve_disk(rq, rs, path, mime) == 0)
			return 0;
	}
	if (!a)
		return -1;
	rs->etag = a->etag;
	rs->cache = strncmp(path, "/vendor/", 8) == 0 ? "public, max-age=86400" : "no-cache";
	rs->ctype = a->mime;
	const char *inm = req_header(rq, "If-None-Match");
	if (inm && strcmp(inm, a->etag) == 0) {
		rs->status = 304;
		return 0;
	}
	rs->status = 200;
	if (accepts_gzip(rq) && a->gzlen < a->len) {
		rs->data = a->gz;
		rs->data_len = a->gzlen;
		rs->encoding = "gzip";
	} else {
		rs->data = a->data;
		rs->data_len = a->len;
	}
	if (!rs->data_len)
		rs->data = "";
	return 0;
}
