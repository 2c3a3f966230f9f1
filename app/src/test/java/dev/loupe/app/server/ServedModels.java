package dev.loupe.app.server;

import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.rag.embed.OnnxBgeEmbedder;

/** The real stories260K, loaded once per test JVM and shared by the servers the tests start (as the app shares its model). */
final class ServedModels {
    private static TextGenerator stories;
    private static OnnxBgeEmbedder bge;

    private ServedModels() {}

    /** Skips the test with a reason when ../shared is absent. */
    static synchronized TextGenerator stories260K() {
        if (stories == null) {
            stories = JlamaTextGenerator.load(SharedModels.stories260K());
        }
        return stories;
    }

    /** bge-small-en-v1.5 from the rag module's class path, loaded once per test JVM. */
    static synchronized OnnxBgeEmbedder bge() {
        if (bge == null) {
            bge = OnnxBgeEmbedder.load();
        }
        return bge;
    }
}
