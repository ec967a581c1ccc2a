#!/usr/bin/env bats
# SPEC §7, §8 in a real monitoring engine (issue 11): `make install PREFIX=DIR/prefix`,
# the CheckCommand it installed loaded by a private Icinga 2 (Debian icinga2-bin, not the
# system service) through `include <plugins-contrib>`, checks of the demo site
# (tests/site: contoso.test works, fabrikam.test fails) forced through the REST API and
# their results read back; the Nagios command definition checked by `nagios4 -v`.
# The install uses a real PREFIX rather than DESTDIR so that the path written into the
# definitions exists and the engine runs them unedited (build.bats checks the DESTDIR
# layout). With SD_PACKAGED=1 nothing is installed: the tests use the files the Debian
# package put in /usr and /etc (make deb-check runs them so, after dpkg -i).
load common

if [ "${SD_PACKAGED:-}" = 1 ]; then
	PREFIX_DIR=/usr
	NAGIOS_CFG=/etc/nagios-plugins/config/sipdiscover.cfg
else
	PREFIX_DIR=$BATS_FILE_TMPDIR/prefix # make install PREFIX=$PREFIX_DIR
	NAGIOS_CFG=$PREFIX_DIR/share/sipdiscover/nagios-sipdiscover.cfg
fi

# icinga_api METHOD PATH [JSON]: the API's answer on stdout; fails on an HTTP error.
icinga_api() {
	curl -sSfk --max-time 10 -u "sdtest:$(cat "$DIR/icinga/api-password")" \
		-H 'Accept: application/json' -X "$1" "https://127.0.0.1:$(cat "$DIR/api-port")$2" \
		${3:+-d "$3"}
}

# The objects Icinga checks: the demo site as one host, one service per demo domain.
# Active checks are off: a check runs only when the test forces it.
write_objects() {
	cat >"$DIR/objects.conf" <<CONF
object Host "demo-site" {
  check_command = "dummy"
  enable_active_checks = false
}
template Service "demo-sipdiscover" {
  host_name = "demo-site"
  check_command = "sipdiscover"
  enable_active_checks = false
  vars.sipdiscover_dns_server = [ "127.0.0.1:$DNS_PORT" ]
  vars.sipdiscover_cafile = "$DIR/certs/ca.pem"
}
object Service "contoso.test" {
  import "demo-sipdiscover"
  vars.sipdiscover_address = "sip:jeremy@contoso.test"
}
object Service "fabrikam.test" {
  import "demo-sipdiscover"
  vars.sipdiscover_address = "sip:kim@fabrikam.test"
}
CONF
}

start_icinga() {
	local try port
	for try in 1 2 3; do
		port=$(random_port)
		echo "$port" >"$DIR/api-port"
		"$SITE/start-icinga2" "$DIR/icinga" "$PREFIX_DIR" "$port" "$DIR/objects.conf" \
			2>>"$DIR/icinga-start.err" && return 0
	done
	cat "$DIR/icinga-start.err" >&2
	return 1
}

# Forces both checks and waits (at most 30 s) until both have a result; the services
# as the API returned them are then in $DIR/services.json.
force_checks() {
	local i
	icinga_api POST /v1/actions/reschedule-check \
		'{"type": "Service", "filter": "host.name == \"demo-site\"", "force": true}' >/dev/null
	for i in $(seq 300); do
		icinga_api GET '/v1/objects/services?attrs=last_check_result&attrs=state' >"$DIR/services.json" &&
			[ "$(jq '[.results[] | select(.attrs.last_check_result != null)] | length' \
				"$DIR/services.json")" = 2 ] && return 0
		sleep 0.1
	done
	cat "$DIR/services.json" >&2
	return 1
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	[ "${SD_PACKAGED:-}" = 1 ] ||
		env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$TOP" --no-print-directory install \
			PREFIX="$PREFIX_DIR" >"$DIR/install.log" 2>&1 || { cat "$DIR/install.log" >&2; return 1; }
	"$SITE/mkcerts" "$DIR/certs"
	start_dnsmasq "$DIR"
	export DNS_PORT
	"$SITE/start-kamailio" "$DIR/pool" 127.0.0.2 5061 5060 "$DIR/certs/valid.pem" \
		"$DIR/certs/valid-key.pem" lync pool.contoso.test
	if command -v icinga2 >/dev/null && command -v curl >/dev/null; then
		write_objects
		start_icinga
		force_checks
	fi
}

