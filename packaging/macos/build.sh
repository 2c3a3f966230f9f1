#!/usr/bin/env bash
# Builds Loupe's macOS app bundle and .dmg with the JDK's own jlink and jpackage, as packaging/linux/build.sh does
# on Linux (same modules, JVM options, bundled model, notices and AOT cache). Run it on a Mac: jpackage makes
# packages for the platform it runs on only.
#   ./loupe package           (on macOS it calls this script after building the jars)
#   packaging/macos/build.sh ROOT
# Output in ROOT/packaging/target: image/Loupe.app and Loupe-VERSION.dmg.
# Needs JAVA_HOME to be a JDK 25 for macOS (jlink, jpackage) and the Xcode command line tools (jpackage uses
# hdiutil and codesign). Signing: set LOUPE_MAC_SIGNING_IDENTITY to the "Developer ID Application: NAME (TEAM)"
# certificate's name in the keychain; notarize the .dmg afterwards with `xcrun notarytool submit --wait` and
# `xcrun stapler staple` (see packaging/README.md). Without it the bundle is unsigned and Gatekeeper asks the user.
set -euo pipefail

ROOT="$(cd "${1:?usage: build.sh ROOT}" && pwd)"
JDK="${JAVA_HOME:?JAVA_HOME must name a JDK}"
OUT="$ROOT/packaging/target"
source "$ROOT/packaging/common.sh"

rm -rf "$OUT"
mkdir -p "$OUT/image"

make_runtime "$OUT/runtime"
step "icon"
"$JDK/bin/java" -Djava.awt.headless=true "$ROOT/packaging/icons/LoupeIcon.java" "$OUT/loupe.icns"
stage_jars "$OUT/input"

# jpackage wants a version whose first number is at least 1 on macOS.
MAC_VERSION="$NUMERIC_VERSION"
[[ "${MAC_VERSION%%.*}" -ge 1 ]] || MAC_VERSION="1.${MAC_VERSION#*.}"

step "app bundle: jpackage --type app-image"
"$JDK/bin/jpackage" --type app-image --dest "$OUT/image" --name Loupe --app-version "$MAC_VERSION" \
  --vendor "Loupe" --description "Offline workbench for local language models" --icon "$OUT/loupe.icns" \
  --mac-package-identifier dev.loupe.app --mac-package-name Loupe \
  --runtime-image "$OUT/runtime" --input "$OUT/input" --main-jar "$(basename "$APP_JAR")" --main-class dev.loupe.app.Main \
  "${JPACKAGE_JAVA_OPTIONS[@]}"

BUNDLE="$OUT/image/Loupe.app"
APP="$BUNDLE/Contents/app"
# Everything added to the bundle comes before signing: a signed bundle must not change afterwards.
bundle_model "$APP"
write_notices "$APP" "$BUNDLE/Contents/runtime/Contents/Home"
make_aot_cache "$BUNDLE/Contents/MacOS/Loupe" "$APP/Loupe.cfg" "$APP/loupe.aot"

SIGN=()
if [[ -n "${LOUPE_MAC_SIGNING_IDENTITY:-}" ]]; then
  step "signing the bundle as $LOUPE_MAC_SIGNING_IDENTITY"
  SIGN=(--mac-sign --mac-signing-key-user-name "$LOUPE_MAC_SIGNING_IDENTITY")
  # jpackage signs an existing app image in place (the runtime, every native library, then the bundle).
  "$JDK/bin/jpackage" --type app-image --app-image "$BUNDLE" "${SIGN[@]}"
fi

step "disk image: jpackage --type dmg"
"$JDK/bin/jpackage" --type dmg --dest "$OUT" --name Loupe --app-version "$MAC_VERSION" --app-image "$BUNDLE" \
  --vendor "Loupe" --description "Offline workbench for local language models" --icon "$OUT/loupe.icns" "${SIGN[@]}"

step "done: $(du -sh "$BUNDLE" | cut -f1) app bundle in $BUNDLE"
ls -l "$OUT"/*.dmg >&2
