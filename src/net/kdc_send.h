/* kdc_send.h — one Kerberos message to one KDC and its reply (RFC 4120 §7.2), within a time bound. */
#ifndef KDC_SEND_H
#define KDC_SEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest reply read: a ticket with a large PAC fits. */
#define KDC_REPLY_MAX 65536

/*
 * Sends msg to the KDC at address:port over TCP (a 4-byte length first) or UDP, and waits up
 * to timeout_ms for the reply, which goes into a malloc'd *reply of *len bytes. True on a reply;
 * false with detail saying why ("Connection refused", "no answer within 3000 ms").
 */
bool kdc_send(const char *address, uint16_t port, bool tcp, const void *msg, size_t msglen, unsigned timeout_ms,
	      unsigned char **reply, size_t *len, char *detail, size_t n);

#endif
