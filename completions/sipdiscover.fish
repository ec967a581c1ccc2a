# fish completion for sipdiscover(1). The option list mirrors the popt table in
# src/options.c; tests/e2e/docs.bats checks that every option of
# `sipdiscover --help` appears here.

# Arguments are sign-in addresses, not files.
complete -c sipdiscover -f

# Client policy (what is replayed)
complete -c sipdiscover -l profile -x -a 'ocs2007r2 lync2010 sipe lync2013 skype sfb lync2015' -d 'Client generation whose discovery order is replayed'
complete -c sipdiscover -l no-tcp -d 'Client policy forbids TCP: _sipinternal._tcp is not queried'
complete -c sipdiscover -l strict-naming -d 'EnableStrictDNSNaming: only <domain> and sip.<domain> are allowed'
complete -c sipdiscover -l trusted-domains -x -d 'lync2010, lync2013: TrustModelData, comma-separated domains replacing the defaults'
complete -c sipdiscover -l internal-server -x -a '(__fish_print_hostnames)' -d 'Manual configuration: internal server HOST[:PORT]'
complete -c sipdiscover -l external-server -x -a '(__fish_print_hostnames)' -d 'Manual configuration: external server HOST[:PORT]'
complete -c sipdiscover -l tls-name -x -a '(__fish_print_hostnames)' -d 'With a manual server as an address: SNI and certificate name HOST'

# Discovery
complete -c sipdiscover -l dns-server -x -d 'Ask this DNS server ADDR[:PORT] or ADDR#PORT instead of /etc/resolv.conf\'s'
complete -c sipdiscover -l compare-dns -x -d 'Second view of DNS: also run the DNS stages through ADDR[:PORT]'
complete -c sipdiscover -l timeout -x -d 'Bound on each query and connection step, in seconds (default 3)'
complete -c sipdiscover -l deadline -x -d 'Bound on the whole check of one address, in seconds'
complete -c sipdiscover -s 4 -d 'IPv4 addresses only (A records)'
complete -c sipdiscover -s 6 -d 'IPv6 addresses only (AAAA records)'

# Connection and sign-in probe
complete -c sipdiscover -l no-connect -d 'Stop after DNS and the naming rule'
complete -c sipdiscover -l no-register -d 'Connect and validate, but send no SIP REGISTER'
complete -c sipdiscover -l cafile -r -F -d 'Also trust the CA certificates in FILE (PEM)'
complete -c sipdiscover -l warning-days -x -d 'Warning when the certificate expires within DAYS (default 30)'
complete -c sipdiscover -l critical-days -x -d 'Critical when the certificate expires within DAYS (default 7)'
complete -c sipdiscover -l federation -d 'A federation problem is a WARNING'

# Kerberos (no password is read or sent)
complete -c sipdiscover -l kerberos -d "Ask the realm's KDCs whether they know the principals the server names"
complete -c sipdiscover -l krb-realm -x -d 'The Kerberos realm (default: the domain in upper case)'
complete -c sipdiscover -l krb-user -x -d "The user the KDC is asked about (default: the address's user)"

# Input and output
complete -c sipdiscover -l json -d 'One JSON object per address (JSON Lines)'
complete -c sipdiscover -l nagios -d 'Monitoring Plugins format: one status line for the run, then long output'
complete -c sipdiscover -s q -l quiet -d 'Print only the verdict line'
complete -c sipdiscover -s v -l verbose -d 'Also show raw DNS answers, SIP messages, certificate serials and chains'
complete -c sipdiscover -l color -x -a 'auto always never' -d 'Colour the trace'
complete -c sipdiscover -s f -l file -r -F -d 'Read addresses from FILE, one per line (- = stdin; UTF-8 or UTF-16 with a BOM)'
complete -c sipdiscover -s j -l jobs -x -d 'Check up to N addresses at once (default 16)'
complete -c sipdiscover -l version -d 'Print the version and exit'

# Help options
complete -c sipdiscover -s '?' -l help -d 'Show the help message'
complete -c sipdiscover -l usage -d 'Display a brief usage message'
