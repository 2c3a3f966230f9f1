package dev.loupe.inference.jlama;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.model.ModelFolders;
import dev.loupe.inference.model.ModelInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes a Q4 copy of a model folder with Jlama's quantizer, offline. Norm weights stay in full precision as
 * Jlama's own CLI does. The source folder is never modified: Jlama 0.8.4's quantizer insists on a README.md
 * in its input, so it reads a staging folder of links to the source files plus a generated README.
 */
public final class JlamaQuantizer {
    private JlamaQuantizer() {}

    /** Quantizes {@code source} into the new folder {@code out} (which must not exist yet) and returns it. */
    public static Path quantizeQ4(Path source, Path out) {
        ModelInspector.inspect(source);
        if (Files.exists(out)) {
            throw new ModelLoadException("The folder " + out + " already exists; choose a new name for the quantized model.");
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory("loupe-quantize-");
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.createSymbolicLink(staging.resolve(file.getFileName()), file.toAbsolutePath());
                }
            }
            if (!Files.exists(staging.resolve("README.md"))) {
                Files.writeString(staging.resolve("README.md"), "# " + source.getFileName() + "\n\nQuantized to Q4 by Loupe.\n");
            }
            SafeTensorSupport.quantizeModel(staging, DType.Q4, new String[] {"norm"}, null, Optional.of(out));
            return out;
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("Quantizing " + source.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            ModelFolders.deleteRecursively(staging);
        }
    }

}
