/*
 * Route matching over the one route table (src/api/routes.c).  About a
 * hundred routes at most: a linear scan comparing path segments costs well
 * under a microsecond, less than any index would save.
 */
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "util/num.h"

/* Match one pattern against a path; fills params. */
static int path_match(const char *pat, const char *path, int64_t *params)
{
	int np = 0;
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++, path++;
		const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
		size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl > 1 && pat[0] == '{') {
			int64_t v;
			if (np >= PATH_PARAMS || num_parse_i64(path, sl, 1, INT64_MAX, &v) < 0)
				return 0;
			params[np++] = v;
		} else if (pl != sl || memcmp(pat, path, pl) != 0) {
			return 0;
		}
		pat += pl, path += sl;
	}
	return *pat == '\0' && *path == '\0';
}

/* The pattern's literal start (up to its first parameter) begins the path:
 * most routes fail here within a few characters, before path_match splits
 * segments. */
static int prefix_ok(const char *pat, const char *path)
{
	for (; *pat && *pat != '{'; pat++, path++)
		if (*pat != *path)
			return 0;
	return 1;
}

const struct route *router_match(const char *method, const char *path, int64_t *params,
				 int *wrong_method)
{
	int64_t tmp[PATH_PARAMS];
	*wrong_method = 0;
	for (size_t i = 0; i < api_route_count; i++) {
		const struct route *r = &api_routes[i];
		if (!prefix_ok(r->path, path) || !path_match(r->path, path, tmp))
			continue;
		int same = strcmp(r->method, method) == 0 ||
			   (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0);
		if (!same) {
			*wrong_method = 1;
			continue;
		}
		memcpy(params, tmp, sizeof tmp);
		*wrong_method = 0;
		return r;
	}
	return NULL;
}

void router_allow(const char *path, char *out, size_t outsz)
{
	int64_t tmp[PATH_PARAMS];
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < api_route_count; i++) {
		if (!path_match(api_routes[i].path, path, tmp))
			continue;
		size_t need = (n ? 2 : 0) + strlen(api_routes[i].method);
		if (need >= outsz - n)
			break; /* never leave half a method name */
		snprintf(out + n, outsz - n, "%s%s", n ? ", " : "", api_routes[i].method);
		n += need;
	}
}

int route_field_ok(const char *fields, const char *field, size_t len)
{
	const char *p = fields;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == len && memcmp(p, field, len) == 0)
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}
