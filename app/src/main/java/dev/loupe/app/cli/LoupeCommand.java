package dev.loupe.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code loupe} command. Without a subcommand it prints the help until the desktop app exists. */
@Command(
        name = "loupe",
        mixinStandardHelpOptions = true,
        version = "Loupe 0.1.0-SNAPSHOT",
        description = "Offline workbench for local language models.",
        subcommands = {ModelsCommand.class, ImportLlama2cCommand.class, GenerateCommand.class, ChatCommand.class, BenchCommand.class, ServeCommand.class, BenchApiCommand.class})
public final class LoupeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