teardown_file() {
	"$SITE/stop-icinga2" "$BATS_FILE_TMPDIR/icinga"
	"$SITE/stop-kamailio" "$BATS_FILE_TMPDIR/pool" 2>/dev/null || true
	stop_dnsmasq "$BATS_FILE_TMPDIR"
}

need_icinga() {
	command -v icinga2 >/dev/null ||
		skip "icinga2 missing: Debian icinga2-bin could not be installed (scripts/packages.txt)"
	command -v curl >/dev/null || skip "curl missing: Debian curl could not be installed"
}

# result SERVICE JQ: JQ over that service's last check result as the API returned it.
result() {
	jq -r --arg s "$1" ".results[] | select(.name == \"demo-site!\" + \$s) | .attrs.last_check_result | $2" \
		"$DIR/services.json"
}

@test "make install: the Icinga 2 CheckCommand is in plugins-contrib.d and runs the installed binary" {
	need_icinga
	[ -f "$PREFIX_DIR/share/icinga2/include/plugins-contrib.d/sipdiscover.conf" ]
	run result contoso.test '.command[0]'
	assert_output "$PREFIX_DIR/bin/sipdiscover"
	run result contoso.test '.command | join(" ")'
	assert_output --partial "--dns-server 127.0.0.1:$DNS_PORT"
}

@test "SPEC 7, 8 in Icinga 2: the working demo domain is OK, with performance data" {
	need_icinga
	run result contoso.test '"\(.exit_status) \(.state)"'
	assert_output "0 0"
	run result contoso.test '.output'
	assert_output --regexp '^SIPDISCOVER OK - '
	run result contoso.test '.performance_data | join(" ")'
	assert_output --regexp '(^| )dns=[0-9]+ms( |$)'
	assert_output --regexp '(^| )total=[0-9]+ms( |$)'
	assert_output --regexp '(^| )cert_days=[0-9]+;30:;7:( |$)'
}

@test "SPEC 7, 8 in Icinga 2: the failing demo domain is CRITICAL" {
	need_icinga
	run result fabrikam.test '"\(.exit_status) \(.state)"'
	assert_output "2 2"
	run result fabrikam.test '.output'
	assert_output --regexp '^SIPDISCOVER CRITICAL - '
}

@test "SPEC 7 in Icinga 2: the first line of the failing domain names its cause, the hints follow" {
	need_icinga
	run result fabrikam.test '.output | split("\n")[0]'
	assert_output --regexp '^SIPDISCOVER CRITICAL - SRV records exist for fabrikam\.test but no target is usable \(1 not resolving\)'
	run result fabrikam.test '.output | split("\n")[1:] | join("\n")'
	assert_output --partial 'SRV target lyncfe.fabrikam.test (from _sipinternaltls._tcp.fabrikam.test) does not resolve'
	run result fabrikam.test '.output | split("\n") | map(select(test("[[:blank:]]$"))) | tojson'
	assert_output '[]' # lines that end in a blank
	run result fabrikam.test '.performance_data | join(" ")'
	assert_output --regexp '^dns=[0-9]+ms total=[0-9]+ms$'
}

