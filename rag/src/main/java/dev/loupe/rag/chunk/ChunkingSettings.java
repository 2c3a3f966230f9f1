package dev.loupe.rag.chunk;

import dev.loupe.rag.embed.Embedder;
import java.util.Objects;

/**
 * How to chunk one collection.
 *
 * @param strategy the splitting strategy
 * @param maxTokens the most tokens of the embedding model one chunk may hold
 * @param overlapTokens tokens shared by neighbouring windows ({@link ChunkingStrategy#FIXED} only), below
 *     {@code maxTokens}
 * @param semanticBreakPercentile for {@link ChunkingStrategy#SEMANTIC}: a new chunk starts where the distance
 *     between neighbouring sentences is above this percentile (0-100) of all neighbour distances in the document
 */
public record ChunkingSettings(ChunkingStrategy strategy, int maxTokens, int overlapTokens,
        double semanticBreakPercentile) {

    public static final int MIN_TOKENS = 8;

    public ChunkingSettings {
        Objects.requireNonNull(strategy, "strategy");
        if (maxTokens < MIN_TOKENS) {
            throw new IllegalArgumentException("A chunk must allow at least " + MIN_TOKENS + " tokens, got "
                    + maxTokens + ".");
        }
        if (overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("The overlap must be between 0 and the chunk size minus one, got "
                    + overlapTokens + " for chunks of " + maxTokens + " tokens.");
        }
        if (!(semanticBreakPercentile >= 0 && semanticBreakPercentile <= 100)) {
            throw new IllegalArgumentException("The semantic break percentile must be between 0 and 100, got "
                    + semanticBreakPercentile + ".");
        }
    }

    /** Heading-aware chunks of at most 256 tokens: Loupe's default for user documents. */
    public static ChunkingSettings defaults() {
        return new ChunkingSettings(ChunkingStrategy.STRUCTURE, 256, 32, 90);
    }

    /** The same settings with another strategy. */
    public ChunkingSettings withStrategy(ChunkingStrategy other) {
        return new ChunkingSettings(other, maxTokens, overlapTokens, semanticBreakPercentile);
    }

    /** The same settings with another chunk size; the overlap shrinks when it would no longer fit. */
    public ChunkingSettings withMaxTokens(int tokens) {
        return new ChunkingSettings(strategy, tokens, Math.min(overlapTokens, Math.max(0, tokens / 2)),
                semanticBreakPercentile);
    }

    /**
     * Builds the chunker these settings describe for {@code embedder}'s tokenizer.
     *
     * @throws IllegalArgumentException when the chunk size exceeds what the model can embed
     */
    public Chunker newChunker(Embedder embedder) {
        if (maxTokens > embedder.maxInputTokens()) {
            throw new IllegalArgumentException("Chunks of " + maxTokens + " tokens do not fit the embedding model "
                    + embedder.modelId() + "; choose at most " + embedder.maxInputTokens() + ".");
        }
        return switch (strategy) {
            case FIXED -> new FixedTokenChunker(embedder.tokenizer(), maxTokens, overlapTokens);
            case RECURSIVE -> new RecursiveChunker(embedder.tokenizer(), maxTokens);
            case STRUCTURE -> new StructureChunker(embedder.tokenizer(), maxTokens);
            case SEMANTIC -> new SemanticChunker(embedder, maxTokens, semanticBreakPercentile);
        };
    }
}
