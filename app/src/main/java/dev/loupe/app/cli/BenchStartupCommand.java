package dev.loupe.app.cli;

import dev.loupe.app.desktop.StartupProbe;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.model.ModelFolders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        "The last line is: aot_median_ms=X aot_max_ms=Y aot_cpu_ms=C off_median_ms=Z off_max_ms=W off_cpu_ms=D"})
final class BenchStartupCommand implements Callable<Integer> {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern FIGURES = Pattern.compile("ms=(\\d+) cpu_ms=(\\d+)");

    @Spec
    CommandSpec spec;

    @Option(names = "--image", paramLabel = "DIR", required = true,
            description = "The app image folder, e.g. packaging/target/image/loupe.")
    Path image;

    @Option(names = "-n", paramLabel = "N", defaultValue = "10", description = "Timed starts of each kind (default: ${DEFAULT-VALUE}).")
    int runs;

    /**
     * One timed start.
     *
     * @param wallMillis from starting the launcher to reading the probe's line, measured by this process
     * @param jvmMillis since the JVM started, as the app reported it (the launcher's own work before is not in it)
     * @param cpuMillis the CPU time the app's process used until then, as it reported it
     */
    record Start(long wallMillis, long jvmMillis, long cpuMillis) {}

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 100) {
            throw new ParameterException(spec.commandLine(), "-n is between 1 and 100, got " + runs + ".");
        }
        Path launcher = launcher(image).orElseThrow(() -> new LoupeException("No app image launcher in " + image
                + " (looked for bin/loupe, Contents/MacOS/Loupe and Loupe.exe); build one with ./loupe package."));
        boolean hasCache = Files.isRegularFile(image.resolve("lib/app/loupe.aot"))
                || Files.isRegularFile(image.resolve("Contents/app/loupe.aot")) || Files.isRegularFile(image.resolve("app/loupe.aot"));
        boolean headless = headless();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // A scratch data folder, deleted after a good run and kept after a failed one (its log says why).
        Path home = Files.createTempDirectory("loupe-bench-startup-");
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
        out.printf(Locale.ROOT, "aot_median_ms=%s aot_max_ms=%s aot_cpu_ms=%s off_median_ms=%d off_max_ms=%d off_cpu_ms=%d%n",
                hasCache ? Long.toString(median(withCache, Start::wallMillis)) : "none",
                hasCache ? Long.toString(max(withCache)) : "none",
                hasCache ? Long.toString(median(withCache, Start::cpuMillis)) : "none",
                median(withoutCache, Start::wallMillis), max(withoutCache), median(withoutCache, Start::cpuMillis));
        ModelFolders.deleteRecursively(home);
        return 0;
    }

    private static void print(PrintWriter out, String label, List<Start> starts) {
        out.printf(Locale.ROOT, "%-18s median %5d ms, max %5d ms (as the app counts from its JVM's start: median %d ms; "
                        + "CPU time used: median %d ms)%n", label + ":", median(starts, Start::wallMillis), max(starts),
                median(starts, Start::jvmMillis), median(starts, Start::cpuMillis));
    }

    static long median(List<Start> starts, ToLongFunction<Start> figure) {
        long[] sorted = starts.stream().mapToLong(figure).sorted().toArray();
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
        // Run from an installed launcher, this process carries the launcher's marker (_JPACKAGE_LAUNCHER), which would
        // make the child launcher skip its own .cfg file: no JVM options, no class path, no AOT cache.
        env.keySet().removeIf(name -> name.startsWith("_JPACKAGE"));
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
            // Read by the JVM itself (jpackage launchers ignore JDK_JAVA_OPTIONS), before the options of the .cfg file.
            env.put("JAVA_TOOL_OPTIONS", String.join(" ", options));
        } else {
            env.remove("JAVA_TOOL_OPTIONS");
        }
        long started = System.nanoTime();
        Process process = builder.start();
        // Reading its output blocks until it exits: a start that hangs is ended after the timeout.
        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture.delayedExecutor(TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(() -> {
            if (process.isAlive()) {
                killed.set(true);
                process.destroyForcibly();
            }
        });
        Long wall = null;
        Matcher figures = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (wall == null && line.startsWith(StartupProbe.PREFIX)) {
                    wall = (System.nanoTime() - started) / 1_000_000;
                    figures = FIGURES.matcher(line.substring(StartupProbe.PREFIX.length()).strip());
                }
            }
        }
        process.waitFor();
        if (killed.get()) {
            throw new LoupeException("The app did not exit within " + TIMEOUT_SECONDS + " s of its start; see its log in " + home + "/logs.");
        }
        if (wall == null) {
            throw new LoupeException("The app exited with code " + process.exitValue() + " without reporting an interactive window; "
                    + "run " + launcher + " by hand to see why.");
        }
        boolean read = figures.matches();
        return new Start(wall, read ? Long.parseLong(figures.group(1)) : -1, read ? Long.parseLong(figures.group(2)) : -1);
    }

    private static Optional<Path> launcher(Path image) {
        return Stream.of("bin/loupe", "Contents/MacOS/Loupe", "Loupe.exe").map(image::resolve).filter(Files::isExecutable).findFirst();
    }

    private static boolean headless() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        boolean unix = !os.startsWith("windows") && !os.startsWith("mac");
        return unix && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
