#!/bin/sh
# The .deb's prerm (electron-builder.yml: deb.fpm --before-remove). Before the
# package is removed, warn when any user of this computer has calls that have
# not reached LeadSquared. Removing the package never deletes users' data
# folders, so nothing is lost yet; the warning is for the wipe or reimage that
# often follows. It only prints: apt may be run by a script or by
# unattended-upgrades, so this never asks, never waits and never fails.
#
# Limits (docs/install.md): only the default data folder (~/.config/Call Log for
# LeadSquared) of homes listed in /etc/passwd or found under /home is seen, not
# CALLLOG_DATA_DIR or XDG_CONFIG_HOME set per user; counting needs sqlite3 or
# python3, and without either the folders holding an outbox are only named.
#
# DPKG_ROOT is set by dpkg when it manages a system under another root; empty otherwise.

case "$1" in
  remove) ;;
  *) exit 0 ;; # upgrade, deconfigure, failed-upgrade: the app stays installed
esac

root="${DPKG_ROOT:-}"
data='.config/Call Log for LeadSquared'
# What electron/core/outbox/unsent.ts counts as not delivered: these states (NOT_DELIVERED), and
# not the test calls logged for the built-in sandbox, which never go to LeadSquared (an outbox
# from before calls had a target has no such column: every call counts).
sql="SELECT COUNT(*) FROM entries WHERE state IN ('queued','retry_wait','needs_key','needs_setup','paused','sending')"
has_target="SELECT COUNT(*) FROM pragma_table_info('entries') WHERE name = 'target';"
# The outbox is the user's file: nothing its schema defines may run. A view named entries is
# evaluated by the count, and the sqlite3 shell's SQL has edit(), which starts a program (with root's
# rights, before the count dropped them). So only a plain table named entries is counted (reading
# sqlite_master evaluates nothing), and with trusted_schema off.
plain_table="SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries' COLLATE NOCASE HAVING COUNT(*) = 1 AND MIN(type) = 'table' AND MIN(sql) LIKE 'CREATE TABLE%';"

if command -v sqlite3 >/dev/null 2>&1; then
  counter=sqlite3
elif command -v python3 >/dev/null 2>&1; then
  counter=python3
else
  counter=
fi

# The count, as its own script: run as the owner of the data folder (below), never as root.
# Arguments: the data folder, then sqlite3 or python3. Prints the number of undelivered calls, or
# nothing when it cannot tell. Reads a copy: opening a WAL database in place could leave -shm/-wal
# files behind or change the user's file.
count_script='
dir=$1 counter=$2
query() {
  if [ "$counter" = sqlite3 ]; then
    sqlite3 -cmd "PRAGMA trusted_schema=OFF" "$1" "$2" 2>/dev/null
  else
    python3 -c "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute(\"PRAGMA trusted_schema=OFF\"); print(db.execute(sys.argv[2]).fetchone()[0])" "$1" "$2" 2>/dev/null
  fi
}
tmp=$(mktemp -d 2>/dev/null) || exit 0
if cp "$dir/calls.sqlite" "$tmp/calls.sqlite" 2>/dev/null; then
  [ -f "$dir/calls.sqlite-wal" ] && cp "$dir/calls.sqlite-wal" "$tmp/calls.sqlite-wal" 2>/dev/null
  if [ "$(query "$tmp/calls.sqlite" "$PLAIN_TABLE")" = 1 ]; then
    q="$UNSENT;"
    [ "$(query "$tmp/calls.sqlite" "$HAS_TARGET")" = 1 ] && q="$UNSENT AND target IS NOT '"'"'sandbox'"'"';"
    query "$tmp/calls.sqlite" "$q"
  fi
fi
rm -rf "$tmp"
'
export UNSENT="$sql" HAS_TARGET="$has_target" PLAIN_TABLE="$plain_table"

# Prints the number of undelivered calls in the outbox $1, or nothing when it cannot tell.
# The folder and everything in it belong to its user: as root, a symlink there could have root read
# any file, a FIFO stop the removal, and a malformed database meet SQLite's parser with root's
# rights. So the count runs with the folder owner's rights (setpriv, util-linux), bounded in time;
# where that is not possible, the folder is only named.
count_unsent() {
  [ -n "$counter" ] || return 0
  owner=$(stat -c %u "$1" 2>/dev/null) && group=$(stat -c %g "$1" 2>/dev/null) || return 0
  if [ "$owner" = "$(id -u)" ]; then
    set -- "$1"
  elif command -v setpriv >/dev/null 2>&1; then
    set -- "$1" setpriv --reuid="$owner" --regid="$group" --clear-groups --
  else
    return 0
  fi
  dir=$1
  shift
  if command -v timeout >/dev/null 2>&1; then set -- timeout -k 5 30 "$@"; fi
  counted=$(cd / && "$@" /bin/sh -c "$count_script" count "$dir" "$counter" 2>/dev/null)
  case "$counted" in
    '' | *[!0-9]*) ;;
    *) printf '%s\n' "$counted" ;;
  esac
}

# Home directories, each once: local accounts from passwd, and directory-service
# accounts (sssd /home/user@domain, winbind /home/DOMAIN/user) from /home.
homes() {
  if [ -r "$root/etc/passwd" ]; then
    while IFS=: read -r _ _ _ _ _ home _; do
      case "$home" in /*) printf '%s\n' "$home" ;; esac
    done <"$root/etc/passwd"
  fi
  for h in "$root"/home/* "$root"/home/*/*; do
    [ -d "$h/.config" ] && printf '%s\n' "${h#"$root"}"
  done
}

seen='
'
report=$(
  homes | while IFS= read -r home; do
    case "$seen" in *"
$home
"*) continue ;; esac
    seen="$seen$home
"
    dir="$root$home/$data"
    [ -f "$dir/calls.sqlite" ] || continue
    n=$(count_unsent "$dir")
    if [ -z "$n" ] && [ -z "$counter" ]; then
      printf '  %s: could not be counted (needs sqlite3 or python3); run "leadsquared-call-log --outbox-status" as that user\n' "$home/$data"
    elif [ -z "$n" ]; then
      printf '  %s: could not be counted; run "leadsquared-call-log --outbox-status" as that user\n' "$home/$data"
    elif [ "$n" -gt 0 ]; then
      printf '  %s: %s call(s) not yet with LeadSquared\n' "$home/$data" "$n"
    fi
  done
)

if [ -n "$report" ]; then
  {
    echo "Call Log for LeadSquared: calls not yet delivered to LeadSquared, by data folder:"
    printf '%s\n' "$report"
    echo "Removing the app keeps these data folders, so the calls are not lost now; they are lost if a folder is deleted or this computer is wiped."
    echo "To send them, reinstall the app and have each user open it, or move them to another computer (Settings > Move to a new PC)."
  } >&2
fi
exit 0
