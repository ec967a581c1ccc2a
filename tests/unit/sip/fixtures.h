/* fixtures.h — captured-style answers to a credential-less REGISTER, for test_sip.c. */
#ifndef SIP_FIXTURES_H
#define SIP_FIXTURES_H

/* Lync Server 2010/2013 front end: 401 offering NTLM, Kerberos and TLS-DSK. */
static const char lync_401[] =
	"SIP/2.0 401 Unauthorized\r\n"
	"Date: Wed, 25 Nov 2026 10:00:00 GMT\r\n"
	"WWW-Authenticate: NTLM realm=\"SIP Communications Service\", targetname=\"pool.contoso.com\", version=4\r\n"
	"WWW-Authenticate: Kerberos realm=\"SIP Communications Service\", targetname=\"sip/pool.contoso.com\", version=4\r\n"
	"WWW-Authenticate: TLS-DSK realm=\"SIP Communications Service\", targetname=\"pool.contoso.com\", version=4, "
	"sts-uri=\"https://pool.contoso.com:443/CertProv/CertProvisioningService.svc\"\r\n"
	"From: <sip:jeremy@contoso.com>;tag=abc\r\n"
	"To: <sip:jeremy@contoso.com>;tag=def\r\n"
	"Call-ID: 123\r\n"
	"CSeq: 1 REGISTER\r\n"
	"Via: SIP/2.0/TLS 10.0.0.5:50000;branch=z9hG4bK1;ms-received-port=50000;ms-received-cid=100\r\n"
	"Server: RTC/4.0\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

/* OCS 2007 R2 front end: 407 with Proxy-Authenticate, protocol version 3. */
static const char ocs_407[] =
	"SIP/2.0 407 Proxy Authentication Required\r\n"
	"Via: SIP/2.0/TLS 10.0.0.5:50000;branch=z9hG4bK2;ms-received-port=50000;ms-received-cid=200\r\n"
	"From: <sip:jeremy@contoso.com>;tag=abc\r\n"
	"To: <sip:jeremy@contoso.com>;tag=0A1B2C3D\r\n"
	"Call-ID: 456\r\n"
	"CSeq: 1 REGISTER\r\n"
	"Proxy-Authenticate: NTLM realm=\"SIP Communications Service\", targetname=\"ocs.contoso.com\", version=3\r\n"
	"Proxy-Authenticate: Kerberos realm=\"SIP Communications Service\", targetname=\"sip/ocs.contoso.com\", version=3\r\n"
	"Server: RTC/3.5\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

/* A director sending the user to the home pool. */
static const char redirect_301[] =
	"SIP/2.0 301 Moved Permanently\r\n"
	"Via: SIP/2.0/TLS 10.0.0.5:50000;branch=z9hG4bK3;ms-received-port=50000;ms-received-cid=300\r\n"
	"From: <sip:jeremy@contoso.com>;tag=abc\r\n"
	"To: <sip:jeremy@contoso.com>;tag=ghi\r\n"
	"Call-ID: 789\r\n"
	"CSeq: 1 REGISTER\r\n"
	"Contact: <sip:pool2.contoso.com:5061;transport=tls>\r\n"
	"ms-diagnostics: 2;reason=\"See response code and reason phrase\";source=\"dir.contoso.com\"\r\n"
	"Server: RTC/5.0\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

/* A plain registrar (Kamailio, Asterisk): one Digest challenge. */
static const char digest_401[] =
	"SIP/2.0 401 Unauthorized\r\n"
	"Via: SIP/2.0/TCP 10.0.0.5:50000;branch=z9hG4bK4\r\n"
	"From: <sip:jeremy@contoso.com>;tag=abc\r\n"
	"To: <sip:jeremy@contoso.com>;tag=jkl\r\n"
	"Call-ID: 1011\r\n"
	"CSeq: 1 REGISTER\r\n"
	"WWW-Authenticate: Digest realm=\"contoso.com\", nonce=\"Y2Vdk2NlXS3pMC+lBX8tiY1vY2Y=\", "
	"opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", algorithm=MD5, qop=\"auth\"\r\n"
	"Server: kamailio (5.6.3 (x86_64/linux))\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

/* The Lync answer written the way a sloppy peer would: folds, compact names, LF only. */
static const char folded_compact_lf[] =
	"sip/2.0 401 Unauthorized\n"
	"v: SIP/2.0/TCP 10.0.0.5:50000;branch=z9hG4bK5\n"
	"f: <sip:jeremy@contoso.com>;tag=abc\n"
	"t: <sip:jeremy@contoso.com>;tag=mno\n"
	"i: 1213\n"
	"CSeq: 1 REGISTER\n"
	"www-authenticate  :   NTLM realm=\"SIP Communications Service\",\n"
	"\ttargetname=\"pool.contoso.com\",\n"
	"   version=4\n"
	"SERVER:RTC/4.0\n"
	"m: <sip:pool2.contoso.com:5061;transport=tls>\n"
	"l: 0\n"
	"\n";

/* A 200 with a body of exactly ten bytes. */
static const char with_body[] =
	"SIP/2.0 200 OK\r\n"
	"Content-Type: text/plain\r\n"
	"Content-Length: 10\r\n"
	"\r\n"
	"0123456789";

#endif
