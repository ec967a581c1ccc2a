/* hint_fix.h — SPEC §7.1: the change a hint asks for, ready to paste (zone lines, cmdlets, certificate names). */
#ifndef HINT_FIX_H
#define HINT_FIX_H

#include "sd.h"

#define FIX_LINES_MAX 8
#define FIX_LINE_MAX 400

/*
 * The fix-it lines of one hint. Empty (every count 0) when the hint asks for no DNS or
 * certificate change, or when the change cannot be written without a guess.
 */
struct hint_fix {
	char zone[FIX_LINES_MAX][FIX_LINE_MAX];       /* RFC 1035 master-file lines; "; delete: ..." */
	size_t n_zone;
	char powershell[FIX_LINES_MAX][FIX_LINE_MAX]; /* Windows DNS Server cmdlets, one per line */
	size_t n_powershell;
	char certificate_names[FIX_LINES_MAX][SD_HOST_MAX]; /* the SANs a certificate must carry */
	size_t n_certificate_names;
};

#endif
