/*
 * Allocation helpers that abort on out-of-memory: the server cannot do
 * anything useful without memory, and every caller checking NULL hides real
 * bugs.  Sizes that come from requests are capped before they get here.
 */
#ifndef FK_XALLOC_H
#define FK_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