@test "Icinga 2 loads the CheckCommand with every option a check needs and a 60 s timeout" {
	need_icinga
	run icinga_api GET '/v1/objects/checkcommands/sipdiscover?attrs=arguments&attrs=timeout'
	assert_success
	local cmd=$output opt
	run jq -r '.results[0].attrs.timeout' <<<"$cmd"
	assert_output 60
	for opt in --profile --no-tcp --strict-naming --internal-server --external-server -4 -6 \
		--no-connect --no-register --cafile --warning-days --critical-days --dns-server \
		--timeout --deadline; do
		run jq -e --arg o "$opt" '.results[0].attrs.arguments | has($o)' <<<"$cmd"
		assert_success
	done
	run jq -r '.results[0].attrs.arguments["--dns-server"].repeat_key' <<<"$cmd"
	assert_output true
}

@test "SPEC 3 in Icinga 2: the check runs with a --deadline below the CheckCommand's timeout" {
	need_icinga
	local conf=$PREFIX_DIR/share/icinga2/include/plugins-contrib.d/sipdiscover.conf deadline timeout
	deadline=$(result contoso.test '.command | index("--deadline") as $i | .[$i + 1]')
	timeout=$(grep -oE '^ *timeout = [0-9]+' "$conf" | grep -oE '[0-9]+$')
	[ -n "$deadline" ] && [ "$deadline" != null ] && [ -n "$timeout" ]
	[ "$deadline" -lt "$timeout" ]
}

# Nagios runs a command line through /bin/sh; this one is the installed definition's.
@test "make install: the Nagios command line runs the installed binary" {
	local line
	line=$(sed -n 's/^ *command_line *//p' "$NAGIOS_CFG")
	line=${line//\$ARG1\$/sip:jeremy@contoso.test}
	line=${line//\$ARG2\$/--dns-server=127.0.0.1:$DNS_PORT --cafile=$DIR/certs/ca.pem}
	[[ $line == "$PREFIX_DIR/bin/sipdiscover "* ]]
	run sh -c "$line"
	assert_success
	assert_output --regexp '^SIPDISCOVER OK - '
}

@test "nagios4 -v accepts the installed command definition in a service" {
	command -v nagios4 >/dev/null ||
		skip "nagios4 missing: Debian nagios4-core could not be installed (scripts/packages.txt)"
	local n=$DIR/nagios
	mkdir -p "$n/spool"
	cat >"$n/nagios.cfg" <<CFG
log_file=$n/nagios.log
cfg_file=$NAGIOS_CFG
cfg_file=$n/objects.cfg
status_file=$n/status.dat
temp_file=$n/nagios.tmp
lock_file=$n/nagios.lock
check_result_path=$n/spool
state_retention_file=$n/retention.dat
command_file=$n/nagios.cmd
nagios_user=$(id -un)
nagios_group=$(id -gn)
CFG
	cat >"$n/objects.cfg" <<CFG
define timeperiod {
    timeperiod_name  always
    alias            always
    monday           00:00-24:00
}
define contact {
    contact_name                   sdtest
    host_notifications_enabled     0
    service_notifications_enabled  0
    host_notification_period       always
    service_notification_period    always
    host_notification_options      n
    service_notification_options   n
    host_notification_commands     check_sipdiscover
    service_notification_commands  check_sipdiscover
}
define host {
    host_name              demo-site
    address                127.0.0.1
    max_check_attempts     1
    check_period           always
    notification_period    always
    contacts               sdtest
}
define service {
    host_name              demo-site
    service_description    contoso.test
    check_command          check_sipdiscover!sip:jeremy@contoso.test!--dns-server=127.0.0.1:$DNS_PORT
    max_check_attempts     1
    check_interval         5
    retry_interval         1
    check_period           always
    notification_period    always
    contacts               sdtest
}
CFG
	run nagios4 -v "$n/nagios.cfg"
	assert_success
	assert_output --partial "Total Errors:   0"
	assert_output --partial "Checked 1 commands."
	sed -i 's/check_sipdiscover!/check_sipdiscover_missing!/' "$n/objects.cfg"
	run nagios4 -v "$n/nagios.cfg"
	assert_failure
}
