package dev.loupe.inference.constrain;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal deterministic automaton over bytes: the compiled form of a JSON Schema or a regular expression,
 * independent of any vocabulary. Every state it has can still reach an accepting state, so a walk that has not
 * fallen off ({@link #DEAD}) is a valid prefix of some match. State 0 is the start.
 *
 * <p>Bytes are grouped into classes that no transition tells apart, so the table is
 * {@code [states x classes]}. Immutable and safe to share between threads.
 */
public final class ByteAutomaton {
    /** The result of a transition that leaves the language. */
    public static final int DEAD = -1;
    /** Beyond this many states compilation stops with an {@link InvalidConstraintException}. */
    public static final int MAX_STATES = 500_000;

    private final int[] classOf;       // [256] byte -> class
    private final int classCount;
    private final int[] table;         // [states * classCount] next state or DEAD
    private final boolean[] accepting; // [states]
    private final boolean[] exits;     // [states] some byte leads on
    private final int longest;         // bytes of the longest match, -1 when unbounded
    private final Map<Integer, int[]> horizonClasses = new ConcurrentHashMap<>();

    ByteAutomaton(int[] classOf, int classCount, int[] table, boolean[] accepting) {
        this.classOf = classOf;
        this.classCount = classCount;
        this.table = table;
        this.accepting = accepting;
        int n = accepting.length;
        this.exits = new boolean[n];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < classCount; c++) {
                if (table[s * classCount + c] != DEAD) {
                    exits[s] = true;
                    break;
                }
            }
        }
        this.longest = longestPath();
    }

    /** Compiles a byte language: subset construction, removal of states that cannot reach a match, minimisation. */
    static ByteAutomaton compile(Rx rx) {
        return DfaBuilder.build(Nfa.of(rx));
    }

    public int start() {
        return 0;
    }

    public int stateCount() {
        return accepting.length;
    }

    /** The state after reading byte {@code b} (0..255, or a signed byte) in {@code state}, or {@link #DEAD}. */
    public int next(int state, int b) {
        return table[state * classCount + classOf[b & 0xFF]];
    }

    /** The state after reading {@code bytes[from, to)}, or {@link #DEAD} as soon as a byte leaves the language. */
    public int walk(int state, byte[] bytes, int from, int to) {
        int s = state;
        for (int i = from; i < to && s != DEAD; i++) {
            s = table[s * classCount + classOf[bytes[i] & 0xFF]];
        }
        return s;
    }

    /** True when the bytes read so far are a complete match. */
    public boolean isAccepting(int state) {
        return accepting[state];
    }

    /** True when some byte can follow; false means the match is complete and nothing may be added. */
    public boolean canContinue(int state) {
        return exits[state];
    }

    /** True when {@code bytes} as a whole match. */
    public boolean matches(byte[] bytes) {
        int s = walk(start(), bytes, 0, bytes.length);
        return s != DEAD && accepting[s];
    }

    /** Bytes of the longest match, or empty when matches can be arbitrarily long. */
    public OptionalInt longestMatchBytes() {
        return longest < 0 ? OptionalInt.empty() : OptionalInt.of(longest);
    }

    int classCount() {
        return classCount;
    }

    /** The class of byte {@code b}: bytes of one class lead to the same state from every state. */
    int classOf(int b) {
        return classOf[b & 0xFF];
    }

    /**
     * Groups states that no byte string of at most {@code depth} bytes tells apart: from two states of one group,
     * every such string either stays in the language from both or leaves it from both. So any token of at most
     * {@code depth} bytes is allowed in all states of a group or in none, and a cache keyed by group serves them
     * all (positions far from the end of a long string, say). Computed once per depth by {@code depth} rounds of
     * Moore-style refinement, starting from one group.
     *
     * @return [states] group of each state, groups numbered from 0
     */
    int[] horizonClasses(int depth) {
        return horizonClasses.computeIfAbsent(depth, this::refine);
    }

    /** Number of groups in {@code groups}. */
    static int groupCount(int[] groups) {
        int max = -1;
        for (int g : groups) {
            max = Math.max(max, g);
        }
        return max + 1;
    }

    private int[] refine(int depth) {
        int n = accepting.length;
        int[] group = new int[n];
        int groups = 1;
        int[] signature = new int[n * classCount]; // [state][class] group of the successor, -1 for none
        int[] slots = new int[Integer.highestOneBit(Math.max(n, 1)) * 4]; // open addressing: state + 1, 0 = empty
        int mask = slots.length - 1;
        for (int round = 0; round < depth; round++) {
            for (int i = 0; i < signature.length; i++) {
                int t = table[i];
                signature[i] = t == DEAD ? -1 : group[t];
            }
            Arrays.fill(slots, 0);
            int[] next = new int[n];
            int count = 0;
            for (int s = 0; s < n; s++) {
                int from = s * classCount;
                int h = 1;
                for (int c = 0; c < classCount; c++) {
                    h = 31 * h + signature[from + c];
                }
                int slot = (h ^ (h >>> 16)) & mask;
                while (true) {
                    int other = slots[slot] - 1;
                    if (other < 0) {
                        slots[slot] = s + 1;
                        next[s] = count++;
                        break;
                    }
                    if (Arrays.equals(signature, from, from + classCount, signature, other * classCount, other * classCount + classCount)) {
                        next[s] = next[other];
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
            }
            group = next;
            if (count == groups) {
                break; // stable: deeper rounds split nothing more
            }
            groups = count;
        }
        return group;
    }

    /** Longest path from the start to an accepting state, in bytes, by Kahn's topological order; -1 on a cycle. */
    private int longestPath() {
        int n = accepting.length;
        int[] inDegree = new int[n];
        for (int t : table) {
            if (t != DEAD) {
                inDegree[t]++;
            }
        }
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        int[] dist = new int[n];
        Arrays.fill(dist, -1);
        for (int s = 0; s < n; s++) {
            if (inDegree[s] == 0) {
                queue[tail++] = s;
            }
        }
        dist[0] = 0;
        int best = -1;
        while (head < tail) {
            int s = queue[head++];
            if (accepting[s] && dist[s] > best) {
                best = dist[s];
            }
            for (int c = 0; c < classCount; c++) {
                int t = table[s * classCount + c];
                if (t == DEAD) {
                    continue;
                }
                if (dist[s] >= 0) {
                    dist[t] = Math.max(dist[t], dist[s] + 1);
                }
                if (--inDegree[t] == 0) {
                    queue[tail++] = t;
                }
            }
        }
        return tail < n ? -1 : best;
    }
}
