package dev.loupe.app;

import dev.loupe.inference.LoupeException;
import dev.loupe.inference.importer.Llama2cImporter;
import dev.loupe.inference.model.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the model Loupe opens when none is named. On first start, when the models folder is empty and the
 * project's {@code ../shared/models/stories260K} exists, it is imported as the default model.
 */
public final class DefaultModel {
    public static final String NAME = "stories260K";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultModel.class);

    private DefaultModel() {}

    /** The default model folder, importing the shared one first if the models folder is empty. */
    public static Path ensure(AppPaths paths) {
        importSharedIfEmpty(paths);
        Path preferred = paths.models().resolve(NAME);
        if (Files.isDirectory(preferred)) {
            return preferred;
        }
        return ModelCatalog.list(paths.models()).stream()
                .filter(e -> e.info().isPresent())
                .map(ModelCatalog.Entry::dir)
                .findFirst()
                .orElseThrow(() -> new LoupeException("There is no model in " + paths.models()
                        + "; pass --model DIR or import one with ./loupe import-llama2c."));
    }

    /**
     * Whether {@link #ensure} will find a model without asking the user: the models folder holds a usable one, or it
     * is empty and a default model is bundled (installed app) or beside the checkout ({@code ../shared}) to import.
     * Reads folder listings only, so the launcher can ask before the window opens.
     */
    public static boolean available(AppPaths paths) {
        if (isEmpty(paths.models())) {
            return bundledSource(paths).isPresent();
        }
        return ModelCatalog.list(paths.models()).stream().anyMatch(e -> e.info().isPresent());
    }

    /** Imports {@code ../shared/models/stories260K} when the models folder has no model yet; returns it if it did. */
    public static Optional<Path> importSharedIfEmpty(AppPaths paths) {
        if (!isEmpty(paths.models())) {
            return Optional.empty();
        }
        Optional<Path> source = bundledSource(paths);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        Path out = paths.models().resolve(NAME);
        LOG.info("First start: importing {} as the default model", source.get());
        new Llama2cImporter().importModel(source.get().resolve("stories260K.bin"), source.get().resolve("tok512.bin"), out);
        return Optional.of(out);
    }

    private static Optional<Path> bundledSource(AppPaths paths) {
        return paths.sharedDir().map(s -> s.resolve("models").resolve(NAME)).filter(Files::isDirectory);
    }

    private static boolean isEmpty(Path dir) {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.noneMatch(Files::isDirectory);
        } catch (IOException e) {
            throw new LoupeException("The models folder " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }
}
