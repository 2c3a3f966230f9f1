package dev.loupe.app.cli;

import dev.loupe.app.AppPaths;
import dev.loupe.app.DefaultModel;
import dev.loupe.app.desktop.DesktopLauncher;
import dev.loupe.inference.jlama.JlamaQuantizer;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code loupe} command: without a subcommand it opens the desktop app on the default model. */
@Command(
        name = "loupe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Offline workbench for local language models. Without a command, opens the desktop app.",
        subcommands = {
                ModelsCommand.class,
                ImportLlama2cCommand.class,
                GenerateCommand.class,
                ChatCommand.class,
                BenchCommand.class,
                ScreenshotCommand.class,
                IndexCommand.class,
                EvalRetrievalCommand.class,
                BenchEmbedCommand.class,
                AskCommand.class,
                AgentCommand.class,
                ScoreCommand.class,
                ExplainCommand.class,
                LensCommand.class,
                AttentionCommand.class,
                CompareCommand.class,
                ServeCommand.class,
                BenchApiCommand.class,
                BenchStartupCommand.class})
public final class LoupeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return openDesktop(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * The desktop app on the default model, until its window closes; {@code Main} calls this directly when there
     * are no arguments, so that a start does not build the whole command line first.
     */
    public static int openDesktop(PrintWriter out, PrintWriter err) {
        AppPaths paths = AppPaths.fromEnvironment();
        // Without a model to load (none in the models folder, none bundled to import) the first-run screen opens.
        return DesktopLauncher.run(paths, JlamaTextGenerator::load, JlamaQuantizer::quantizeQ4, () -> DefaultModel.available(paths)
                ? Optional.of(new DesktopLauncher.DefaultModelSource(DefaultModel.NAME, () -> DefaultModel.ensure(paths)))
                : Optional.empty(), out, err);
    }
}
