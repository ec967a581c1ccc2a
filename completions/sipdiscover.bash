# bash completion for sipdiscover(1)                              -*- shell-script -*-
# Self-contained: works with or without the bash-completion package.
# The option list mirrors the popt table in src/options.c; tests/e2e/docs.bats
# checks that every option of `sipdiscover --help` appears here.

_sipdiscover()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' opt='' val='' i o
	local -a opts=(
		--profile= --no-tcp --strict-naming --trusted-domains= --internal-server= --external-server= --tls-name=
		--dns-server= --compare-dns= --timeout= --deadline= -4 -6
		--no-connect --no-register --cafile= --warning-days= --critical-days=
		--federation --kerberos --krb-realm= --krb-user=
		--json --nagios -q --quiet -v --verbose --color= -f --file= -j --jobs=
		--version -? --help --usage
	)
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# After "--" every word is a sign-in address: nothing to complete.
	for ((i = 1; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == -- ]] && return 0
	done

	# The option whose value is being completed, in any of the forms
	# "--opt=val" (one word), "--opt" "=" "val" (COMP_WORDBREAKS split at "="),
	# "--opt" "=" (cursor right after "="), and "--opt" "val" / "-f" "val".
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*} val=${cur#*=}
	elif [[ $cur == = && $prev == --* ]]; then
		opt=$prev val=
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)) && [[ ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]} val=$cur
	else
		opt=$prev val=$cur
	fi

	case $opt in
	--profile)
		for o in ocs2007r2 lync2010 sipe lync2013 skype sfb lync2015; do
			[[ $o == "$val"* ]] && COMPREPLY+=("$o")
		done
		return 0
		;;
	--color)
		for o in auto always never; do
			[[ $o == "$val"* ]] && COMPREPLY+=("$o")
		done
		return 0
		;;
	-f | --file | --cafile)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$val")
		return 0
		;;
	--internal-server | --external-server | --tls-name | --dns-server | --compare-dns | --timeout | --deadline | \
		--warning-days | --critical-days | -j | --jobs)
		# A free-form value (host, address, number): no addresses after it.
		return 0
		;;
	esac

	# An option name. Addresses (anything else) have no completion.
	if [[ $cur == -* ]]; then
		for o in "${opts[@]}"; do
			[[ $o == "$cur"* ]] && COMPREPLY+=("$o")
		done
		# "--profile=" wants its value right after the "=".
		if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *= ]]; then
			compopt -o nospace 2>/dev/null
		fi
	fi
	return 0
} &&
	complete -F _sipdiscover sipdiscover
