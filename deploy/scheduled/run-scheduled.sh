#!/usr/bin/env bash
# Load every source of deploy/scheduled/sources.conf (or the file given as $1), one after the other.
# Exit status: 0 all loaded cleanly; 3 some rows were rejected (see `kb runs`); 1 a load failed;
# 75 another load held the lock. Meant for cron, systemd timers and the compose `loader` service.
set -uo pipefail
conf="${1:-$(dirname "$0")/sources.conf}"
kb="${KB:-kb}"
worst=0
while read -r fmt target options; do
  [[ -z "${fmt:-}" || "$fmt" == \#* ]] && continue
  # Logged without user information or query string: either may hold a credential.
  shown="${target%%[?#]*}"
  shown="$(sed -E 's#^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@#\1#' <<<"$shown")"
  echo "== $(date -u +%FT%TZ) kb load $fmt $shown"
  # shellcheck disable=SC2086 # options are meant to split
  "$kb" load "$fmt" "$target" --wait 600 ${options:-}
  status=$?
  case $status in
    0) ;;
    3) [[ $worst -eq 0 ]] && worst=3 ;;
    75) [[ $worst -ne 1 ]] && worst=75 ;;
    *) worst=1 ;;
  esac
done < "$conf"
exit "$worst"
