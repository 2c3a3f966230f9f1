package dev.loupe.app.cli;

import dev.loupe.app.AppPaths;
import dev.loupe.app.DefaultModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR}, falling back to the default model in the models folder. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the default model in $LOUPE_HOME/models).")
    Path model;

    Path resolve() {
        return model != null ? model : DefaultModel.ensure(AppPaths.fromEnvironment());
    }
}
