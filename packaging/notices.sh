#!/usr/bin/env bash
# Writes THIRD-PARTY-NOTICES.txt to stdout: every jar in the folder $1 with its Maven coordinates and the licence its
# own embedded pom.xml (or manifest) declares, plus the bundled model's licence when there is one ($2, optional).
set -euo pipefail
DIR="${1:?usage: notices.sh JAR_FOLDER [MODEL_LICENSE_FILE]}"
MODEL_LICENSE="${2:-}"

cat <<'HEAD'
Loupe bundles the following third-party software. Each entry names the library, its version and the licence its
own build metadata declares; the licence texts are inside each jar (META-INF) and at the projects' sites.

HEAD
for jar in "$DIR"/*.jar; do
  name="$(basename "$jar" .jar)"
  case "$name" in loupe-*) continue ;; esac
  # The first pom.xml inside the jar carries <licenses>; the manifest's Bundle-License is the fallback.
  pom="$(unzip -Z1 "$jar" 2>/dev/null | grep -m1 '^META-INF/maven/.*/pom.xml$' || true)"
  licence=""
  if [[ -n "$pom" ]]; then
    licence="$(unzip -p "$jar" "$pom" | tr -d '\r' | tr '\n' ' ' | grep -o '<licenses>.*</licenses>' \
      | grep -o '<name>[^<]*</name>' | sed 's/<[^>]*>//g' | paste -sd ';' - || true)"
  fi
  if [[ -z "$licence" ]]; then
    licence="$(unzip -p "$jar" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r' | sed -n 's/^Bundle-License: //p' | head -n 1 || true)"
  fi
  printf '%-50s %s\n' "$name" "${licence:-not declared in the jar: see the project site}"
done
if [[ -n "$MODEL_LICENSE" && -f "$MODEL_LICENSE" ]]; then
  printf '\nBundled model stories260K (llama2.c checkpoint):\n\n'
  cat "$MODEL_LICENSE"
fi
