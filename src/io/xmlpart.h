/*
 * xmlpart — one XML part of a zip (an XLSX's workbook, styles, shared
 * strings, sheets) through expat, inflated straight into expat's own buffer
 * so a part is never held whole.  Internal to src/io.
 *
 * DTDs are refused (no legitimate part has one, and they are how entity
 * bombs get in).  Namespaces are not processed: handlers see names as
 * written ("x:row") and use xmlpart_local() to drop the prefix.
 */
#ifndef FK_XMLPART_H
#define FK_XMLPART_H

#include <expat.h>

#include "io/zipread.h"

/* Every expat user-data struct handed to xmlpart_run starts with this. */
struct xmlpart {
	XML_Parser p;
	struct sheet_error *err;
	int stop; /* 0 parsing, 1 caller stopped, 2 done early, -1 error */
};

/* Parse zip entry `entry` of `z` with the handlers (cd may be NULL); `h` is
 * their user data.  0 when parsed to the end or stopped as done (2), 1 when
 * stopped with 1, -1 on error (err set, or set by the handler that stopped). */
int xmlpart_run(struct xmlpart *h, struct zipread *z, int entry, struct sheet_error *err,
		XML_StartElementHandler st, XML_EndElementHandler en, XML_CharacterDataHandler cd);
/* Stop the parse from a handler with a result (see above); the first wins. */
void xmlpart_stop(struct xmlpart *h, int rc);
/* "x:row" → "row".  Inline: it runs for every element of a sheet. */
static inline const char *xmlpart_local(const char *name)
{
	for (const char *p = name; *p; p++)
		if (*p == ':')
			return p + 1;
	return name;
}
/* Value of attribute `name`, or NULL. */
const char *xmlpart_attr(const char **a, const char *name);
/* Value of a prefixed attribute by its local name (r:id), or NULL. */
const char *xmlpart_attr_ns(const char **a, const char *local);
/* Record "corrupt" with a short Chinese reason; returns -1. */
int xmlpart_corrupt(struct sheet_error *err, const char *what);

#endif
