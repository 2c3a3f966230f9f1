package dev.loupe.rag.search;

import java.util.Objects;

/**
 * Tuning of hybrid search.
 *
 * @param candidates passages each retriever contributes before fusion (at least the requested limit is used)
 * @param fusion how {@link SearchMode#HYBRID} combines the two lists
 * @param rrfK the k of reciprocal rank fusion
 * @param rrfBm25Weight the BM25 weight of reciprocal rank fusion, in [0, 1]; 0.5 is unweighted
 * @param minMaxAlpha the BM25 weight of min-max fusion, in [0, 1]
 */
public record SearchSettings(int candidates, FusionMethod fusion, double rrfK, double rrfBm25Weight, double minMaxAlpha) {
    public SearchSettings {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be positive, got " + candidates);
        }
        Objects.requireNonNull(fusion, "fusion");
        if (!(rrfK >= 0)) {
            throw new IllegalArgumentException("rrfK must be non-negative, got " + rrfK);
        }
        if (!(rrfBm25Weight >= 0 && rrfBm25Weight <= 1)) {
            throw new IllegalArgumentException("rrfBm25Weight must be in [0, 1], got " + rrfBm25Weight);
        }
        if (!(minMaxAlpha >= 0 && minMaxAlpha <= 1)) {
            throw new IllegalArgumentException("minMaxAlpha must be in [0, 1], got " + minMaxAlpha);
        }
    }

    /** The same settings with another fusion method. */
    public SearchSettings withFusion(FusionMethod other) {
        return new SearchSettings(candidates, other, rrfK, rrfBm25Weight, minMaxAlpha);
    }

    /** The values chosen on SciFact's train split; see docs/retrieval.md. */
    public static SearchSettings defaults() {
        return new SearchSettings(100, FusionMethod.MIN_MAX, 5, 0.4, 0.35);
    }
}
