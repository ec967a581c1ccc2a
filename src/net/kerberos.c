/* kerberos.c — the AS probe and the ticket check of SPEC §9 through libkrb5's step APIs, each
 * message carried by kdc_send, so that --timeout and --deadline bound every exchange. */
#include "kerberos.h"

#include "clock.h"
#include "deadline.h"
#include "kdc_send.h"
#include "kerberos_decide.h"
#include "kerberos_canon.h"

#include <krb5.h>
#include <mit-krb5/profile.h> /* by path: the project has a profile.h of its own */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* SPEC §9: a prompter that reads nothing: any question (a password) is refused. */
/* The library's words for ret into buf, "prefix: " first when given (the message is freed). */
static void krb_words(krb5_context ctx, krb5_error_code ret, const char *prefix, char *buf, size_t n)
{
	const char *m = krb5_get_error_message(ctx, ret);
	snprintf(buf, n, "%s%s%s", prefix ? prefix : "", prefix ? ": " : "", m ? m : "unknown Kerberos error");
	krb5_free_error_message(ctx, m);
}

static krb5_error_code refuse_prompter(krb5_context ctx, void *data, const char *name, const char *banner,
				       int n, krb5_prompt prompts[])
{
	(void)ctx, (void)data, (void)name, (void)banner, (void)n, (void)prompts;
	return KRB5_LIBOS_PWDINTR;
}

/* Sends one message to the KDCs in order until one replies; the reply's first octet (the
 * message's tag) into *tag. False with detail when none replied. */
static bool to_kdcs(struct result *r, struct krb_principal *p, const krb5_data *msg, krb5_data *reply)
{
	struct krb_report *k = &r->krb;
	char why[160] = "";
	size_t len = 0;
	p->detail[0] = '\0';
	for (size_t i = 0; i < k->n_kdcs; i++) {
		const struct krb_kdc *d = &k->kdcs[i];
		unsigned timeout = deadline_step_ms(r);
		if (!d->address[0] || timeout == 0)
			continue;
		unsigned char *buf = NULL;
		size_t n = 0;
		if (kdc_send(d->address, d->port, d->tcp, msg->data, msg->length, timeout, &buf, &n, why, sizeof why)) {
			snprintf(p->kdc, sizeof p->kdc, "%s:%u", d->address, d->port);
			reply->data = (char *)buf;
			reply->length = (unsigned)n;
			return true;
		}
		str_appendf(p->detail, sizeof p->detail, &len, "%s%s:%u/%s %s", len ? ", " : "", d->address, d->port,
			    d->tcp ? "tcp" : "udp", why);
	}
	if (!len)
		snprintf(p->detail, sizeof p->detail, "%s", deadline_step_ms(r) ? "no KDC address" : "the deadline expired");
	return false;
}

static void note_offset(struct krb_principal *p, const krb5_error *err)
{
	if (err->stime) {
		p->has_offset = true;
		p->clock_offset_s = (long long)err->stime - (long long)time(NULL);
	}
}

/* Runs the AS exchange's steps; x says how it ended. */
static void as_steps(struct result *r, struct krb_principal *p, krb5_context ctx, krb5_init_creds_context icc,
		     struct krb_exchange *x)
{
	krb5_data in = { 0 }, out = { 0 }, realm = { 0 };
	unsigned int flags = 0;
	x->kind = KRB_X_LOCAL;
	for (int round = 0; round < 4; round++) {
		krb5_error_code ret = krb5_init_creds_step(ctx, icc, &in, &out, &realm, &flags);
		bool as_rep = in.length > 0 && (unsigned char)in.data[0] == 0x6b; /* [APPLICATION 11] AS-REP */
		free(in.data);
		in = (krb5_data){ 0 };
		if (ret != 0 || !(flags & KRB5_INIT_CREDS_STEP_FLAG_CONTINUE)) {
			krb5_error *err = NULL;
			if (krb5_init_creds_get_error(ctx, icc, &err) == 0 && err) {
				x->kind = KRB_X_KDC_ERROR;
				x->kdc_error = err->error;
				note_offset(p, err);
				krb5_free_error(ctx, err);
			} else if (as_rep || ret == 0) {
				x->kind = KRB_X_TICKET; /* the KDC issued a ticket for the service: it exists */
			} else {
				krb_words(ctx, ret, NULL, p->detail, sizeof p->detail);
			}
			break;
		}
		bool sent = to_kdcs(r, p, &out, &in);
		krb5_free_data_contents(ctx, &out);
		krb5_free_data_contents(ctx, &realm);
		if (!sent) {
			x->kind = KRB_X_NO_REPLY;
			break;
		}
	}
	free(in.data);
	krb5_free_data_contents(ctx, &out);
	krb5_free_data_contents(ctx, &realm);
}

