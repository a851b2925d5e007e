/*
 * XML parts of a zip through expat; see xmlpart.h.  The loop asks expat for
 * a 64 KB buffer, inflates into it and parses it, so a 400 MB sheet costs
 * one buffer of memory.
 */
#include "io/xmlpart.h"

#include <string.h>

#define XBUF (64 << 10)

void xmlpart_stop(struct xmlpart *h, int rc)
{
	if (!h->stop) {
		h->stop = rc;
		XML_StopParser(h->p, XML_FALSE);
	}
}

int xmlpart_corrupt(struct sheet_error *err, const char *what)
{
	return sheet_fail(err, "corrupt", 0, 0, "文件已损坏或不是有效的 Excel 文件（%s）", what);
}

const char *xmlpart_attr(const char **a, const char *name)
{
	for (; *a; a += 2)
		if (strcmp(a[0], name) == 0)
			return a[1];
	return NULL;
}

const char *xmlpart_attr_ns(const char **a, const char *local)
{
	for (; *a; a += 2) {
		const char *c = strchr(a[0], ':');
		if (c && strcmp(c + 1, local) == 0)
			return a[1];
	}
	return NULL;
}

static void XMLCALL no_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	struct xmlpart *h = ud;
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	xmlpart_corrupt(h->err, "含有 DTD 声明");
	xmlpart_stop(h, -1);
}

int xmlpart_run(struct xmlpart *h, struct zipread *z, int entry, struct sheet_error *err,
		XML_StartElementHandler st, XML_EndElementHandler en, XML_CharacterDataHandler cd)
{
	XML_Parser p = XML_ParserCreate(NULL);
	int rc = -1;

	if (!p)
		return xmlpart_corrupt(err, "内存不足");
	h->p = p;
	h->err = err;
	h->stop = 0;
	XML_SetUserData(p, h);
	XML_SetElementHandler(p, st, en);
	if (cd)
		XML_SetCharacterDataHandler(p, cd);
	XML_SetStartDoctypeDeclHandler(p, no_doctype);
	if (zipread_begin(z, entry) < 0)
		goto out;
	for (;;) {
		void *buf = XML_GetBuffer(p, XBUF);
		long n;
		if (!buf) {
			xmlpart_corrupt(err, "内存不足");
			goto out;
		}
		n = zipread_read(z, buf, XBUF);
		if (n < 0)
			goto out;
		if (XML_ParseBuffer(p, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (h->stop == 2)
				rc = 0;
			else if (h->stop)
				rc = h->stop;
			else
				sheet_fail(err, "corrupt", 0, 0,
					   "文件已损坏或不是有效的 Excel 文件（%.80s 第 %lu 行 XML "
					   "格式错误）",
					   zipread_name(z, entry),
					   (unsigned long)XML_GetCurrentLineNumber(p));
			goto out;
		}
		if (n == 0)
			break;
	}
	rc = 0;
out:
	zipread_end(z);
	XML_ParserFree(p);
	return rc;
}
