# bash completion for kam: commands, their options (read from 'kam CMD --help',
# so it follows the installed kam), account ids of the plans repository
# around the current folder, and quarters.

_kam_accounts() {
	local dir="$PWD" accounts=accounts
	while [ "$dir" != "/" ] && [ ! -f "$dir/kam.yaml" ]; do dir=$(dirname "$dir"); done
	[ -f "$dir/kam.yaml" ] || return
	local setting
	setting=$(sed -n 's/^accounts:[[:space:]]*\([^#[:space:]]*\).*/\1/p' "$dir/kam.yaml")
	[ -n "$setting" ] && accounts=$setting
	for f in "$dir/$accounts"/*.md; do
		[ -e "$f" ] && basename "$f" .md
	done
}

# @id of each team member of kam.yaml (kam agenda @MEMBER)
_kam_members() {
	local dir="$PWD"
	while [ "$dir" != "/" ] && [ ! -f "$dir/kam.yaml" ]; do dir=$(dirname "$dir"); done
	[ -f "$dir/kam.yaml" ] || return
	awk '/^[^ #-]/ { team = ($0 ~ /^team:/) } team && match($0, /id:[ ]*[^,} ]+/) {
		v = substr($0, RSTART, RLENGTH); sub(/id:[ ]*/, "", v); print "@" v }' "$dir/kam.yaml"
}

_kam_quarters() {
	local y
	y=$(date +%Y)
	for year in $((y - 1)) "$y" $((y + 1)); do
		printf '%s-Q1 %s-Q2 %s-Q3 %s-Q4 ' "$year" "$year" "$year" "$year"
	done
}

_kam() {
	local cur prev cmd i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C | --today | --color) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	case $prev in
	--quarter) COMPREPLY=($(compgen -W "$(_kam_quarters)" -- "$cur")); return ;;
	--format) COMPREPLY=($(compgen -W "text json md github sarif dot ics csv" -- "$cur")); return ;;
	--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--by) COMPREPLY=($(compgen -W "account owner tier" -- "$cur")); return ;;
	-C | -o | --output) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	esac
	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-C --today --color -q --quiet --version --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(kam help 2>/dev/null | sed -n 's/^  \([a-z]*\) .*/\1/p')" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(kam "$cmd" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
		return
	fi
	case $cmd in
	review | log | links | brief | render | new | whitespace) COMPREPLY=($(compgen -W "$(_kam_accounts)" -- "$cur")) ;;
	agenda) COMPREPLY=($(compgen -W "$(_kam_members)" -- "$cur")) ;;
	export) COMPREPLY=($(compgen -W "opportunities contacts actions revenue contracts" -- "$cur")) ;;
	help) COMPREPLY=($(compgen -W "$(kam help 2>/dev/null | sed -n 's/^  \([a-z]*\) .*/\1/p')" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}

complete -F _kam kam
