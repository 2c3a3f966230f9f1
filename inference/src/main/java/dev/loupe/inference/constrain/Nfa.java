package dev.loupe.inference.constrain;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A Thompson-style automaton over bytes built from an {@link Rx} tree in continuation-passing style: each node is
 * compiled given the state that follows it, so a node shared by several parents with the same continuation is
 * compiled once. States are either byte states (one labelled edge), epsilon states (any number of empty edges)
 * or the single accepting state.
 */
final class Nfa {
    /** Guards memory before the DFA's own limit can: a schema or regex this large is rejected. */
    static final int MAX_STATES = 2_000_000;

    private ByteSet[] labels = new ByteSet[64];   // [state] label of a byte state, null otherwise
    private int[] targets = new int[64];          // [state] target of a byte state
    private int[] epsFirst = new int[64];         // [state] first epsilon edge, -1 for none
    private int[] epsTo = new int[64];            // [edge]
    private int[] epsNext = new int[64];          // [edge] next edge of the same state, -1 at the end
    private int stateCount;
    private int edgeCount;
    private final Map<Rx, Map<Integer, Integer>> memo = new IdentityHashMap<>();
    final int accept;
    final int start;

    private Nfa(Rx rx) {
        accept = newState();
        start = build(rx, accept);
        memo.clear();
    }

    static Nfa of(Rx rx) {
        return new Nfa(rx);
    }

    int stateCount() {
        return stateCount;
    }

    /** The label of a byte state, or null for epsilon and accepting states. */
    ByteSet label(int state) {
        return labels[state];
    }

    int target(int state) {
        return targets[state];
    }

    int firstEpsilon(int state) {
        return epsFirst[state];
    }

    int epsilonTarget(int edge) {
        return epsTo[edge];
    }

    int nextEpsilon(int edge) {
        return epsNext[edge];
    }

    private int build(Rx node, int next) {
        Map<Integer, Integer> byNext = memo.computeIfAbsent(node, n -> new HashMap<>(2));
        Integer known = byNext.get(next);
        if (known != null) {
            return known;
        }
        int state = switch (node) {
            case Rx.Bytes b -> byteState(b.set(), next);
            case Rx.Seq s -> {
                int at = next;
                for (int i = s.parts().size() - 1; i >= 0; i--) {
                    at = build(s.parts().get(i), at);
                }
                yield at;
            }
            case Rx.Alt a -> {
                int fork = newState();
                for (Rx option : a.options()) {
                    epsilon(fork, build(option, next));
                }
                yield fork;
            }
            case Rx.Repeat r -> repeat(r, next);
        };
        byNext.put(next, state);
        return state;
    }

    private int repeat(Rx.Repeat r, int next) {
        int at;
        if (r.max() == Rx.Repeat.UNBOUNDED) {
            int loop = newState();
            epsilon(loop, next);
            epsilon(loop, build(r.body(), loop));
            at = loop;
        } else {
            // Optional copies from the back: each may end the repetition or go on to one more.
            at = next;
            for (int i = r.min(); i < r.max(); i++) {
                int fork = newState();
                epsilon(fork, next);
                epsilon(fork, build(r.body(), at));
                at = fork;
            }
        }
        for (int i = 0; i < r.min(); i++) {
            at = build(r.body(), at);
        }
        return at;
    }

    private int byteState(ByteSet set, int next) {
        int s = newState();
        labels[s] = set;
        targets[s] = next;
        return s;
    }

    private int newState() {
        if (stateCount == MAX_STATES) {
            throw new InvalidConstraintException("The constraint is too large to compile (over " + MAX_STATES
                    + " automaton states); lower maxLength, maxItems or regex repetition counts.");
        }
        if (stateCount == labels.length) {
            int n = labels.length * 2;
            labels = Arrays.copyOf(labels, n);
            targets = Arrays.copyOf(targets, n);
            epsFirst = Arrays.copyOf(epsFirst, n);
        }
        epsFirst[stateCount] = -1;
        return stateCount++;
    }

    private void epsilon(int from, int to) {
        if (edgeCount == epsTo.length) {
            epsTo = Arrays.copyOf(epsTo, edgeCount * 2);
            epsNext = Arrays.copyOf(epsNext, edgeCount * 2);
        }
        epsTo[edgeCount] = to;
        epsNext[edgeCount] = epsFirst[from];
        epsFirst[from] = edgeCount++;
    }
}
