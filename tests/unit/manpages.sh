#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The man pages, on the host: each renders with man -l and no groff
# warning, and vxipctl(8) lists exactly the commands "vxipctl help" lists,
# in its SYNOPSIS and in its COMMANDS section.  KTAP on stdout; run by
# "make unit".
#
#   VXIPCTL=path tests/unit/manpages.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
VXIPCTL=${VXIPCTL:-$PWD/userspace/vxipctl/vxipctl}

echo "TAP version 13"
n=0 n_fail=0
result() {	# ok|"not ok" DESC [DIAG]
	n=$((n + 1))
	[ "$1" = ok ] || { n_fail=$((n_fail + 1)); printf '%s\n' "${3:-}" | sed 's/^/# /'; }
	echo "$1 $n $2"
}

render() {	# PAGE: the page as man prints it, wide enough for one line each
	LC_ALL=C.UTF-8 MANWIDTH=400 man --warnings -E UTF-8 -l "$1"
}

for page in Documentation/vxipctl.8 Documentation/vxip-evpn.8 Documentation/vxip-gossip.8; do
	if ! err=$(render "$page" 2>&1 > /dev/null); then
		result "not ok" "man: $page renders" "$err"
	elif [ -n "$err" ]; then
		result "not ok" "man: $page renders without warnings" "$err"
	else
		result ok "man: $page renders without warnings"
	fi
done

# commands: "OBJECT COMMAND" for each command of lines that start with an
# object ("peer add|replace DEV ..." gives "peer add" and "peer replace");
# just "OBJECT" for one whose next word is not a command (flush DEV,
# apply FILE, monitor [-t]).
commands() {
	awk '{
		if ($2 ~ /^(-c|[a-z]+(\|[a-z]+)*)$/) {
			k = split($2, c, "|")
			for (i = 1; i <= k; i++)
				print $1 " " c[i]
		} else {
			print $1
		}
	}' | sort -u
}

help=$("$VXIPCTL" help | sed -n '/^Objects and commands:/,/^$/p' |
	grep -E '^  [a-z]' | commands)
# The section's tags, at the first indent (7 columns); the paragraphs
# under them, and the nested settings of dev set, are further in.
man=$(render Documentation/vxipctl.8 2> /dev/null)
synopsis=$(echo "$man" | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | tr -s ' ' |
	sed -n 's/^ vxipctl \([a-z]\)/\1/p' | commands)
cmds=$(echo "$man" | sed -n '/^COMMANDS/,/^EXIT STATUS/p' |
	sed -n 's/^       \([a-z]\)/\1/p' | tr -s ' ' | commands)

if [ -z "$help" ]; then
	result "not ok" "vxipctl help lists its commands" "no commands in: $VXIPCTL help"
fi
for what in synopsis cmds; do
	eval "got=\$$what"
	desc="vxipctl.8 $([ $what = cmds ] && echo COMMANDS || echo SYNOPSIS): the commands of vxipctl help"
	if [ "$got" = "$help" ]; then
		result ok "$desc"
	else
		result "not ok" "$desc" "$(diff <(echo "$help") <(echo "$got") |
			sed -n 's/^< /in vxipctl help only: /p; s/^> /in the man page only: /p')"
	fi
done

echo "1..$n"
[ "$n_fail" = 0 ]
