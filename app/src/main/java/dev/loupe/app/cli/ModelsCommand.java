package dev.loupe.app.cli;

import dev.loupe.app.AppPaths;
import dev.loupe.app.DefaultModel;
import dev.loupe.inference.model.ModelCatalog;
import dev.loupe.inference.model.ModelInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "models", description = "List the models in the models folder with their size and memory needs.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Models folder (default: $LOUPE_HOME/models).")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = dir;
        if (folder == null) {
            AppPaths paths = AppPaths.fromEnvironment();
            DefaultModel.importSharedIfEmpty(paths);
            folder = paths.models();
        }
        List<ModelCatalog.Entry> entries = ModelCatalog.list(folder);
        if (entries.isEmpty()) {
            out.println("No models in " + folder + ". Import one with: ./loupe import-llama2c --checkpoint FILE --tokenizer FILE --out DIR");
            return 0;
        }
        out.printf("%-28s %-18s %10s %-6s %10s %8s %12s  %s%n", "NAME", "ARCHITECTURE", "PARAMS", "DTYPE", "DISK", "CONTEXT", "RAM (FULL)", "KV CACHE");
        for (ModelCatalog.Entry e : entries) {
            if (e.info().isPresent()) {
                ModelInfo m = e.info().get();
                out.printf("%-28s %-18s %10s %-6s %10s %8d %12s  %s%n", m.name(), m.architecture(), Units.count(m.parameterCount()),
                        m.weightDtype(), Units.bytes(m.sizeOnDiskBytes()), m.contextTokens(), Units.bytes(m.ramEstimateBytes()),
                        Units.bytes(m.kvCacheBytesAtFullContext()) + " (" + m.layers() + " layers x " + m.kvHeads() + " kv heads x " + m.headDim() + ")");
            } else {
                out.printf("%-28s unusable: %s%n", e.dir().getFileName(), e.problem().orElse("?"));
            }
        }
        return 0;
    }
}
