package dev.loupe.app.desktop;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import javafx.stage.Stage;

/**
 * Marks the moment the window is interactive, for {@code loupe bench-startup}: with {@code LOUPE_STARTUP_PROBE=1} in
 * the environment, the first pulse after the window is shown (its scene styled, laid out and handed to the renderer)
 * is followed by one line on standard output, {@value #PREFIX} with the milliseconds since the JVM started and the
 * CPU time the process used until then (a figure other work on the machine barely changes), and the window closes.
 * The UI thread is free at that moment, so a click would be handled: the model still loads in the background, as it
 * does for a user.
 */
public final class StartupProbe {
    /** The start of the line the bench waits for. */
    public static final String PREFIX = "loupe: startup: interactive ";
    /** The environment variable that turns the probe on. */
    public static final String ENV = "LOUPE_STARTUP_PROBE";

    private StartupProbe() {}

    /** The probe when {@value #ENV} is set to 1. */
    public static Optional<StartupProbe> fromEnvironment() {
        return "1".equals(System.getenv(ENV)) ? Optional.of(new StartupProbe()) : Optional.empty();
    }

    /** Waits for the first pulse of the shown {@code stage}, reports to {@code out}, then closes the window. UI thread. */
    public void arm(Stage stage, PrintWriter out) {
        FirstFrame.then(stage, () -> {
            out.println(PREFIX + report(System.currentTimeMillis()));
            out.flush();
            stage.close();
        });
    }

    /** "ms=1234 cpu_ms=2345": since the JVM started (read after the clock, so reading it is not counted), and CPU. */
    private static String report(long nowMillis) {
        long sinceStart = nowMillis - ManagementFactory.getRuntimeMXBean().getStartTime();
        String cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> Long.toString(d.toMillis())).orElse("unknown");
        return "ms=" + sinceStart + " cpu_ms=" + cpu;
    }
}
