/* options_kerberos.h — SPEC §9's options: --kerberos, --krb-realm, --krb-user. */
#ifndef OPTIONS_KERBEROS_H
#define OPTIONS_KERBEROS_H

#include <popt.h>

#include "policy.h"

/* The popt values of the string options, read with poptGetOptArg like the others. */
enum { OPT_KRB_REALM = 1100, OPT_KRB_USER };

/* Fills table (4 entries, the end included); --kerberos's flag goes into *kerberos. */
void options_kerberos_table(struct poptOption table[4], int *kerberos);

/* Keeps the value of popt's option rc when it is --krb-realm or --krb-user (a repeated one
 * frees the first value); any other rc is left alone. */
void options_kerberos_read(poptContext pc, int rc, char **realm, char **user);

/* Frees the two values and sets them to NULL. */
void options_kerberos_free(char **realm, char **user);

/*
 * The Kerberos part of the policy: SD_ERR_INPUT with why when --krb-realm or --krb-user
 * comes without --kerberos, or a value is empty, too long, or no realm or user name.
 * pol keeps pointers to realm and user.
 */
enum sd_status options_kerberos_values(bool kerberos, const char *realm, const char *user, struct policy *pol,
				       char *why, size_t whylen);

#endif
