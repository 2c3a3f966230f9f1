package dev.loupe.rag.search;

/**
 * Tuning of hybrid search.
 *
 * @param candidates passages each retriever contributes before fusion (at least the requested limit is used)
 * @param rrfK the k of reciprocal rank fusion
 * @param minMaxAlpha the BM25 weight of min-max fusion, in [0, 1]
 */
public record SearchSettings(int candidates, double rrfK, double minMaxAlpha) {
    public SearchSettings {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be positive, got " + candidates);
        }
        if (!(rrfK >= 0)) {
            throw new IllegalArgumentException("rrfK must be non-negative, got " + rrfK);
        }
        if (!(minMaxAlpha >= 0 && minMaxAlpha <= 1)) {
            throw new IllegalArgumentException("minMaxAlpha must be in [0, 1], got " + minMaxAlpha);
        }
    }

    /** The values chosen on SciFact's train split; see docs/retrieval.md. */
    public static SearchSettings defaults() {
        return new SearchSettings(100, 60, 0.3);
    }
}
