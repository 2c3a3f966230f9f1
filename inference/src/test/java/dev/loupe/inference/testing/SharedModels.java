package dev.loupe.inference.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.inference.importer.Llama2cImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real models of {@code ../shared/models}, for engine tests. Tests that need one that is absent are skipped
 * with the reason, never silently passed. stories260K is imported once per test JVM into a temp folder.
 */
public final class SharedModels {
    private static Path stories;

    private SharedModels() {}

    public static Path sharedDir() {
        return Path.of(System.getProperty("loupe.shared.dir", "../../shared")).toAbsolutePath().normalize();
    }

    /** The llama2.c files of stories260K; skips the test when they are absent. */
    public static Path storiesSource() {
        Path dir = sharedDir().resolve("models/stories260K");
        assumeTrue(Files.isRegularFile(dir.resolve("stories260K.bin")), "stories260K is not in " + dir + "; engine test skipped");
        return dir;
    }

    /** The SmolLM2-135M config and tokenizer folder; skips the test when absent. */
    public static Path smolShape() {
        Path dir = sharedDir().resolve("models/smollm2-135m-shape");
        assumeTrue(Files.isRegularFile(dir.resolve("tokenizer.json")), "smollm2-135m-shape is not in " + dir + "; test skipped");
        return dir;
    }

    /**
     * A random-weight Llama with SmolLM2-135M's real tokenizer and the given {@code config.json}, written under
     * {@code dir}: for tests that need a real vocabulary (ChatML markers, 49,152 pieces) at a chosen shape.
     */
    public static Path randomModelWithSmolTokenizer(Path dir, String configJson, long seed) throws IOException {
        Path shape = Files.createDirectories(dir.resolve("shape"));
        Files.writeString(shape.resolve("config.json"), configJson);
        Files.copy(smolShape().resolve("tokenizer.json"), shape.resolve("tokenizer.json"));
        return dev.loupe.inference.importer.RandomModelBuilder.build(shape, dir.resolve("model"),
                dev.loupe.inference.importer.RandomModelBuilder.WeightType.F32, seed);
    }

    /** stories260K converted to a Hugging Face folder, imported once per JVM. */
    public static synchronized Path stories260K() {
        if (stories == null) {
            Path source = storiesSource();
            try {
                Path out = Files.createTempDirectory("loupe-test-models-").resolve("stories260K");
                new Llama2cImporter().importModel(source.resolve("stories260K.bin"), source.resolve("tok512.bin"), out);
                stories = out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stories;
    }
}
