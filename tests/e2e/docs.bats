#!/usr/bin/env bats
# SPEC §7, §8: the man page and the shell completions describe the options that
# `sipdiscover --help` (the popt table, the one description of each option) prints.
load common

MAN=$TOP/man/sipdiscover.1
BASH_COMPLETION=$TOP/completions/sipdiscover.bash
ZSH_COMPLETION=$TOP/completions/_sipdiscover
FISH_COMPLETION=$TOP/completions/sipdiscover.fish
# The profile table (src/core/profile.c) is the one list of profile names (SPEC §4.4).
table_profiles() {
	sed -n 's/^[[:blank:]]*\.name = "\([^"]*\)",.*/\1/p' "$TOP/src/core/profile.c"
}
# The alias column of the same table: other names --profile takes (SPEC §3).
table_aliases() {
	sed -n 's/^[[:blank:]]*\.aliases = { \(.*\) },.*/\1/p' "$TOP/src/core/profile.c" | tr -d '" ' | tr ',' '\n'
}
PROFILES=$(table_profiles | paste -sd " ")
# What a completion offers for --profile: the names, then the aliases.
PROFILE_WORDS=$( { table_profiles; table_aliases; } | paste -sd " ")

teardown() {
	[ -n "${DOCS_DNS_DIR:-}" ] && stop_dnsmasq "$DOCS_DNS_DIR"
	return 0
}

# The options of --help, one per line: long ones (--no-tcp) and short ones (-4, -?).
help_options() {
	local help
	help=$("$SD" --help)
	grep -oE -- '--[a-z0-9][a-z0-9-]*' <<<"$help"
	grep -oE -- '^  -[^-, ]' <<<"$help" | sed 's/^ *//'
}

# The man page as a reader sees it.
man_text() {
	mandoc -Tutf8 "$MAN" | col -b
}

# The extended regular expression that matches the string $1 literally.
ere_quote() {
	# shellcheck disable=SC2016,SC2001 # a literal bracket expression, over several characters
	sed 's/[][?.*+^$(){}|\\]/\\&/g' <<<"$1"
}

# has_option OPTION TEXT: OPTION occurs in TEXT as a whole word ("-f" is not
# found in "--file", "--no-tcp" not in "--no-tcpx").
has_option() {
	grep -Eq -- "(^|[^-[:alnum:]])$(ere_quote "$1")([^-[:alnum:]]|\$)" <<<"$2"
}

