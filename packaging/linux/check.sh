#!/usr/bin/env bash
# Checks what packaging/linux/build.sh made, as an installer user would meet it:
#  1. the app image's own launcher prints the version of this build and renders the window headless, both with its
#     AOT cache required (-XX:AOTMode=on: the JVM exits with an error if the cache does not match);
#  2. the .deb, unpacked into a temporary root with dpkg -x, has the launcher, `loupe` on the PATH, a desktop entry,
#     the third-party notices, and a launcher that starts with its AOT cache from there.
# Usage: packaging/linux/check.sh ROOT. Exits non-zero with a sentence on the first failure.
set -euo pipefail

ROOT="$(cd "${1:?usage: check.sh ROOT}" && pwd)"
OUT="$ROOT/packaging/target"
IMAGE="$OUT/image/loupe"
fail() { printf 'check: FAILED: %s\n' "$*" >&2; exit 1; }
ok() { printf 'check: ok: %s\n' "$*" >&2; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
VERSION="$(sed -n 's|.*<parent>.*<version>\([^<]*\)</version>.*|\1|p' "$ROOT/app/pom.xml" | head -n 1)"
[[ -n "$VERSION" ]] || fail "no parent version in app/pom.xml"

[[ -x "$IMAGE/bin/loupe" ]] || fail "no app image launcher at $IMAGE/bin/loupe; run ./loupe package first"
# With the cache required, a start whose cache does not match fails instead of quietly starting slower.
# JAVA_TOOL_OPTIONS, read by the JVM itself: jpackage launchers ignore JDK_JAVA_OPTIONS.
export JAVA_TOOL_OPTIONS=-XX:AOTMode=on
first_line="$(LOUPE_HOME="$TMP/home" "$IMAGE/bin/loupe" --version 2>"$TMP/version.err" | head -n 1)" \
  || { cat "$TMP/version.err" >&2; fail "the launcher's --version failed"; }
[[ "$first_line" == "Loupe $VERSION" ]] || { cat "$TMP/version.err" >&2; fail "the launcher's --version printed '$first_line', expected 'Loupe $VERSION'"; }
ok "app image --version with its AOT cache required: $first_line"

notices="$IMAGE/lib/app/THIRD-PARTY-NOTICES.txt"
grep -q '(Apache-2.0) Apache Lucene' "$notices" || fail "the notices do not list Apache Lucene under Apache-2.0"
grep -q 'MIT License' "$notices" || fail "the notices do not carry the bundled model's MIT licence"
ok "notices: $(grep -c ' (.*:.*:.*)$' "$notices") libraries"

LOUPE_HOME="$TMP/home" "$IMAGE/bin/loupe" screenshot --workspace chat --out "$TMP/shot.png" >"$TMP/shot.log" 2>&1 \
  || { tail -n 20 "$TMP/shot.log" >&2; fail "the launcher's screenshot command failed"; }
[[ "$(head -c 8 "$TMP/shot.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] || fail "the screenshot is not a PNG"
[[ -d "$TMP/home/models/stories260K" ]] || fail "the bundled default model was not imported into LOUPE_HOME"
[[ ! -e "$IMAGE/lib/app/bundled/models/stories260K/model.safetensors" ]] || fail "the app wrote into its installation"
ok "app image screenshot: $(stat -c %s "$TMP/shot.png") bytes, default model imported into the data folder"

# The desktop app itself, as `loupe` with no arguments starts it, on JavaFX's headless platform: the start-up probe
# prints its line once the window is interactive, then closes it (what ./loupe bench-startup times).
probe="$(LOUPE_HOME="$TMP/home" LOUPE_STARTUP_PROBE=1 JAVA_TOOL_OPTIONS="-XX:AOTMode=on -Dglass.platform=Headless -Dprism.order=sw" \
  timeout 120 "$IMAGE/bin/loupe" 2>"$TMP/desktop.err" | grep '^loupe: startup: interactive ms=' || true)"
[[ -n "$probe" ]] || { tail -n 20 "$TMP/desktop.err" >&2; fail "the desktop app did not report an interactive window"; }
ok "app image desktop start: ${probe#loupe: startup: }"

DEB="$(ls "$OUT"/loupe_*.deb 2>/dev/null | head -n 1)"
[[ -n "$DEB" ]] || fail "no .deb in $OUT"
dpkg-deb -f "$DEB" Depends | grep -q 'libgtk-3-0 | libgtk-3-0t64' || fail "the .deb does not depend on GTK 3, which JavaFX needs"
dpkg-deb -x "$DEB" "$TMP/root"
[[ -x "$TMP/root/opt/loupe/bin/loupe" ]] || fail "the .deb has no /opt/loupe/bin/loupe"
[[ "$(readlink "$TMP/root/usr/bin/loupe")" == /opt/loupe/bin/loupe ]] || fail "the .deb does not put loupe on the PATH (/usr/bin/loupe)"
desktop="$TMP/root/opt/loupe/lib/loupe-loupe.desktop"
[[ -f "$desktop" ]] || fail "the .deb has no desktop entry at /opt/loupe/lib/loupe-loupe.desktop"
grep -qx 'Exec=/opt/loupe/bin/loupe' "$desktop" || grep -q '^Exec=/opt/loupe/bin/loupe' "$desktop" || fail "the desktop entry does not run /opt/loupe/bin/loupe"
grep -q '^Icon=/opt/loupe/lib/loupe.png' "$desktop" || fail "the desktop entry names no icon in the package"
grep -qx 'Name=Loupe' "$desktop" || fail "the desktop entry's name is not Loupe"
grep -qx 'Categories=Development;' "$desktop" || fail "the desktop entry is not in the Development menu"
[[ -f "$TMP/root/opt/loupe/lib/loupe.png" ]] || fail "the icon the desktop entry names is missing"
cmp -s "$notices" "$TMP/root/opt/loupe/lib/app/THIRD-PARTY-NOTICES.txt" || fail "the .deb does not ship the notices of the app image"
# The unpacked launcher runs from the temporary root, as it would from /opt, with its AOT cache required.
first_line="$(LOUPE_HOME="$TMP/home2" "$TMP/root/opt/loupe/bin/loupe" --version 2>"$TMP/version.err" | head -n 1)" \
  || { cat "$TMP/version.err" >&2; fail "the unpacked .deb launcher's --version failed"; }
[[ "$first_line" == "Loupe $VERSION" ]] || { cat "$TMP/version.err" >&2; fail "the unpacked .deb launcher printed '$first_line'"; }
ok ".deb: launcher (AOT cache accepted), /usr/bin/loupe, desktop entry, icon and notices ($(du -h "$DEB" | cut -f1))"