/* The AS exchange naming the probe's user and p, without pre-authentication or password. */
static void as_check(struct result *r, struct krb_principal *p, krb5_context ctx, krb5_principal client)
{
	struct krb_exchange x = { .kind = KRB_X_LOCAL, .kdc_error = -1 };
	krb5_get_init_creds_opt *opt = NULL;
	krb5_init_creds_context icc = NULL;
	krb5_error_code ret = krb5_get_init_creds_opt_alloc(ctx, &opt);
	if (!ret) {
		krb5_get_init_creds_opt_set_preauth_list(opt, NULL, 0);
		ret = krb5_init_creds_init(ctx, client, refuse_prompter, NULL, 0, opt, &icc);
	}
	if (!ret)
		ret = krb5_init_creds_set_service(ctx, icc, p->name);
	if (ret)
		krb_words(ctx, ret, NULL, p->detail, sizeof p->detail);
	else
		as_steps(r, p, ctx, icc, &x);
	x.has_offset = p->has_offset;
	x.offset_s = p->clock_offset_s;
	p->kdc_error = x.kdc_error;
	p->outcome = kerberos_outcome(&x, KRB_PROOF_AS);
	p->proof = p->outcome == KRB_NO_KDC_FOUND || p->outcome == KRB_KDC_UNREACHABLE || p->outcome == KRB_ERROR
			   ? KRB_PROOF_NONE : KRB_PROOF_AS;
	if (icc)
		krb5_init_creds_free(ctx, icc);
	if (opt)
		krb5_get_init_creds_opt_free(ctx, opt);
}

/* The ticket's encryption type and key version, read from the ticket itself (the kvno equivalent). */
static void ticket_facts(struct krb_principal *p, krb5_context ctx, const krb5_creds *creds, struct krb_exchange *x)
{
	krb5_ticket *tkt = NULL;
	if (krb5_decode_ticket(&creds->ticket, &tkt) != 0)
		return;
	p->enctype = x->enctype = tkt->enc_part.enctype;
	p->kvno = (int)tkt->enc_part.kvno;
	if (krb5_enctype_to_name(p->enctype, TRUE, p->enctype_name, sizeof p->enctype_name) != 0)
		snprintf(p->enctype_name, sizeof p->enctype_name, "enctype %d", (int)p->enctype);
	krb5_free_ticket(ctx, tkt);
}

static void tgs_steps(struct result *r, struct krb_principal *p, krb5_context ctx, krb5_tkt_creds_context tc,
		      struct krb_exchange *x)
{
	krb5_data in = { 0 }, out = { 0 }, realm = { 0 };
	unsigned int flags = 0;
	krb5_error_code ret = 0;
	for (int round = 0; round < 6; round++) {
		ret = krb5_tkt_creds_step(ctx, tc, &in, &out, &realm, &flags);
		free(in.data);
		in = (krb5_data){ 0 };
		if (ret != 0 || !(flags & KRB5_TKT_CREDS_STEP_FLAG_CONTINUE))
			break;
		bool sent = to_kdcs(r, p, &out, &in);
		krb5_free_data_contents(ctx, &out);
		krb5_free_data_contents(ctx, &realm);
		if (!sent) {
			x->kind = KRB_X_NO_REPLY;
			return;
		}
	}
	krb5_creds creds;
	if (ret == 0 && krb5_tkt_creds_get_creds(ctx, tc, &creds) == 0) {
		x->kind = KRB_X_TICKET;
		ticket_facts(p, ctx, &creds, x);
		krb5_free_cred_contents(ctx, &creds);
	} else if (ret > ERROR_TABLE_BASE_krb5 && ret < ERROR_TABLE_BASE_krb5 + 128) {
		x->kind = KRB_X_KDC_ERROR;
		x->kdc_error = ret - ERROR_TABLE_BASE_krb5;
	} else {
		krb_words(ctx, ret, "ticket request", p->detail, sizeof p->detail);
	}
}

/* With a TGT: the service ticket, not stored (KRB5_GC_NO_STORE); conclusive outcomes replace the AS one. */
static void tgs_check(struct result *r, struct krb_principal *p, krb5_context ctx, krb5_ccache cc, krb5_principal me)
{
	struct krb_exchange x = { .kind = KRB_X_LOCAL, .kdc_error = -1 };
	krb5_creds in = { 0 };
	krb5_tkt_creds_context tc = NULL;
	in.client = me;
	if (krb5_parse_name(ctx, p->name, &in.server) != 0)
		return;
	if (krb5_tkt_creds_init(ctx, cc, &in, KRB5_GC_NO_STORE, &tc) == 0)
		tgs_steps(r, p, ctx, tc, &x);
	enum krb_outcome o = kerberos_outcome(&x, KRB_PROOF_TGS);
	if (kerberos_tgs_conclusive(o)) {
		p->outcome = o;
		p->proof = KRB_PROOF_TGS;
		p->kdc_error = x.kind == KRB_X_KDC_ERROR ? x.kdc_error : -1;
	}
	if (tc)
		krb5_tkt_creds_free(ctx, tc);
	krb5_free_principal(ctx, in.server);
}

