package dev.loupe.inference.sampling;

import java.util.Arrays;

/**
 * Finds where, walking candidates in a given order, the running sum of their weights reaches a target, without
 * sorting them. Large sets go through a histogram: buckets 1/64 nat wide that follow the order collect the
 * weights in one pass, a scan of the buckets finds the one where the sum crosses the target, and only that
 * bucket's members (a few hundred even for a flat 49,152-token distribution) are resolved exactly, by a
 * quickselect that keeps a running sum. Passes are sequential and branch-free where it matters; a full sort of
 * a flat distribution would cost milliseconds.
 *
 * <p>One per {@link Candidates}; reusable buffers, allocates nothing, not thread-safe.
 */
final class MassSelection {
    static final int BUCKETS = 4096;
    static final float BUCKETS_PER_NAT = 64f;
    /** Sets up to this size skip the histogram. */
    private static final int HISTOGRAM_FROM = 1024;
    /** Ranges this short are insertion-sorted and walked. */
    private static final int SMALL = 16;

    private final double[] mass = new double[BUCKETS];
    private final int[] count = new int[BUCKETS];
    private final int[] bucketAt; // [vocab] bucket of the candidate at each position
    private final int[] spare;    // [vocab] members of the crossing bucket

    MassSelection(int vocabSize) {
        this.bucketAt = new int[vocabSize];
        this.spare = new int[vocabSize];
    }

    /** The bucket of a distance in nats from the start of the order: monotone; the last bucket takes the rest. */
    static int bucketOf(float nats) {
        return Math.min(BUCKETS - 1, (int) (nats * BUCKETS_PER_NAT));
    }

    /**
     * Moves the shortest prefix (in {@code order}) of {@code ids[0, n)} whose weight sum is at least
     * {@code target} to the front, in no particular order, and returns its length; n when the whole set falls
     * short. Ids after the prefix are overwritten.
     *
     * @param weight [vocab] weight by token id; only read
     */
    int keepPrefix(int[] ids, int n, float[] weight, CandidateOrder order, double target) {
        if (n <= HISTOGRAM_FROM) {
            int last = quickCrossing(ids, 0, n, weight, order, target, false);
            return last < 0 ? n : last + 1;
        }
        int crossing = histogram(ids, n, weight, order, target, false);
        if (crossing < 0) {
            return n;
        }
        double before = sumBefore(crossing);
        int front = 0;
        int members = 0;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            int b = bucketAt[i];
            // Branch-free: both stores happen, only the matching index advances (front <= i, so nothing unread is lost).
            ids[front] = id;
            front += b < crossing ? 1 : 0;
            spare[members] = id;
            members += b == crossing ? 1 : 0;
        }
        int last = quickCrossing(spare, 0, members, weight, order, target - before, false);
        // A rounding shortfall inside the bucket (same weights, other order) means the whole bucket is needed.
        int taken = last < 0 ? members : last + 1;
        System.arraycopy(spare, 0, ids, front, taken);
        return front + taken;
    }

    /**
     * The first id (in {@code order}) at which the running weight sum exceeds {@code target}, or -1 when the
     * whole set does not exceed it. {@code ids} is not modified.
     */
    int firstAbove(int[] ids, int n, float[] weight, CandidateOrder order, double target) {
        if (n <= HISTOGRAM_FROM) {
            System.arraycopy(ids, 0, spare, 0, n);
            int last = quickCrossing(spare, 0, n, weight, order, target, true);
            return last < 0 ? -1 : spare[last];
        }
        int crossing = histogram(ids, n, weight, order, target, true);
        if (crossing < 0) {
            return -1;
        }
        double before = sumBefore(crossing);
        int members = 0;
        for (int i = 0; i < n; i++) {
            spare[members] = ids[i];
            members += bucketAt[i] == crossing ? 1 : 0;
        }
        int last = quickCrossing(spare, 0, members, weight, order, target - before, true);
        if (last >= 0) {
            return spare[last];
        }
        // Rounding shortfall inside the bucket: its last member of positive weight.
        int chosen = -1;
        for (int i = 0; i < members; i++) {
            int id = spare[i];
            if (weight[id] > 0 && (chosen < 0 || order.precedes(chosen, id))) {
                chosen = id;
            }
        }
        return chosen;
    }

    /** Fills the histogram and returns the bucket where the running sum reaches the target, or -1. */
    private int histogram(int[] ids, int n, float[] weight, CandidateOrder order, double target, boolean strict) {
        order.buckets(ids, n, bucketAt);
        Arrays.fill(mass, 0);
        Arrays.fill(count, 0);
        for (int i = 0; i < n; i++) {
            int b = bucketAt[i];
            mass[b] += weight[ids[i]];
            count[b]++;
        }
        double sum = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (reaches(sum + mass[b], target, strict)) {
                return b;
            }
            sum += mass[b];
        }
        return -1;
    }

    private double sumBefore(int bucket) {
        double sum = 0;
        for (int b = 0; b < bucket; b++) {
            sum += mass[b];
        }
        return sum;
    }

    /**
     * Permutes {@code ids[from, to)} so that {@code [from, p]} hold the shortest prefix (in {@code order}) of
     * that range whose weight sum reaches {@code target}, its last element at {@code p}; returns p, or -1.
     */
    private static int quickCrossing(int[] ids, int from, int to, float[] weight, CandidateOrder order, double target, boolean strict) {
        int lo = from;
        int hi = to;
        double need = target;
        while (hi - lo > SMALL) {
            int pivotPosition = medianOfThree(ids, lo, (lo + hi) >>> 1, hi - 1, order);
            swap(ids, pivotPosition, hi - 1);
            int pivot = ids[hi - 1];
            int store = lo;
            double ahead = 0;
            for (int j = lo; j < hi - 1; j++) {
                int id = ids[j];
                if (order.precedes(id, pivot)) {
                    ahead += weight[id];
                    ids[j] = ids[store];
                    ids[store++] = id;
                }
            }
            swap(ids, store, hi - 1);
            if (reaches(ahead, need, strict)) {
                hi = store;
            } else {
                double throughPivot = ahead + weight[pivot];
                if (reaches(throughPivot, need, strict)) {
                    return store;
                }
                need -= throughPivot;
                lo = store + 1;
            }
        }
        insertionSort(ids, lo, hi, order);
        double sum = 0;
        for (int i = lo; i < hi; i++) {
            sum += weight[ids[i]];
            if (reaches(sum, need, strict)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean reaches(double sum, double need, boolean strict) {
        return strict ? sum > need : sum >= need;
    }

    private static int medianOfThree(int[] ids, int a, int b, int c, CandidateOrder order) {
        int x = ids[a];
        int y = ids[b];
        int z = ids[c];
        if (order.precedes(x, y)) {
            if (order.precedes(y, z)) {
                return b;
            }
            return order.precedes(x, z) ? c : a;
        }
        if (order.precedes(x, z)) {
            return a;
        }
        return order.precedes(y, z) ? c : b;
    }

    private static void insertionSort(int[] ids, int from, int to, CandidateOrder order) {
        for (int i = from + 1; i < to; i++) {
            int id = ids[i];
            int j = i - 1;
            while (j >= from && order.precedes(id, ids[j])) {
                ids[j + 1] = ids[j];
                j--;
            }
            ids[j + 1] = id;
        }
    }

    private static void swap(int[] ids, int i, int j) {
        int t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
    }
}
