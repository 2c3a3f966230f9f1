#!/usr/bin/env bash
# Builds Loupe's Linux app image and .deb with the JDK's own jlink and jpackage.
#   packaging/linux/build.sh ROOT        (normally through ./loupe package, which builds the jars first)
# Output in ROOT/packaging/target: runtime/ (the trimmed Java runtime), image/loupe/ (the app image) and the .deb.
# Needs JAVA_HOME to be a JDK 25 with jlink and jpackage; the .deb also needs dpkg-deb and fakeroot.
set -euo pipefail

ROOT="$(cd "${1:?usage: build.sh ROOT}" && pwd)"
JDK="${JAVA_HOME:?JAVA_HOME must name a JDK}"
OUT="$ROOT/packaging/target"
LIB="$ROOT/app/target/lib"
APP_JAR="$(ls "$ROOT"/app/target/loupe-app-*.jar | grep -v -e '-tests.jar' | head -n 1)"
# The version jpackage stamps on the package: the Maven version without its -SNAPSHOT suffix (jpackage wants digits).
VERSION="$(unzip -p "$APP_JAR" dev/loupe/app/version.properties | sed -n 's/^version=//p')"
NUMERIC_VERSION="${VERSION%%-*}"

# The modules the app and its libraries use (checked with jdeps on the class path): the desktop for JavaFX's AWT
# bridge and ImageIO, java.sql for H2 and Flyway, java.naming/management for logback and H2, jdk.unsupported for
# sun.misc.Unsafe (jctools, JavaFX), jdk.incubator.vector for Jlama and Lucene, jdk.zipfs for DJL and Lucene,
# jdk.crypto.ec for TLS-free hashing providers some libraries probe, jdk.httpserver for the local API server.
MODULES=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.incubator.vector,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs

# The flags ./loupe passes, for the same reasons (see the comments there and docs/decisions/0030-packaging.md).
JAVA_OPTIONS=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xss4m
  '-Dloupe.bundled.dir=$APPDIR/bundled')
JPACKAGE_JAVA_OPTIONS=()
for option in "${JAVA_OPTIONS[@]}"; do JPACKAGE_JAVA_OPTIONS+=(--java-options "$option"); done

step() { printf 'package: %s\n' "$*" >&2; }

rm -rf "$OUT"
mkdir -p "$OUT/input" "$OUT/image"

step "runtime: jlink with $MODULES"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --output "$OUT/runtime"

step "icon"
"$JDK/bin/java" -Djava.awt.headless=true "$ROOT/packaging/icons/LoupeIcon.java" "$OUT/loupe.png" 256

cp "$APP_JAR" "$LIB"/*.jar "$OUT/input/"

step "app image: jpackage --type app-image"
"$JDK/bin/jpackage" --type app-image --dest "$OUT/image" --name loupe --app-version "$NUMERIC_VERSION" \
  --vendor "Loupe" --description "Offline workbench for local language models" --icon "$OUT/loupe.png" \
  --runtime-image "$OUT/runtime" --input "$OUT/input" --main-jar "$(basename "$APP_JAR")" --main-class dev.loupe.app.Main \
  "${JPACKAGE_JAVA_OPTIONS[@]}"

IMAGE="$OUT/image/loupe"
CFG="$IMAGE/lib/app/loupe.cfg"

# The default model, when ../shared has it at build time: the llama2.c checkpoint and its licence are copied in;
# the installed app imports it into the user's data folder on first start (never writing into the installation).
SHARED_MODEL="$(dirname "$ROOT")/shared/models/stories260K"
if [[ -d "$SHARED_MODEL" ]]; then
  step "bundling the default model stories260K"
  mkdir -p "$IMAGE/lib/app/bundled/models"
  cp -r "$SHARED_MODEL" "$IMAGE/lib/app/bundled/models/"
else
  step "no $SHARED_MODEL: the app will open without a default model"
fi

# Ahead-of-time class cache (JDK 25, JEP 483/514): one headless run of the screenshot command records the classes
# a start loads and links; the launcher then maps that cache instead of loading them again. It is made with the
# launcher's own options, so the run-time options match. LOUPE_HOME points the run at a scratch folder.
step "AOT cache: one headless screenshot run"
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
cp "$CFG" "$SCRATCH/loupe.cfg.orig"
printf 'java-options=-XX:AOTCacheOutput=$APPDIR/loupe.aot\n' >> "$CFG"
# The training run's output (and the cache writer's notes) go to a log, shown on failure only.
LOUPE_HOME="$SCRATCH/home" "$IMAGE/bin/loupe" screenshot --out "$SCRATCH/shot.png" >"$SCRATCH/aot.log" 2>&1 \
  || { tail -n 30 "$SCRATCH/aot.log" >&2; exit 1; }
cp "$SCRATCH/loupe.cfg.orig" "$CFG"
[[ -s "$IMAGE/lib/app/loupe.aot" ]] || { echo "package: the AOT cache was not written" >&2; exit 1; }
# -XX:AOTMode=auto (the default) starts without the cache, should it ever not match.
printf 'java-options=-XX:AOTCache=$APPDIR/loupe.aot\n' >> "$CFG"

step "third-party notices"
"$ROOT/packaging/notices.sh" "$OUT/input" "$SHARED_MODEL/LICENSE" > "$IMAGE/lib/app/THIRD-PARTY-NOTICES.txt"

if command -v dpkg-deb >/dev/null 2>&1 && command -v fakeroot >/dev/null 2>&1; then
  step "Debian package: jpackage --type deb"
  # gzip rather than dpkg's default xz: xz took over ten minutes on a loaded 2-core machine for ~100 MB of jars.
  DPKG_DEB_COMPRESSOR_TYPE=gzip "$JDK/bin/jpackage" --type deb --dest "$OUT" --name loupe --app-version "$NUMERIC_VERSION" --app-image "$IMAGE" \
    --vendor "Loupe" --description "Offline workbench for local language models" --icon "$OUT/loupe.png" \
    --linux-package-name loupe --linux-shortcut --linux-menu-group "Development;" --linux-app-category devel \
    --linux-deb-maintainer "loupe@localhost"
  DEB="$(ls "$OUT"/loupe_*.deb | head -n 1)"
  # jpackage installs under /opt/loupe; a symlink in /usr/bin puts `loupe` on the PATH. Added by unpacking and
  # repacking the .deb rather than in a maintainer script, so that it is a file the package owns and removes.
  step "Debian package: /usr/bin/loupe"
  rm -rf "$SCRATCH/deb" && dpkg-deb -R "$DEB" "$SCRATCH/deb"
  mkdir -p "$SCRATCH/deb/usr/bin"
  ln -s /opt/loupe/bin/loupe "$SCRATCH/deb/usr/bin/loupe"
  fakeroot dpkg-deb -Zgzip -b "$SCRATCH/deb" "$DEB" >/dev/null
else
  step "dpkg-deb or fakeroot missing: no .deb (apt-get install dpkg-dev fakeroot)"
fi

step "done: $(du -sh "$IMAGE" | cut -f1) app image in $IMAGE"
ls -l "$OUT"/*.deb 2>/dev/null >&2 || true
