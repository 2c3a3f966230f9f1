package dev.loupe.inference.sampling;

/**
 * Picks the k highest logits (ties: lower id first) with a bounded heap whose worst member is at the root: one
 * comparison per token against the root rejects almost every token, so the cost is about one pass over the
 * logits for small k. Allocates nothing.
 */
final class TopSelection {
    private TopSelection() {
    }

    /**
     * Writes the best {@code k} of the candidate ids into {@code out[0, k)}, best first.
     *
     * @param logit [vocab] logits by token id; only read
     * @param ids the candidate ids at [0, n), or null for the ids 0 .. n-1; only read until selection ends, so
     *     {@code out} may be the same array
     * @param heap scratch of at least k entries
     * @return the number written: min(k, n)
     */
    static int select(float[] logit, int[] ids, int n, int k, int[] heap, int[] out) {
        int count = Math.min(k, n);
        if (count == 0) {
            return 0;
        }
        int filled = 0;
        float rootLogit = Float.NaN;
        for (int i = 0; i < n; i++) {
            int id = ids == null ? i : ids[i];
            if (filled < count) {
                heap[filled] = id;
                siftUp(logit, heap, filled++);
                rootLogit = logit[heap[0]];
            } else {
                float z = logit[id];
                // Fast rejection; a tie with the root is resolved by id below.
                if (z < rootLogit || !(z == z)) {
                    continue;
                }
                int root = heap[0];
                if (z > rootLogit || id < root) {
                    heap[0] = id;
                    siftDown(logit, heap, count);
                    rootLogit = logit[heap[0]];
                }
            }
        }
        // Pop the worst first and fill from the back: out ends best first.
        for (int remaining = count; remaining > 0; remaining--) {
            out[remaining - 1] = heap[0];
            heap[0] = heap[remaining - 1];
            siftDown(logit, heap, remaining - 1);
        }
        return count;
    }

    /** Heap order: a parent is worse than (comes after) its children. */
    private static boolean worse(float[] logit, int a, int b) {
        float la = logit[a];
        float lb = logit[b];
        return la < lb || (la == lb && a > b);
    }

    private static void siftUp(float[] logit, int[] heap, int index) {
        int id = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!worse(logit, id, heap[parent])) {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = id;
    }

    private static void siftDown(float[] logit, int[] heap, int size) {
        if (size == 0) {
            return;
        }
        int index = 0;
        int id = heap[0];
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && worse(logit, heap[child + 1], heap[child])) {
                child++;
            }
            if (!worse(logit, heap[child], id)) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = id;
    }
}
