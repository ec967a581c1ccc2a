/* options_kerberos.c — SPEC §9's option table and the checks of its values. */
#include "options_kerberos.h"

#include <stdlib.h>
#include <string.h>

void options_kerberos_table(struct poptOption table[4], int *kerberos)
{
	const struct poptOption t[] = {
		{ "kerberos", 0, POPT_ARG_NONE, kerberos, 0,
		  "ask the realm's KDCs whether they know the principals the server names (no password)", NULL },
		{ "krb-realm", 0, POPT_ARG_STRING, NULL, OPT_KRB_REALM, "the Kerberos realm (default: the domain in upper case)",
		  "REALM" },
		{ "krb-user", 0, POPT_ARG_STRING, NULL, OPT_KRB_USER, "the user the KDC is asked about (default: the address's user)",
		  "USER" },
		POPT_TABLEEND
	};
	memcpy(table, t, sizeof t);
}

/* One --krb-realm or --krb-user value: printable, no blank, no "/", no "@" in a realm, not too long. */
static enum sd_status kerberos_name(const char *option, const char *v, bool realm, char *why, size_t whylen)
{
	if (!v[0] || strlen(v) >= 256)
		return sd_fail(why, whylen, SD_ERR_INPUT, "%s: %s", option, v[0] ? "too long" : "empty");
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '/' || *p == '\\' || (*p == '@' && realm))
			return sd_fail(why, whylen, SD_ERR_INPUT, "%s: \"%s\" is no %s", option, v,
				       realm ? "realm name" : "user name");
	return SD_OK;
}

enum sd_status options_kerberos_values(bool kerberos, const char *realm, const char *user, struct policy *pol,
				       char *why, size_t whylen)
{
	enum sd_status st = SD_OK;
	if (!kerberos && (realm || user))
		return sd_fail(why, whylen, SD_ERR_INPUT, "%s needs --kerberos", realm ? "--krb-realm" : "--krb-user");
	if (realm)
		st = kerberos_name("--krb-realm", realm, true, why, whylen);
	if (st == SD_OK && user)
		st = kerberos_name("--krb-user", user, false, why, whylen);
	pol->kerberos = kerberos;
	pol->krb_realm = realm;
	pol->krb_user = user;
	return st;
}

void options_kerberos_read(poptContext pc, int rc, char **realm, char **user)
{
	char **field = rc == OPT_KRB_REALM ? realm : rc == OPT_KRB_USER ? user : NULL;
	if (field) {
		free(*field);
		*field = poptGetOptArg(pc);
	}
}

void options_kerberos_free(char **realm, char **user)
{
	free(*realm);
	free(*user);
	*realm = *user = NULL;
}
