#!/usr/bin/env bash
# Installs Debian packages on a machine that may be in a bad state: a dpkg run that was interrupted before this
# one (apt then refuses everything with "dpkg was interrupted"), another apt holding the lock, or a mirror that
# fails once. Run as root. All output goes to stderr, so callers may capture their own stdout.
# Usage: scripts/apt-install.sh PACKAGE...
set -euo pipefail
exec 1>&2

[ $# -gt 0 ] || { echo "apt-install: no packages named" >&2; exit 2; }
if [ "$(id -u)" != 0 ]; then
  echo "apt-install: need root to install $*" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -q -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

repair() {
  # Finishes whatever an earlier, interrupted dpkg left half-configured, then any broken dependencies.
  dpkg --configure -a || true
  "${apt[@]}" -y -f install || true
}

if [ -n "$(dpkg --audit 2>/dev/null)" ] || [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ]; then
  echo "apt-install: dpkg was left unfinished; repairing first"
  repair
fi

for attempt in 1 2 3; do
  if "${apt[@]}" update && "${apt[@]}" install -y "$@"; then
    exit 0
  fi
  echo "apt-install: attempt $attempt to install $* failed; repairing and trying again"
  repair
  sleep $((attempt * 5))
done
echo "apt-install: could not install $*" >&2
exit 1
