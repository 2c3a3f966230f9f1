# Shared by the Linux and macOS build scripts (sourced, not run): the settings every platform's package uses.
# Needs ROOT (the checkout) and JDK (a JDK 25 with jlink and jpackage).

# The app jar and the version jpackage stamps on the package: the Maven version without -SNAPSHOT (jpackage wants digits).
APP_JAR="$(ls "$ROOT"/app/target/loupe-app-*.jar | grep -v -e '-tests.jar' | head -n 1)"
VERSION="$(unzip -p "$APP_JAR" dev/loupe/app/version.properties | sed -n 's/^version=//p')"
NUMERIC_VERSION="${VERSION%%-*}"
LIB="$ROOT/app/target/lib"
SHARED_MODEL="$(dirname "$ROOT")/shared/models/stories260K"

# The lines of a settings file without comments and blank lines.
settings() { sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$ROOT/packaging/$1"; }

MODULES="$(settings modules.txt | paste -sd, -)"
JPACKAGE_JAVA_OPTIONS=()
while IFS= read -r option; do JPACKAGE_JAVA_OPTIONS+=(--java-options "$option"); done < <(settings java-options.txt)

step() { printf 'package: %s\n' "$*" >&2; }

# jlink: the trimmed runtime with only the JDK modules above, into $1.
make_runtime() {
  step "runtime: jlink with $MODULES"
  "$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$1"
}

# The app's jars, for jpackage's --input, into $1.
stage_jars() {
  mkdir -p "$1"
  cp "$APP_JAR" "$LIB"/*.jar "$1/"
}

# The default model, when ../shared has it at build time, into the app folder $1: the llama2.c checkpoint and its
# licence; the installed app imports it into the user's data folder on first start (never writing into itself).
bundle_model() {
  if [[ -d "$SHARED_MODEL" ]]; then
    step "bundling the default model stories260K"
    mkdir -p "$1/bundled/models"
    cp -r "$SHARED_MODEL" "$1/bundled/models/"
  else
    step "no $SHARED_MODEL: the app will open on its first-run screen"
  fi
}

# THIRD-PARTY-NOTICES.txt into the app folder $1, from what this build made: the list license-maven-plugin generated
# from the Maven dependencies' licences (inside the app jar, where the About dialog reads it), the Java runtime's
# licence (its own notices are in the runtime's legal/ folder), and the bundled model's licence.
write_notices() {
  local runtime="$2" out="$1/THIRD-PARTY-NOTICES.txt"
  step "third-party notices"
  {
    printf 'Loupe %s bundles the following third-party software.\n\n' "$VERSION"
    printf 'Java runtime: %s %s, GPL-2.0-with-classpath-exception (its notices: the legal folder of the runtime).\n' \
      "$(sed -n 's/^IMPLEMENTOR="\(.*\)"/\1/p' "$runtime/release")" "$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$runtime/release")"
    printf '\nLibraries (licence, name, Maven coordinates, project site):\n'
    unzip -p "$APP_JAR" loupe-third-party-notices.txt || { echo "package: the app jar has no generated notices" >&2; return 1; }
    if [[ -f "$1/bundled/models/stories260K/LICENSE" ]]; then
      printf '\nBundled model stories260K (a llama2.c tinyllamas checkpoint):\n\n'
      cat "$1/bundled/models/stories260K/LICENSE"
    fi
  } > "$out"
  grep -q 'Apache Lucene' "$out" || { echo "package: the notices list no Lucene: the generated list is incomplete" >&2; return 1; }
}

# The AOT cache (JDK 25, JEP 483/514/515) of an app image: a training run of the launcher with its own options records
# the classes a start loads and links, and the method profiles, into $APPDIR/loupe.aot; the launcher then maps it with
# -XX:AOTCache. The training run is the desktop start itself (headless, closed by the start-up probe once the window is
# interactive, after the model's load), on a data folder a first untrained start has made: the path a user's every
# start takes, including the database already at its schema (decision 0080). $1: the launcher, $2: its .cfg file,
# $3: the cache it writes. LOUPE_HOME points both runs at a scratch folder.
make_aot_cache() {
  local launcher="$1" cfg="$2" cache="$3" scratch
  step "AOT cache: a headless desktop start, then the training run"
  scratch="$(mktemp -d)"
  cp "$cfg" "$scratch/cfg.orig"
  desktop_start() {
    env -u _JPACKAGE_LAUNCHER LOUPE_HOME="$scratch/home" LOUPE_STARTUP_PROBE=1 \
      JAVA_TOOL_OPTIONS="-Dglass.platform=Headless -Dprism.order=sw" "$launcher" >"$scratch/aot.log" 2>&1 \
      && grep -q '^loupe: startup: interactive' "$scratch/aot.log"
  }
  desktop_start || { tail -n 30 "$scratch/aot.log" >&2; rm -rf "$scratch"; return 1; }
  printf 'java-options=-XX:AOTCacheOutput=$APPDIR/loupe.aot\n' >> "$cfg"
  desktop_start || { tail -n 30 "$scratch/aot.log" >&2; cp "$scratch/cfg.orig" "$cfg"; rm -rf "$scratch"; return 1; }
  cp "$scratch/cfg.orig" "$cfg"
  rm -rf "$scratch"
  [[ -s "$cache" ]] || { echo "package: the AOT cache was not written" >&2; return 1; }
  # -XX:AOTMode=auto (the default) starts without the cache, should it not match (a jar changed since).
  printf 'java-options=-XX:AOTCache=$APPDIR/loupe.aot\n' >> "$cfg"
}
