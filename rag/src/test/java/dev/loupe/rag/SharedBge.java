package dev.loupe.rag;

import dev.loupe.rag.embed.OnnxBgeEmbedder;

/** One bge-small instance for the whole test run: loading it takes about a second. */
public final class SharedBge {
    private static OnnxBgeEmbedder instance;

    private SharedBge() {}

    public static synchronized OnnxBgeEmbedder get() {
        if (instance == null) {
            instance = OnnxBgeEmbedder.load();
        }
        return instance;
    }
}