# every_option_in TEXT: fails, naming them, when options of --help are missing.
every_option_in() {
	local opt missing=()
	while read -r opt; do
		has_option "$opt" "$1" || missing+=("$opt")
	done < <(help_options | sort -u)
	[ "$(help_options | wc -l)" -ge 25 ] || fail "could not parse --help"
	[ ${#missing[@]} -eq 0 ] || fail "missing: ${missing[*]}"
}

# Defines _sipdiscover, as bash does when it loads the completion file.
load_bash_completion() {
	# shellcheck source-path=SCRIPTDIR/../.. source=completions/sipdiscover.bash
	source "$BASH_COMPLETION"
}

# The completions bash offers for the last word: complete_words sipdiscover --pro
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_sipdiscover sipdiscover "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	echo "${COMPREPLY[*]}"
}

@test "SPEC 7: every option in --help is in the man page" {
	every_option_in "$(man_text)"
}

@test "SPEC 7: every option in --help has its own entry under OPTIONS" {
	local opt missing=() section
	section=$(man_text | awk '/^OPTIONS/ { on = 1; next } /^[A-Z]/ { on = 0 } on')
	while read -r opt; do
		grep -qE -- "^[[:blank:]]+(-[^[:blank:],]+, )?$(ere_quote "$opt")([=,[:blank:]]|\$)" <<<"$section" ||
			missing+=("$opt")
	done < <(help_options | sort -u)
	[ ${#missing[@]} -eq 0 ] || fail "no entry: ${missing[*]}"
}

@test "SPEC 7: every option group of --help is a subsection of the man page's OPTIONS" {
	local group text
	text=$(man_text)
	while read -r group; do
		grep -qE "^[[:blank:]]+$(ere_quote "${group%:}")\$" <<<"$text" || fail "no subsection \"${group%:}\""
	done < <("$SD" --help | grep -E '^[A-Z].*:$')
}

@test "SPEC 7: every option in --help is in the bash completion" {
	every_option_in "$(cat "$BASH_COMPLETION")"
}

@test "SPEC 7: every option in --help is in the zsh completion" {
	# zsh quotes "-?" as "-\?"
	every_option_in "$(sed 's/\\//g' "$ZSH_COMPLETION")"
}

@test "SPEC 7: every option in --help is in the fish completion" {
	local opt missing=() text
	text=$(cat "$FISH_COMPLETION")
	while read -r opt; do
		case $opt in
		--*) grep -Eq -- "-l ${opt#--}( |\$)" <<<"$text" ;;
		*) grep -Eq -- "-s '?$(ere_quote "${opt#-}")'? " <<<"$text" ;;
		esac || missing+=("$opt")
	done < <(help_options | sort -u)
	[ ${#missing[@]} -eq 0 ] || fail "missing: ${missing[*]}"
}

@test "the man page is clean under mandoc -Tlint" {
	run mandoc -Tlint -W warning "$MAN"
	assert_success
	assert_output ''
}

@test "the man page lists every profile" {
	local p text
	text=$(man_text)
	for p in $PROFILES; do
		grep -qw -- "$p" <<<"$text" || fail "profile $p missing"
	done
	# ... in the profile table, and as values of --profile
	for p in $PROFILES; do
		grep -qE "^[[:blank:]]+$p([[:blank:]]|\$)" <<<"$text" || fail "profile $p not in the table"
	done
}

@test "SPEC 6: the man page states one --no-connect rule: clear-text TCP is OK, only DNS errors warn" {
	local text
	text=$(man_text | tr -s ' \n' '  ')
	run grep -oE 'warning when [^.]*clear-text TCP' <<<"$text"
	assert_output ''
	grep -q 'a server reached over clear-text TCP, or an earlier target that does not resolve, shows as a hint only' <<<"$text"
}

# same_names WHAT LIST [aliases|words]: LIST (names, one a line) is exactly the profile table's
# names, its aliases, or both (the words a completion offers), as a set.
same_names() {
	local want got
	case ${3:-names} in
	aliases) want=$(table_aliases | sort -u) ;;
	words) want=$( { table_profiles; table_aliases; } | sort -u) ;;
	*) want=$(table_profiles | sort -u) ;;
	esac
	got=$(sort -u <<<"$2")
	[ -n "$want" ] || fail "no profile found in src/core/profile.c"
	[ "$want" = "$got" ] || fail "$1 lists [$(echo $got)], the table has [$(echo $want)]"
}

@test "SPEC 4.4: --help, the usage error, the completions and the man page list exactly the profile table" {
	local help
	help=$("$SD" --help | tr -s ' \n' '  ')
	local list
	list=$(sed -n 's/.*order is replayed: \([^-]*\) *--.*/\1/p' <<<"$help")
	same_names "--help" "$(sed 's/;.*//; s/ (default)//; s/, */\n/g; s/ *$//' <<<"$list")"
	same_names "--help's aliases" "$(sed -n 's/.*; \(.*\) are lync2013.*/\1/p' <<<"$list" | sed 's/, */\n/g')" aliases
	sd_split --profile=no-such-profile a@contoso.test
	[ "$status" -eq 3 ]
	# "(ocs2007r2 = Office Communicator 2007 R2, the default; ...; lync2013 = ..., also skype, sfb, lync2015)"
	list=$(sed -n 's/.*unknown profile "no-such-profile" (\(.*\))$/\1/p' <<<"$stderr")
	same_names "the usage error" "$(sed 's/; */\n/g' <<<"$list" | sed 's/ = .*//')"
	same_names "the usage error's aliases" "$(sed -n 's/.*, also \(.*\)/\1/p' <<<"$list" | sed 's/, */\n/g')" aliases
	same_names "the bash completion" "$(sed -n '/--profile)/,/done/s/.*for o in \(.*\); do/\1/p' \
		"$BASH_COMPLETION" | tr ' ' '\n')" words
	same_names "the zsh completion" "$(sed -n "s/.*--profile=.*:profile:(\([^)]*\)).*/\1/p" \
		"$ZSH_COMPLETION" | tr ' ' '\n')" words
	same_names "the fish completion" "$(sed -n "s/.*-l profile .*-a '\([^']*\)'.*/\1/p" \
		"$FISH_COMPLETION" | tr ' ' '\n')" words
	# Each alias in the man page's Profiles section and in the --profile entry.
	local a
	for a in $(table_aliases); do
		sed -n '/^\.Ss Profiles/,/^\.Ss /p' "$MAN" | grep -qE "^\.Cm $a( [,.;)])?\$" || fail "alias $a not in the man page's Profiles"
		sed -n '/^\.It Fl -profile/,/^\.It /p' "$MAN" | grep -qE "^\.Cm $a( [,.;)])?\$" || fail "alias $a not under --profile"
	done
	# The first column of the man page's profile table: the line after each "_" row.
	same_names "the man page's profile table" "$(sed -n '/^\.Ss Profiles/,/^\.TE/p' "$MAN" |
		awk 'after && $0 == "T{" { next } after { sub(/[| ].*/, ""); print; after = 0 } $0 == "_" { after = 1 }')"
}

