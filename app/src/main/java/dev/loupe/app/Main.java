package dev.loupe.app;

import dev.loupe.app.cli.LoupeCommand;
import picocli.CommandLine;

/** The entry point of the {@code ./loupe} script: with no arguments the desktop app, otherwise the CLI. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exit = new CommandLine(new LoupeCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(exit);
    }
}
