/*
 * autodiscover_doc.c — the AutodiscoverResponse document through expat, bounded: the
 * input size, the element depth and every attribute length have limits, no external
 * entity is ever read and a document that declares entities is refused before any
 * expansion ("billion laughs" costs one declaration).
 */
#include "autodiscover_doc.h"
#include "str.h"

/* Debian's libexpat is built with XML_DTD (its expat_config.h says so), but expat.h only
 * declares the billion-laughs setters when the includer defines it too. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_SEP '\x01' /* expat gives "namespace<SEP>local"; we match local names */

enum section { SECTION_NONE, SECTION_ROOT, SECTION_USER };

struct ad_doc_parser {
	XML_Parser xp;
	struct ad_doc doc;
	size_t fed;
	unsigned depth;
	bool seen_root;        /* the document element has started */
	bool done;             /* the outcome is decided: ignore the rest */
	bool decided_kind;     /* ROOT or USER taken from the first such element */
	enum section section;  /* the Root/User element we are inside, if any */
	enum sd_status status; /* SD_ERR_NOMEM once expat ran out of memory */
};

static const char *const access_names[AD_ACCESS_COUNT] = {
	[AD_ACCESS_CLIENT_INTERNAL] = "SipClientInternalAccess",
	[AD_ACCESS_CLIENT_EXTERNAL] = "SipClientExternalAccess",
	[AD_ACCESS_SERVER_INTERNAL] = "SipServerInternalAccess",
	[AD_ACCESS_SERVER_EXTERNAL] = "SipServerExternalAccess",
};

const char *ad_access_name(enum ad_access_kind kind)
{
	return (unsigned)kind < AD_ACCESS_COUNT ? access_names[kind] : "?";
}

const char *ad_doc_kind_name(enum ad_doc_kind kind)
{
	switch (kind) {
	case AD_DOC_ROOT:
		return "root";
	case AD_DOC_USER:
		return "user";
	case AD_DOC_NOT_AUTODISCOVER:
		return "not-autodiscover";
	case AD_DOC_MALFORMED:
		break;
	}
	return "malformed";
}

static const char *local_name(const XML_Char *name)
{
	const char *sep = strrchr(name, NS_SEP);
	return sep ? sep + 1 : name;
}

/* Decides the outcome now and stops expat; the first decision stands. */
static void fail(struct ad_doc_parser *p, enum ad_doc_kind kind, const char *why)
{
	if (p->done)
		return;
	p->done = true;
	p->doc.kind = kind;
	sd_copy(p->doc.why, sizeof p->doc.why, why);
	XML_StopParser(p->xp, XML_FALSE);
}

static const char *attr(const XML_Char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local_name(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

static bool attrs_bounded(const XML_Char **atts)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strnlen(atts[i + 1], AD_DOC_MAX_ATTR + 1) > AD_DOC_MAX_ATTR)
			return false;
	return true;
}

/* SPEC §4.7: "Redirect" and "User" are the tokens the client follows, in any case. */
static bool followed_token(const char *token)
{
	return strcasecmp(token, "Redirect") == 0 || strcasecmp(token, "User") == 0;
}

static void add_link(struct ad_doc_parser *p, const XML_Char **atts)
{
	const char *token = attr(atts, "token");
	const char *href = attr(atts, "href");
	struct ad_link link;
	sd_copy(link.token, sizeof link.token, token ? token : "");
	sd_copy(link.href, sizeof link.href, href ? href : "");
	p->doc.links_seen++;
	if (p->doc.n_links < AD_DOC_MAX_LINKS)
		p->doc.links[p->doc.n_links++] = link;
	if (!p->doc.has_follow && token && href && href[0] && followed_token(token)) {
		p->doc.has_follow = true;
		p->doc.follow = link;
	}
}

static unsigned parse_port(const char *s)
{
	unsigned long v = 0;
	if (!s || !*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 65535)
			return 0;
	}
	return (unsigned)v;
}

static void add_access(struct ad_doc_parser *p, enum ad_access_kind kind, const XML_Char **atts)
{
	struct ad_access *a = &p->doc.access[kind];
	if (a->present)
		return;
	const char *fqdn = attr(atts, "fqdn");
	const char *port = attr(atts, "port");
	a->present = true;
	bool fits = sd_copy(a->fqdn, sizeof a->fqdn, fqdn ? fqdn : "");
	sd_copy(a->port_text, sizeof a->port_text, port ? port : "");
	a->port = parse_port(port);
	a->valid = fits && a->fqdn[0] != '\0' && a->port != 0;
}

static void section_element(struct ad_doc_parser *p, const char *name, const XML_Char **atts)
{
	if (strcmp(name, "Link") == 0) {
		add_link(p, atts);
		return;
	}
	if (p->section != SECTION_USER)
		return;
	for (int k = 0; k < AD_ACCESS_COUNT; k++)
		if (strcmp(name, access_names[k]) == 0)
			add_access(p, (enum ad_access_kind)k, atts);
}

static void root_element(struct ad_doc_parser *p, const char *name, const XML_Char **atts)
{
	if (strcmp(name, "AutodiscoverResponse") != 0) {
		fail(p, AD_DOC_NOT_AUTODISCOVER, "the document element is not AutodiscoverResponse");
		return;
	}
	const char *loc = attr(atts, "AccessLocation");
	if (loc) {
		sd_copy(p->doc.access_location, sizeof p->doc.access_location, loc);
		p->doc.external = strcasecmp(loc, "External") == 0;
	}
}