@test "SPEC 5: the man page explains every naming rule id" {
	local id text
	text=$(man_text)
	for id in host-is-domain sip-dot-domain one-label-under-domain strict-naming \
		deeper-than-one-label outside-domain; do
		grep -qE -- "^[[:blank:]]+$id([[:blank:]]|\$)" <<<"$text" || fail "rule $id missing"
	done
	for host in sip.eng.contoso.com sip.contoso.net sip.com sip.contoso.com.cpandl.com; do
		grep -qF -- "$host" <<<"$text" || fail "reference example $host missing"
	done
}

@test "SPEC 8: the man page's EXIT STATUS lists 0 to 3" {
	local section
	section=$(man_text | awk '/^EXIT STATUS/ { on = 1; next } /^[A-Z]/ { on = 0 } on')
	[ -n "$section" ] || fail "no EXIT STATUS section"
	grep -qE '^[[:blank:]]+0[[:blank:]]+OK:' <<<"$section"
	grep -qE '^[[:blank:]]+1[[:blank:]]+WARNING:' <<<"$section"
	grep -qE '^[[:blank:]]+2[[:blank:]]+CRITICAL:' <<<"$section"
	grep -qE '^[[:blank:]]+3[[:blank:]]+UNKNOWN:' <<<"$section"
	grep -q 'worst' <<<"$section"
	run grep -cE '^[[:blank:]]+[0-9]+[[:blank:]]+[A-Z]+:' <<<"$section"
	assert_output 4
}

@test "the man page names its environment variables" {
	local text
	text=$(man_text)
	grep -qE '^[[:blank:]]+NO_COLOR$' <<<"$text"
	grep -qE '^[[:blank:]]+SIPDISCOVER_RESOLV_CONF$' <<<"$text"
}

