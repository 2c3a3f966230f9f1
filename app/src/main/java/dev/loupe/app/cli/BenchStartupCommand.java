package dev.loupe.app.cli;

import dev.loupe.app.desktop.StartupProbe;
import dev.loupe.inference.LoupeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Start-up time of an installed app image as a user meets it: the image's own launcher is started N times and
 * timed from the process start to the moment its window is interactive ({@link StartupProbe}). Rounds alternate
 * between the image as built (with its AOT cache) and the same image with the cache switched off, so both
 * figures come from the same minutes of a machine that other work may be loading.
 */
@Command(name = "bench-startup", description = {
        "Start an app image (./loupe package) N times and print the median and maximum time until its window is",
        "interactive, with its AOT cache and, in alternating rounds, without it. A first start, not counted, imports",
        "the bundled model into a scratch data folder. Without a display the headless JavaFX platform is used.",
        "The last line is: aot_median_ms=X aot_max_ms=Y off_median_ms=Z off_max_ms=W"})
final class BenchStartupCommand implements Callable<Integer> {
    private static final long TIMEOUT_SECONDS = 120;

    @Spec
    CommandSpec spec;

    @Option(names = "--image", paramLabel = "DIR", required = true,
            description = "The app image folder, e.g. packaging/target/image/loupe.")
    Path image;

    @Option(names = "-n", paramLabel = "N", defaultValue = "10", description = "Timed starts of each kind (default: ${DEFAULT-VALUE}).")
    int runs;

    /** One timed start: measured by this process, and as the app itself reported it. */
    record Start(long wallMillis, long reportedMillis) {}

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 100) {
            throw new ParameterException(spec.commandLine(), "-n is between 1 and 100, got " + runs + ".");
        }
        Path launcher = launcher(image).orElseThrow(() -> new LoupeException("No app image launcher in " + image
                + " (looked for bin/loupe, Contents/MacOS/loupe and loupe.exe); build one with ./loupe package."));
        boolean hasCache = Files.isRegularFile(image.resolve("lib/app/loupe.aot"))
                || Files.isRegularFile(image.resolve("Contents/app/loupe.aot")) || Files.isRegularFile(image.resolve("app/loupe.aot"));
        boolean headless = headless();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = Files.createTempDirectory("loupe-bench-startup-");
        try {
            out.printf(Locale.ROOT, "image: %s, %d starts of each kind, %d cores, %s%n", image, runs,
                    Runtime.getRuntime().availableProcessors(),
                    headless ? "no display: JavaFX's headless platform" : "display " + System.getenv("DISPLAY"));
            err.println("first start (not counted): imports the bundled model into " + home);
            start(launcher, home, headless, true);
            List<Start> withCache = new ArrayList<>();
            List<Start> withoutCache = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                if (hasCache) {
                    withCache.add(start(launcher, home, headless, true));
                }
                withoutCache.add(start(launcher, home, headless, false));
                err.printf(Locale.ROOT, "  round %d/%d: %s%n", i + 1, runs, hasCache
                        ? "aot " + withCache.getLast().wallMillis() + " ms, off " + withoutCache.getLast().wallMillis() + " ms"
                        : withoutCache.getLast().wallMillis() + " ms");
            }
            if (hasCache) {
                print(out, "with AOT cache", withCache);
            } else {
                out.println("with AOT cache:    (the image has none)");
            }
            print(out, "AOT cache off", withoutCache);
            out.printf(Locale.ROOT, "aot_median_ms=%s aot_max_ms=%s off_median_ms=%d off_max_ms=%d%n",
                    hasCache ? Long.toString(median(withCache)) : "none", hasCache ? Long.toString(max(withCache)) : "none",
                    median(withoutCache), max(withoutCache));
            return 0;
        } finally {
            deleteTree(home);
        }
    }

    private static void print(PrintWriter out, String label, List<Start> starts) {
        out.printf(Locale.ROOT, "%-18s median %5d ms, max %5d ms (the app's own count since its process started: median %d ms)%n",
                label + ":", median(starts), max(starts),
                starts.stream().mapToLong(Start::reportedMillis).sorted().skip((starts.size() - 1) / 2).findFirst().orElse(-1));
    }

    static long median(List<Start> starts) {
        long[] sorted = starts.stream().mapToLong(Start::wallMillis).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static long max(List<Start> starts) {
        return starts.stream().mapToLong(Start::wallMillis).max().orElseThrow();
    }

    /** Starts the launcher once and returns when its window reported interactive and the process ended. */
    private Start start(Path launcher, Path home, boolean headless, boolean cache) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("LOUPE_HOME", home.toString());
        env.put(StartupProbe.ENV, "1");
        List<String> options = new ArrayList<>();
        if (headless) {
            options.add("-Dglass.platform=Headless");
            options.add("-Dprism.order=sw");
        }
        if (!cache) {
            options.add("-XX:AOTMode=off");
        }
        if (!options.isEmpty()) {
            // The launcher's JVM reads these before the options of its .cfg file; they add to them.
            env.put("JDK_JAVA_OPTIONS", String.join(" ", options));
        } else {
            env.remove("JDK_JAVA_OPTIONS");
        }
        long started = System.nanoTime();
        Process process = builder.start();
        Long wall = null;
        long reported = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (wall == null && line.startsWith(StartupProbe.PREFIX)) {
                    wall = (System.nanoTime() - started) / 1_000_000;
                    String value = line.substring(StartupProbe.PREFIX.length()).strip();
                    reported = value.matches("\\d+") ? Long.parseLong(value) : -1;
                }
            }
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new LoupeException("The app did not exit within " + TIMEOUT_SECONDS + " s of its start; see its log in " + home + "/logs.");
        }
        if (wall == null) {
            throw new LoupeException("The app exited with code " + process.exitValue() + " without reporting an interactive window; "
                    + "run " + launcher + " by hand to see why.");
        }
        return new Start(wall, reported);
    }

    private static Optional<Path> launcher(Path image) {
        return Stream.of("bin/loupe", "Contents/MacOS/loupe", "loupe.exe").map(image::resolve).filter(Files::isExecutable).findFirst();
    }

    private static boolean headless() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        boolean unix = !os.startsWith("windows") && !os.startsWith("mac");
        return unix && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
