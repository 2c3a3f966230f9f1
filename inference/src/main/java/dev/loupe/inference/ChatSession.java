package dev.loupe.inference;

/**
 * A context that keeps its KV cache between generations. Each call renders its whole prompt, finds the longest
 * prefix already in the cache, and prefills only the rest: a follow-up chat turn costs its new tokens, and a
 * regenerated or edited turn reuses everything before the edit. Not thread-safe; one owner at a time.
 */
public interface ChatSession extends AutoCloseable {
    GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener);

    /** Tokens whose keys and values are cached, from position 0. */
    int cachedTokens();

    @Override
    void close();
}
