#!/usr/bin/env bash
# Builds Loupe's Linux app image and .deb with the JDK's own jlink and jpackage.
#   packaging/linux/build.sh ROOT        (normally through ./loupe package, which builds the jars first)
# Output in ROOT/packaging/target: runtime/ (the trimmed Java runtime), image/loupe/ (the app image) and the .deb.
# Needs JAVA_HOME to be a JDK 25 with jlink and jpackage; the .deb also needs dpkg-deb and fakeroot.
set -euo pipefail

ROOT="$(cd "${1:?usage: build.sh ROOT}" && pwd)"
JDK="${JAVA_HOME:?JAVA_HOME must name a JDK}"
OUT="$ROOT/packaging/target"
source "$ROOT/packaging/common.sh"

rm -rf "$OUT"
mkdir -p "$OUT/image"
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT

make_runtime "$OUT/runtime"
step "icon"
"$JDK/bin/java" -Djava.awt.headless=true "$ROOT/packaging/icons/LoupeIcon.java" "$OUT/loupe.png" 256
stage_jars "$OUT/input"

step "app image: jpackage --type app-image"
"$JDK/bin/jpackage" --type app-image --dest "$OUT/image" --name loupe --app-version "$NUMERIC_VERSION" \
  --vendor "Loupe" --description "Offline workbench for local language models" --icon "$OUT/loupe.png" \
  --runtime-image "$OUT/runtime" --input "$OUT/input" --main-jar "$(basename "$APP_JAR")" --main-class dev.loupe.app.Main \
  "${JPACKAGE_JAVA_OPTIONS[@]}"

IMAGE="$OUT/image/loupe"
bundle_model "$IMAGE/lib/app"
write_notices "$IMAGE/lib/app" "$IMAGE/lib/runtime"
make_aot_cache "$IMAGE/bin/loupe" "$IMAGE/lib/app/loupe.cfg" "$IMAGE/lib/app/loupe.aot"

if command -v dpkg-deb >/dev/null 2>&1 && command -v fakeroot >/dev/null 2>&1; then
  step "Debian package: jpackage --type deb"
  # Uncompressed: this package is only unpacked again below, and compressing ~250 MB twice costs minutes.
  DPKG_DEB_COMPRESSOR_TYPE=none "$JDK/bin/jpackage" --type deb --dest "$SCRATCH" --name loupe --app-version "$NUMERIC_VERSION" \
    --app-image "$IMAGE" --vendor "Loupe" --description "Offline workbench for local language models" --icon "$OUT/loupe.png" \
    --linux-package-name loupe --linux-shortcut --linux-menu-group "Development;" --linux-app-category devel \
    --linux-deb-maintainer "loupe@localhost"
  DEB_NAME="$(basename "$(ls "$SCRATCH"/loupe_*.deb | head -n 1)")"
  step "Debian package: /usr/bin/loupe, the image's file times, gzip"
  dpkg-deb -R "$SCRATCH/$DEB_NAME" "$SCRATCH/deb"
  # jpackage copies the image with new file times, and the JVM refuses an AOT cache whose jars' times differ from
  # those it recorded ("timestamp has changed"): give every file the time it has in the image. dpkg keeps them on
  # install, so the cache made above matches in /opt/loupe (docs/decisions/0065-aot-cache-in-the-deb.md).
  (cd "$IMAGE" && find . -type f -print0) | while IFS= read -r -d '' file; do
    if [[ -e "$SCRATCH/deb/opt/loupe/$file" ]]; then touch -m -r "$IMAGE/$file" "$SCRATCH/deb/opt/loupe/$file"; fi
  done
  # jpackage derives the dependencies from the runtime's own native libraries; JavaFX's come out of its jars at run
  # time and need GTK 3 (Debian 12 libgtk-3-0, Ubuntu 24.04 libgtk-3-0t64).
  sed -i -e 's/[[:space:]]*$//' -e 's/^Depends: .*/&, libgtk-3-0 | libgtk-3-0t64/' "$SCRATCH/deb/DEBIAN/control"
  # jpackage names the menu entry after the package (lower case); users see "Loupe".
  sed -i 's/^Name=loupe$/Name=Loupe/' "$SCRATCH/deb/opt/loupe/lib/loupe-loupe.desktop"
  # jpackage installs under /opt/loupe; a symlink in /usr/bin puts `loupe` on the PATH. Added here rather than in a
  # maintainer script, so that it is a file the package owns and removes.
  mkdir -p "$SCRATCH/deb/usr/bin"
  ln -s /opt/loupe/bin/loupe "$SCRATCH/deb/usr/bin/loupe"
  # gzip rather than dpkg's default xz: xz took over ten minutes on a loaded 2-core machine for ~250 MB.
  fakeroot dpkg-deb -Zgzip -b "$SCRATCH/deb" "$OUT/$DEB_NAME" >/dev/null
else
  step "dpkg-deb or fakeroot missing: no .deb (apt-get install dpkg-dev fakeroot)"
fi

step "done: $(du -sh "$IMAGE" | cut -f1) app image in $IMAGE"
ls -l "$OUT"/*.deb >&2 2>/dev/null || true
