#!/usr/bin/env bash
# Prints the home of a JDK >= 21: JAVA_HOME first, then java on PATH, then /usr/lib/jvm/* (newest first).
# Exits 1 with a message naming every place tried when none qualifies.
set -u
MIN=21

major_of() { # $1 = path to a java binary
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

qualifies() { # $1 = candidate home
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major; major=$(major_of "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge "$MIN" ] 2>/dev/null
}

tried=()
if [ -n "${JAVA_HOME:-}" ]; then
  qualifies "$JAVA_HOME" && { echo "$JAVA_HOME"; exit 0; }
  tried+=("JAVA_HOME=$JAVA_HOME")
fi
if command -v javac >/dev/null 2>&1; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  qualifies "$home" && { echo "$home"; exit 0; }
  tried+=("PATH ($home)")
fi
for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV); do
  [ -L "$home" ] && continue
  qualifies "$home" && { echo "$home"; exit 0; }
  tried+=("$home")
done
echo "vigil: no JDK >= $MIN found (tried: ${tried[*]:-nothing}); install one or set JAVA_HOME" >&2
exit 1
