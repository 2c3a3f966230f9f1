package dev.loupe.app;

import dev.loupe.app.cli.LoupeCommand;
import dev.loupe.app.desktop.FxToolkit;
import dev.loupe.inference.LoupeException;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The entry point of the {@code ./loupe} script: with no arguments the desktop app, otherwise the CLI. */
public final class Main {
    static {
        // Before the first logger: logback.xml writes its file to the data folder AppPaths chooses for this system.
        System.setProperty("loupe.logs", AppPaths.fromEnvironment().logs().toString());
    }

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            // The desktop start: JavaFX starts on a thread of its own while logging and the database get ready, and
            // the command line (picocli reflects over every command, in classes the AOT cache cannot hold) is skipped.
            FxToolkit.start();
            System.exit(LoupeCommand.openDesktop(new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
        }
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code: 0 on success, 1 for a Loupe error, 2 for bad usage. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI writing to the given streams (tests capture them). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new LoupeCommand()).setCaseInsensitiveEnumValuesAllowed(true).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof LoupeException) {
                // Our errors carry one sentence for the user; the details go to the log once, here.
                LoggerFactory.getLogger(Main.class).debug("Command failed", e);
                command.getErr().println("loupe: " + e.getMessage());
                return 1;
            }
            LoggerFactory.getLogger(Main.class).error("Unexpected failure", e);
            command.getErr().println("loupe: unexpected error: " + e + " (details in the log in " + AppPaths.fromEnvironment().logs() + ")");
            return 1;
        });
        return cli.execute(args);
    }
}
