package dev.loupe.app.cli;

import dev.loupe.inference.importer.Llama2cImporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import-llama2c", description = "Convert a llama2.c checkpoint and tokenizer into a model folder Loupe can open.")
final class ImportLlama2cCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "llama2.c checkpoint (legacy fp32 format).")
    Path checkpoint;

    @Option(names = "--tokenizer", required = true, paramLabel = "FILE", description = "llama2.c tokenizer.bin.")
    Path tokenizer;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New model folder to write (must not exist or be empty).")
    Path out;

    @Override
    public Integer call() {
        var imported = new Llama2cImporter().importModel(checkpoint, tokenizer, out);
        spec.commandLine().getOut().println("Imported " + imported.shape() + " into " + imported.outDir());
        imported.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        return 0;
    }
}