@test "SPEC 7: every JSON field and value the binary emits is in the man page's JSON schema" {
	local text key missing=()
	DOCS_DNS_DIR=$BATS_TEST_TMPDIR
	start_dnsmasq "$DOCS_DNS_DIR"
	text=$(man_text | awk '/^[[:blank:]]+JSON$/ { on = 1; next } /^[[:blank:]]+Nagios$/ { on = 0 } on')
	[ -n "$text" ] || fail "no JSON subsection under OUTPUT"
	{
		"$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 --json --no-connect \
			jeremy@contoso.test kim@fabrikam.test ann@northwind.test bob@adatum.test 'tel:1' 2>/dev/null || true
		"$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 --json --no-connect --profile=sipe \
			kim@fabrikam.test || true
		"$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 --json --no-connect --no-tcp \
			--internal-server=127.0.0.2:5061 --external-server=sip.contoso.test jeremy@contoso.test || true
	} >"$BATS_TEST_TMPDIR/out.jsonl"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out.jsonl")" -ge 6 ]
	while read -r key; do
		grep -qE "(^|[^[:alnum:]_])${key}([^[:alnum:]_-]|\$)" <<<"$text" || missing+=("$key")
	done < <(jq -r '.. | objects | keys[]' "$BATS_TEST_TMPDIR/out.jsonl" | sort -u)
	# Enumerated values (status, result, state, ...) are documented too.
	while read -r key; do
		grep -qE "(^|[^[:alnum:]_-])${key}([^[:alnum:]_-]|\$)" <<<"$text" || missing+=("value $key")
	done < <(jq -r '.. | objects | to_entries[]
		| select(.key | IN("status", "transport", "origin", "fallback", "role", "type",
		                   "result", "state", "source", "rule", "outcome", "protocol"))
		| .value | strings' "$BATS_TEST_TMPDIR/out.jsonl" | sort -u)
	[ ${#missing[@]} -eq 0 ] || fail "not in the man page: ${missing[*]}"
}

@test "bash completion: registered for sipdiscover, without the bash-completion package" {
	run bash --norc --noprofile -c '
		declare -F _init_completion >/dev/null && exit 10
		source "$1" && complete -p sipdiscover' _ "$BASH_COMPLETION"
	assert_success
	assert_output --partial '-F _sipdiscover'
}

@test "bash completion: --pro<TAB> offers --profile" {
	load_bash_completion
	run complete_words sipdiscover --pro
	assert_output --regexp '^--profile=?$'
}

@test "bash completion: --profile=<TAB> and --profile <TAB> offer exactly the profiles" {
	load_bash_completion
	[ "$(complete_words sipdiscover --profile=)" = "$PROFILE_WORDS" ]
	[ "$(complete_words sipdiscover --profile '')" = "$PROFILE_WORDS" ]
	# as readline splits at "=" (COMP_WORDBREAKS)
	[ "$(complete_words sipdiscover --profile =)" = "$PROFILE_WORDS" ]
	[ "$(complete_words sipdiscover --profile = '')" = "$PROFILE_WORDS" ]
	[ "$(complete_words sipdiscover --profile=si)" = sipe ]
	[ "$(complete_words sipdiscover --profile=s)" = "sipe skype sfb" ]
	[ "$(complete_words sipdiscover --profile = l)" = "lync2010 lync2013 lync2015" ]
}

@test "bash completion: --color=<TAB> offers auto always never" {
	load_bash_completion
	[ "$(complete_words sipdiscover --color=)" = "auto always never" ]
	[ "$(complete_words sipdiscover --color '')" = "auto always never" ]
	[ "$(complete_words sipdiscover --json --color = a)" = "auto always" ]
}

@test "bash completion: --no-t<TAB> completes --no-tcp" {
	load_bash_completion
	[ "$(complete_words sipdiscover --no-t)" = --no-tcp ]
	[ "$(complete_words sipdiscover -q --no-c)" = --no-connect ]
}

@test "bash completion: -f, --file and --cafile complete file names" {
	load_bash_completion
	mkdir "$BATS_TEST_TMPDIR/d"
	touch "$BATS_TEST_TMPDIR/d/addresses" "$BATS_TEST_TMPDIR/d/ca.pem"
	cd "$BATS_TEST_TMPDIR/d"
	[ "$(complete_words sipdiscover -f add)" = addresses ]
	[ "$(complete_words sipdiscover --file=add)" = addresses ]
	[ "$(complete_words sipdiscover --file = add)" = addresses ]
	[ "$(complete_words sipdiscover --cafile c)" = ca.pem ]
}

@test "bash completion: options taking a value offer no addresses or options after them" {
	load_bash_completion
	local opt
	for opt in --timeout --deadline --dns-server --internal-server --external-server --warning-days \
		--critical-days --jobs -j; do
		[ -z "$(complete_words sipdiscover "$opt" '')" ] || fail "$opt offers something"
	done
	[ -z "$(complete_words sipdiscover --timeout=)" ]
	# and addresses are free text
	[ -z "$(complete_words sipdiscover '')" ]
	[ -z "$(complete_words sipdiscover -- --no)" ]
}

@test "zsh completion: parses, and starts with #compdef" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run head -n 1 "$ZSH_COMPLETION"
	assert_output '#compdef sipdiscover'
	run zsh -n "$ZSH_COMPLETION"
	assert_success
}

@test "fish completion: --profile and --color offer their values" {
	command -v fish >/dev/null || skip "fish is not installed"
	run fish --no-config -c "source $FISH_COMPLETION; complete -C'sipdiscover --profile '"
	assert_success
	[ "$(cut -f1 <<<"$output" | sort | tr '\n' ' ')" = "lync2010 ocs2007r2 sipe " ]
	run fish --no-config -c "source $FISH_COMPLETION; complete -C'sipdiscover --color='"
	[ "$(cut -f1 <<<"$output" | sort | tr '\n' ' ')" = "--color=always --color=auto --color=never " ]
	run fish --no-config -c "source $FISH_COMPLETION; complete -C'sipdiscover --timeout '"
	assert_output ''
}
