package dev.loupe.inference.constrain;

import dev.loupe.inference.tokenize.TokenPieces;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every ordinary token of a vocabulary in a byte trie, flattened in preorder: a node's subtree is the index range
 * {@code [node + 1, subtreeEnd[node])}, so a walk can skip a whole subtree (every token that starts with the same
 * bytes) in one step. Special tokens, tokens with no bytes and the given excluded ids (the stop tokens) are left
 * out: they never take part in constrained text.
 *
 * <p>Built once per vocabulary and excluded set and shared ({@link #of}); immutable and thread-safe.
 */
final class TokenTrie {
    private static final Map<TokenPieces, Map<Key, TokenTrie>> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private static final Map<TokenPieces, Integer> HORIZONS = Collections.synchronizedMap(new WeakHashMap<>());

    private record Key(Set<Integer> excluded, int minBytes, int maxBytes) {}

    final int vocabSize;
    final int nodeCount;        // node 0 is the root (no byte)
    final byte[] label;         // [node] byte leading into the node
    final int[] depth;          // [node] bytes from the root
    final int[] subtreeEnd;     // [node] first node after the subtree
    final int[] tokenFrom;      // [node] tokens ending at the node are ids[tokenFrom, tokenTo)
    final int[] tokenTo;        // [node]
    final int[] ids;            // token ids sorted by their bytes
    final int maxDepth;
    private final boolean[] member; // [vocab]
    private final byte[] data;  // token bytes back to back
    private final int[] offsets; // [vocab + 1]

    private TokenTrie(TokenPieces pieces, Key key) {
        Set<Integer> excluded = key.excluded();
        int minBytes = key.minBytes();
        int maxBytes = key.maxBytes();
        vocabSize = pieces.size();
        offsets = new int[vocabSize + 1];
        byte[][] bytes = new byte[vocabSize][];
        int total = 0;
        int kept = 0;
        for (int id = 0; id < vocabSize; id++) {
            bytes[id] = pieces.bytes(id);
            total += bytes[id].length;
            if (included(pieces, excluded, id, bytes[id], minBytes, maxBytes)) {
                kept++;
            }
        }
        data = new byte[total];
        for (int id = 0, at = 0; id < vocabSize; id++) {
            System.arraycopy(bytes[id], 0, data, at, bytes[id].length);
            at += bytes[id].length;
            offsets[id + 1] = at;
        }
        Integer[] order = new Integer[kept];
        for (int id = 0, k = 0; id < vocabSize; id++) {
            if (included(pieces, excluded, id, bytes[id], minBytes, maxBytes)) {
                order[k++] = id;
            }
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(bytes[a], bytes[b]));
        ids = new int[kept];
        member = new boolean[vocabSize];
        for (int i = 0; i < kept; i++) {
            ids[i] = order[i];
            member[ids[i]] = true;
        }

        // Nodes are created in preorder as the sorted byte strings are read: a string's new nodes are its bytes
        // past the prefix it shares with the previous string, and nodes deeper than that prefix are complete.
        int capacity = total + 1;
        byte[] lab = new byte[capacity];
        int[] dep = new int[capacity];
        int[] end = new int[capacity];
        int[] from = new int[capacity];
        int[] to = new int[capacity];
        int longest = 0;
        for (int i = 0; i < kept; i++) {
            longest = Math.max(longest, bytes[ids[i]].length);
        }
        int[] path = new int[longest + 1]; // path[d]: open node at depth d
        int count = 1;
        byte[] previous = new byte[0];
        for (int i = 0; i < kept; i++) {
            byte[] b = bytes[ids[i]];
            int common = Arrays.mismatch(previous, b);
            if (common < 0) {
                common = b.length; // equal bytes: another id for the same node
            }
            for (int d = previous.length; d > common; d--) {
                end[path[d]] = count;
            }
            for (int d = common + 1; d <= b.length; d++) {
                int node = count++;
                lab[node] = b[d - 1];
                dep[node] = d;
                from[node] = to[node] = 0;
                path[d] = node;
            }
            int node = path[b.length];
            if (to[node] == 0) {
                from[node] = i;
            }
            to[node] = i + 1;
            previous = b;
        }
        for (int d = previous.length; d > 0; d--) {
            end[path[d]] = count;
        }
        end[0] = count;
        nodeCount = count;
        label = Arrays.copyOf(lab, count);
        depth = Arrays.copyOf(dep, count);
        subtreeEnd = Arrays.copyOf(end, count);
        tokenFrom = Arrays.copyOf(from, count);
        tokenTo = Arrays.copyOf(to, count);
        maxDepth = longest;
    }

    private static boolean included(TokenPieces pieces, Set<Integer> excluded, int id, byte[] bytes, int minBytes, int maxBytes) {
        return bytes.length >= Math.max(minBytes, 1) && bytes.length <= maxBytes && !pieces.isSpecial(id) && !excluded.contains(id);
    }

    /**
     * The trie of the tokens of {@code pieces} with {@code minBytes..maxBytes} bytes, without {@code excluded} ids;
     * built on first use and kept while the pieces live.
     */
    static TokenTrie of(TokenPieces pieces, Set<Integer> excluded, int minBytes, int maxBytes) {
        Key key = new Key(Set.copyOf(excluded), minBytes, maxBytes);
        Map<Key, TokenTrie> byKey;
        synchronized (CACHE) {
            byKey = CACHE.computeIfAbsent(pieces, p -> new ConcurrentHashMap<>());
        }
        return byKey.computeIfAbsent(key, k -> new TokenTrie(pieces, k));
    }

    /**
     * A token length that only few tokens exceed (at most {@code max(64, vocab / 256)}): tokens up to it are
     * cached by {@link ByteAutomaton#horizonClasses}, the longer ones are walked each time.
     */
    static int horizon(TokenPieces pieces) {
        return HORIZONS.computeIfAbsent(pieces, TokenTrie::computeHorizon);
    }

    private static int computeHorizon(TokenPieces pieces) {
        int[] longer = new int[257]; // longer[l]: tokens of exactly l bytes, capped at 256
        for (int id = 0; id < pieces.size(); id++) {
            longer[Math.min(pieces.bytes(id).length, 256)]++;
        }
        int allowedLonger = Math.max(64, pieces.size() / 256);
        int above = 0;
        for (int l = 256; l > 0; l--) {
            if (above + longer[l] > allowedLonger) {
                return l;
            }
            above += longer[l];
        }
        return 1;
    }

    /** Automaton state after the bytes of {@code id}, from {@code state}. */
    int walk(ByteAutomaton automaton, int state, int id) {
        return automaton.walk(state, data, offsets[id], offsets[id + 1]);
    }

    /** True for ids that are in the trie (ordinary tokens with bytes, not excluded). */
    boolean contains(int id) {
        return id >= 0 && id < vocabSize && member[id];
    }

    /**
     * Sets in {@code allowed} the bit of every token whose bytes, read from {@code state}, stay in the language.
     * Subtrees whose common prefix already leaves it are skipped whole.
     *
     * @param allowed [ceil(vocab / 64)] bits by token id; only set, never cleared
     * @param states scratch of at least {@code maxDepth + 1} entries
     */
    void allowed(ByteAutomaton automaton, int state, long[] allowed, int[] states) {
        states[0] = state;
        int node = 1;
        while (node < nodeCount) {
            int next = automaton.next(states[depth[node] - 1], label[node]);
            if (next == ByteAutomaton.DEAD) {
                node = subtreeEnd[node];
                continue;
            }
            states[depth[node]] = next;
            for (int k = tokenFrom[node]; k < tokenTo[node]; k++) {
                int id = ids[k];
                allowed[id >>> 6] |= 1L << id;
            }
            node++;
        }
    }
}
