#!/usr/bin/env bash
# Prints the home of a JDK >= 21: JAVA_HOME first, then java on PATH, then the JDKs under /usr/lib/jvm (newest
# first; VIGIL_JDK_ROOTS, a colon-separated list of such directories, replaces it).
# Exits 1 with a message naming every place tried, and what was found there, when none qualifies.
set -u
MIN=21

major_of() { # $1 = path to a java binary
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

why_not() { # $1 = candidate home; prints nothing when it qualifies, else what it is
  [ -x "$1/bin/java" ] || { echo "no bin/java"; return; }
  [ -x "$1/bin/javac" ] || { echo "a JRE, no javac"; return; }
  local major; major=$(major_of "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge "$MIN" ] 2>/dev/null || echo "Java ${major:-of unknown version}"
}

tried=()
consider() { # $1 = label, $2 = candidate home; exits printing the home when it qualifies
  local reason; reason=$(why_not "$2")
  [ -z "$reason" ] && { echo "$2"; exit 0; }
  tried+=("$1 ($reason)")
}

[ -n "${JAVA_HOME:-}" ] && consider "JAVA_HOME=$JAVA_HOME" "$JAVA_HOME"
if command -v javac >/dev/null 2>&1; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  consider "javac on PATH at $home" "$home"
fi
IFS=: read -r -a roots <<<"${VIGIL_JDK_ROOTS:-/usr/lib/jvm}"
for root in "${roots[@]}"; do
  found=0
  for home in $(ls -d "$root"/*/ 2>/dev/null | sed 's:/$::' | sort -rV); do
    [ -L "$home" ] && continue
    found=1
    consider "$home" "$home"
  done
  [ "$found" = 1 ] || tried+=("$root (no JDK there)")
done
joined=$(printf '%s, ' "${tried[@]}")
echo "vigil: no JDK >= $MIN found; tried ${joined%, }. Install a JDK $MIN or newer, or set JAVA_HOME to one" >&2
exit 1