static void XMLCALL on_start(void *ud, const XML_Char *qname, const XML_Char **atts)
{
	struct ad_doc_parser *p = ud;
	if (p->done)
		return;
	if (++p->depth > AD_DOC_MAX_DEPTH) {
		fail(p, AD_DOC_MALFORMED, "elements nested deeper than 32 levels");
		return;
	}
	if (!attrs_bounded(atts)) {
		fail(p, AD_DOC_MALFORMED, "an attribute value longer than 2048 bytes");
		return;
	}
	const char *name = local_name(qname);
	if (p->depth == 1) {
		p->seen_root = true;
		root_element(p, name, atts);
	} else if (p->depth == 2 && !p->decided_kind &&
		   (strcmp(name, "Root") == 0 || strcmp(name, "User") == 0)) {
		p->decided_kind = true;
		p->section = name[0] == 'R' ? SECTION_ROOT : SECTION_USER;
		p->doc.kind = name[0] == 'R' ? AD_DOC_ROOT : AD_DOC_USER;
	} else if (p->depth == 3 && p->section != SECTION_NONE) {
		section_element(p, name, atts);
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *qname)
{
	struct ad_doc_parser *p = ud;
	(void)qname;
	if (p->done)
		return;
	if (p->depth == 2)
		p->section = SECTION_NONE;
	if (p->depth > 0)
		p->depth--;
}

static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
				   int value_len, const XML_Char *base, const XML_Char *system_id,
				   const XML_Char *public_id, const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)value_len, (void)base;
	(void)system_id, (void)public_id, (void)notation;
	fail(ud, AD_DOC_NOT_AUTODISCOVER, "the document declares entities");
}

enum sd_status ad_doc_parser_new(struct ad_doc_parser **out)
{
	struct ad_doc_parser *p = calloc(1, sizeof *p);
	*out = NULL;
	if (!p)
		return SD_ERR_NOMEM;
	p->xp = XML_ParserCreateNS(NULL, NS_SEP);
	if (!p->xp) {
		free(p);
		return SD_ERR_NOMEM;
	}
	p->doc.kind = AD_DOC_NOT_AUTODISCOVER;
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, on_start, on_end);
	XML_SetEntityDeclHandler(p->xp, on_entity_decl);
	XML_SetParamEntityParsing(p->xp, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
	/* Belt and braces: the declaration handler already refuses any entity. */
	XML_SetBillionLaughsAttackProtectionMaximumAmplification(p->xp, 2.0f);
	XML_SetBillionLaughsAttackProtectionActivationThreshold(p->xp, 64u * 1024u);
#endif
	*out = p;
	return SD_OK;
}

static void parse_error(struct ad_doc_parser *p)
{
	char why[AD_DOC_WHY_SIZE];
	if (XML_GetErrorCode(p->xp) == XML_ERROR_NO_MEMORY && !p->done)
		p->status = SD_ERR_NOMEM; /* expat ran out of memory: no fault of the document */
	snprintf(why, sizeof why, "not well-formed XML: %s at line %lu",
		 XML_ErrorString(XML_GetErrorCode(p->xp)),
		 (unsigned long)XML_GetCurrentLineNumber(p->xp));
	fail(p, AD_DOC_MALFORMED, why);
}

bool ad_doc_parser_feed(struct ad_doc_parser *p, const void *chunk, size_t len)
{
	if (p->done)
		return false;
	if (len > AD_DOC_MAX_BYTES - p->fed) {
		fail(p, AD_DOC_MALFORMED, "the document is larger than 256 KiB");
		return false;
	}
	p->fed += len;
	if (len == 0)
		return true;
	if (XML_Parse(p->xp, chunk, (int)len, XML_FALSE) == XML_STATUS_ERROR)
		parse_error(p); /* a no-op when a handler already decided */
	return !p->done;
}

enum sd_status ad_doc_parser_finish(struct ad_doc_parser *p, struct ad_doc *out)
{
	if (!p->done) {
		if (p->fed == 0)
			fail(p, AD_DOC_MALFORMED, "the document is empty");
		else if (XML_Parse(p->xp, "", 0, XML_TRUE) == XML_STATUS_ERROR)
			parse_error(p);
	}
	if (!p->done && !p->decided_kind)
		fail(p, AD_DOC_NOT_AUTODISCOVER, "AutodiscoverResponse holds neither Root nor User");
	*out = p->doc;
	if (out->kind == AD_DOC_MALFORMED || out->kind == AD_DOC_NOT_AUTODISCOVER) {
		/* Nothing of a refused document may be used by mistake. */
		memset(out->links, 0, sizeof out->links);
		memset(out->access, 0, sizeof out->access);
		memset(&out->follow, 0, sizeof out->follow);
		out->n_links = out->links_seen = 0;
		out->has_follow = out->external = false;
		out->access_location[0] = '\0';
	}
	return p->status;
}

void ad_doc_parser_free(struct ad_doc_parser *p)
{
	if (!p)
		return;
	XML_ParserFree(p->xp);
	free(p);
}

enum sd_status ad_doc_parse(const void *buf, size_t len, struct ad_doc *out)
{
	struct ad_doc_parser *p;
	enum sd_status st = ad_doc_parser_new(&p);
	if (st != SD_OK)
		return st;
	ad_doc_parser_feed(p, buf, len);
	st = ad_doc_parser_finish(p, out);
	ad_doc_parser_free(p);
	return st;
}
