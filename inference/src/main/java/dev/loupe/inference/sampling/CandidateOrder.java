package dev.loupe.inference.sampling;

/**
 * A strict total order on token ids, with coarse buckets consistent with it, used by {@link MassSelection} to
 * find prefixes by mass without sorting.
 */
interface CandidateOrder {
    /** True when {@code a} comes before {@code b}; never true for {@code a == b}. */
    boolean precedes(int a, int b);

    /**
     * Writes {@code buckets[i]}, in [0, {@link MassSelection#BUCKETS}), for each of {@code ids[0, n)}, such that
     * {@code precedes(a, b)} implies {@code bucket(a) <= bucket(b)}. One call per pass keeps the loop tight.
     */
    void buckets(int[] ids, int n, int[] buckets);
}