/* Whether the credential cache holds an unexpired TGT for the realm; *me its client. Reads only. */
static bool find_tgt(struct krb_report *k, krb5_context ctx, krb5_ccache *cc, krb5_principal *me)
{
	krb5_creds mcreds = { 0 }, creds;
	bool found = false;
	if (krb5_cc_default(ctx, cc) != 0)
		return false;
	if (krb5_cc_get_principal(ctx, *cc, me) == 0
	    && krb5_build_principal(ctx, &mcreds.server, (unsigned)strlen(k->realm), k->realm, "krbtgt", k->realm, NULL) == 0) {
		mcreds.client = *me;
		if (krb5_cc_retrieve_cred(ctx, *cc, 0, &mcreds, &creds) == 0) {
			found = creds.times.endtime > time(NULL);
			snprintf(k->ccache_note, sizeof k->ccache_note, "%s", found ? "a TGT for the realm" : "an expired TGT");
			krb5_free_cred_contents(ctx, &creds);
		}
		krb5_free_principal(ctx, mcreds.server);
	}
	return found;
}

static enum sd_status run_principals(struct result *r, krb5_context ctx)
{
	struct krb_report *k = &r->krb;
	char user[KRB_NAME_MAX];
	krb5_principal client = NULL, me = NULL;
	krb5_ccache cc = NULL;
	snprintf(user, sizeof user, "%s@%s", k->user, k->realm);
	int flags = strchr(k->user, '@') ? KRB5_PRINCIPAL_PARSE_ENTERPRISE : 0;
	krb5_error_code ret = krb5_parse_name_flags(ctx, user, flags, &client);
	k->have_tgt = find_tgt(k, ctx, &cc, &me);
	for (size_t i = 0; i < k->n_principals; i++) {
		struct krb_principal *p = &k->principals[i];
		long long t0 = clock_ms();
		struct krb_exchange none = { .kind = k->n_kdcs ? KRB_X_LOCAL : KRB_X_NO_KDC, .kdc_error = -1 };
		if (!k->n_kdcs || ret)
			p->outcome = kerberos_outcome(&none, KRB_PROOF_NONE);
		else
			as_check(r, p, ctx, client);
		if (ret) {
			char prefix[140];
			snprintf(prefix, sizeof prefix, "user %.120s", user);
			krb_words(ctx, ret, prefix, p->detail, sizeof p->detail);
		}
		if (k->have_tgt && k->n_kdcs)
			tgs_check(r, p, ctx, cc, me);
		p->ms = (unsigned)(clock_ms() - t0);
	}
	if (client)
		krb5_free_principal(ctx, client);
	if (me)
		krb5_free_principal(ctx, me);
	if (cc)
		krb5_cc_close(ctx, cc);
	return SD_OK;
}

enum sd_status kerberos_run(struct result *r, const struct dns_servers *dns)
{
	struct krb_report *k = &r->krb;
	if (!k->requested || k->n_principals == 0)
		return SD_OK;
	long long t0 = clock_ms();
	enum sd_status st = kerberos_canonical_names(r, dns);
	if (st != SD_OK)
		return st;
	krb5_context ctx;
	if (krb5_init_context(&ctx) != 0) {
		for (size_t i = 0; i < k->n_principals; i++) {
			k->principals[i].outcome = KRB_ERROR;
			snprintf(k->principals[i].detail, sizeof k->principals[i].detail, "the Kerberos library cannot start");
		}
		return SD_OK;
	}
	k->ran = true;
	st = run_principals(r, ctx);
	krb5_free_context(ctx);
	k->ms = (unsigned)(clock_ms() - t0);
	return st;
}

/* "host[:port]" of a krb5.conf kdc line into d, resolved here (a configured name, not a discovered one). */
static void configured_kdc(struct krb_kdc *d, const char *value)
{
	char host[SD_HOST_MAX];
	uint16_t port = 88;
	if (str_host_port(value, host, sizeof host, &port, NULL, 0) != SD_OK)
		sd_copy(host, sizeof host, value);
	sd_copy(d->host, sizeof d->host, host);
	d->port = port ? port : 88;
	d->tcp = false;
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *ai = NULL;
	if (getaddrinfo(host, NULL, &hints, &ai) == 0) {
		getnameinfo(ai->ai_addr, ai->ai_addrlen, d->address, sizeof d->address, NULL, 0, NI_NUMERICHOST);
		freeaddrinfo(ai);
	}
}

void kerberos_local_kdcs(struct result *r)
{
	struct krb_report *k = &r->krb;
	krb5_context ctx;
	if (!k->requested || krb5_init_context(&ctx) != 0)
		return;
	profile_t prof = NULL;
	char **values = NULL;
	const char *path[] = { "realms", k->realm, "kdc", NULL };
	if (krb5_get_profile(ctx, &prof) == 0 && profile_get_values(prof, path, &values) == 0) {
		for (size_t i = 0; values[i] && k->n_kdcs < KRB_KDCS_MAX; i++)
			configured_kdc(&k->kdcs[k->n_kdcs++], values[i]);
		k->kdcs_configured = k->n_kdcs > 0;
		profile_free_list(values);
	}
	if (prof)
		profile_release(prof);
	krb5_free_context(ctx);
}
