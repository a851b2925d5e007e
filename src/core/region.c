/*
 * GB/T 2260 code to name, by binary search over the generated table in
 * build/gen/region_data.c (about 3,400 sorted codes; a dozen comparisons per
 * lookup, called once per imported ID).
 */
#include "region.h"

#include <stddef.h>

/* Defined in build/gen/region_data.c; region_codes is sorted ascending. */
extern const int region_codes[];
extern const char *const region_names[];
extern const size_t region_count;

int region_lookup(const char code6[6], const char **name)
{
	int code = 0;
	size_t lo = 0, hi = region_count;

	if (name)
		*name = NULL;
	if (!code6)
		return 0;
	for (int i = 0; i < 6; i++) {
		if (code6[i] < '0' || code6[i] > '9')
			return 0;
		code = code * 10 + (code6[i] - '0');
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (region_codes[mid] == code) {
			if (name)
				*name = region_names[mid];
			return 1;
		}
		if (region_codes[mid] < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
