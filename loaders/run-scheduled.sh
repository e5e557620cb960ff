#!/usr/bin/env bash
# Load the sources defined in loaders/sources/*.conf (or the definition files and folders given),
# one after the other, each when its cadence says it is due. See loaders/README.md.
#
#   run-scheduled.sh [--force] [DEFINITION.conf | FOLDER ...]
#
# --force loads every enabled source now, whatever its cadence. Exit status, counting only the
# outcomes a source's `alert` names: 0 nothing to alert; 3 some rows were rejected (see `kb runs`);
# 1 a load failed or a definition is invalid; 75 another load held the lock. Meant for cron,
# systemd timers and the compose `loader` service.
set -uo pipefail
kb="${KB:-kb}"
state="${KB_SCHEDULE_STATE:-${KB_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/kb}/schedule}"
force=0
[[ "${1:-}" == --force ]] && { force=1; shift; }
(($#)) || set -- "$(dirname "$0")/sources"
worst=0

# Fold an outcome's exit status into the run's: failed (1) over locked (75) over rejected (3).
fold() {
  case $1 in
    0) ;;
    3) [[ $worst -eq 0 ]] && worst=3 ;;
    75) [[ $worst -ne 1 ]] && worst=75 ;;
    *) worst=1 ;;
  esac
}

# Report an outcome of source $1 (word $2, exit status $3) as an alert when its definition asks.
outcome() {
  local name=$1 word=$2 status=$3
  if [[ " $alert " == *" $word "* ]]; then
    echo "ALERT $name: $word (exit $status)" >&2
    fold "$status"
    if [[ -n "${KB_ALERT_COMMAND:-}" ]]; then
      # shellcheck disable=SC2086 # the command is meant to split into a program and its arguments
      ${KB_ALERT_COMMAND} "$name" "$word" "$status" || echo "ALERT $name: KB_ALERT_COMMAND failed" >&2
    fi
  elif [[ $word != loaded ]]; then
    echo "-- $name: $word (exit $status; not alerted: alert = ${alert:-none})"
  fi
}

# Seconds in a cadence: hourly, daily, weekly, or a number of hours or days (6h, 2d).
cadence_seconds() {
  case $1 in
    hourly) echo 3600 ;;
    daily) echo 86400 ;;
    weekly) echo 604800 ;;
    *h) [[ ${1%h} =~ ^[1-9][0-9]*$ ]] && echo $((${1%h} * 3600)) ;;
    *d) [[ ${1%d} =~ ^[1-9][0-9]*$ ]] && echo $((${1%d} * 86400)) ;;
  esac
}

# Read definition $1 into format, url, cadence, alert, options, enabled; a problem is printed as
# one line naming the file and line, and makes it return 1.
read_definition() {
  local file=$1 line key value n=0
  format='' url='' cadence='' alert='failed rejected locked' options='' enabled=yes
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    [[ $line =~ ^[[:space:]]*(#.*)?$ ]] && continue
    if [[ ! $line =~ ^[[:space:]]*([a-z]+)[[:space:]]*=[[:space:]]*(.*)$ ]]; then
      # The line itself is not shown: it may be an old one-line-per-source entry holding a credential.
      echo "$file:$n: expected 'key = value' (one file per source: see loaders/README.md)" >&2
      return 1
    fi
    key=${BASH_REMATCH[1]}
    value=${BASH_REMATCH[2]%%[[:space:]]#*} # a comment after the value starts with " #"
    value=${value%"${value##*[![:space:]]}"}
    case $key in
      format | url | cadence | alert | options | enabled) printf -v "$key" '%s' "$value" ;;
      *) echo "$file:$n: unknown key '$key' (format, url, cadence, alert, options, enabled)" >&2 && return 1 ;;
    esac
  done <"$file"
  local missing
  for missing in format url cadence; do
    [[ -n ${!missing} ]] || { echo "$file: no '$missing = …' line" >&2 && return 1; }
  done
  [[ -n $(cadence_seconds "$cadence") ]] \
    || { echo "$file: cadence '$cadence' is not hourly, daily, weekly, Nh or Nd" >&2 && return 1; }
  [[ $enabled == yes || $enabled == no ]] || { echo "$file: enabled is '$enabled', not yes or no" >&2 && return 1; }
  [[ $alert == none ]] && alert=''
  local word
  for word in $alert; do
    [[ $word == failed || $word == rejected || $word == locked ]] \
      || { echo "$file: alert '$word' is not failed, rejected, locked (or none)" >&2 && return 1; }
  done
}

# Whether source $1 (cadence $2 seconds) has no load in the current period. Periods are counted in
# UTC from Monday 1970-01-05, so a daily source is due at the first run after midnight UTC and a
# weekly one at the first run of the week, however late the previous run was.
due() {
  local stamp="$state/$1.last" last now
  ((force)) && return 0
  [[ -r $stamp ]] || return 0
  last=$(<"$stamp")
  [[ $last =~ ^[0-9]+$ ]] || return 0
  now=$(date -u +%s)
  local monday=345600
  (((now - monday) / $2 > (last - monday) / $2))
}

definitions=()
for target in "$@"; do
  if [[ -d $target ]]; then
    for file in "$target"/*.conf; do [[ -e $file ]] && definitions+=("$file"); done
  else
    definitions+=("$target")
  fi
done
((${#definitions[@]})) || echo "no source definitions (*.conf) in: $*" >&2

set -f # from here on, a * in options or a URL is a character, not a pattern
for file in "${definitions[@]}"; do
  name=$(basename "$file" .conf)
  alert='failed'
  if [[ ! -r $file ]]; then
    echo "$file: no such definition" >&2
    outcome "$name" failed 1
    continue
  fi
  if ! read_definition "$file"; then
    alert='failed'
    outcome "$name" failed 1
    continue
  fi
  [[ $enabled == yes ]] || continue
  period=$(cadence_seconds "$cadence")
  if ! due "$name" "$period"; then
    echo "-- $name: not due (cadence $cadence; last load $(date -u -d "@$(<"$state/$name.last")" +%FT%TZ))"
    continue
  fi
  # Logged without user information or query string: either may hold a credential.
  shown="${url%%[?#]*}"
  shown="$(sed -E 's#^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@#\1#' <<<"$shown")"
  started=$(date -u +%s)
  echo "== $(date -u -d "@$started" +%FT%TZ) $name: kb load $format $shown"
  # shellcheck disable=SC2086 # options are meant to split
  "$kb" load "$format" "$url" --wait 600 ${options}
  status=$?
  case $status in
    0 | 3)
      mkdir -p "$state" && echo "$started" >"$state/$name.last"
      if [[ $status -eq 0 ]]; then outcome "$name" loaded 0; else outcome "$name" rejected 3; fi
      ;;
    75) outcome "$name" locked 75 ;;
    *) outcome "$name" failed "$status" ;;
  esac
done
exit "$worst"
