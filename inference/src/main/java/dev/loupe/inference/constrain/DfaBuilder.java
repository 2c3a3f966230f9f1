package dev.loupe.inference.constrain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link ByteAutomaton} from an {@link Nfa}: byte classes, subset construction over the NFA's byte
 * states, removal of states from which no match is reachable, Hopcroft minimisation and breadth-first numbering
 * (the start is 0, neighbours get nearby numbers).
 */
final class DfaBuilder {
    private DfaBuilder() {}

    static ByteAutomaton build(Nfa nfa) {
        int[] classOf = new int[256];
        int classCount = byteClasses(nfa, classOf);
        Subsets subsets = new Subsets(nfa, classOf, classCount);
        subsets.run();
        int n = subsets.count;
        int[] table = Arrays.copyOf(subsets.table, n * classCount);
        boolean[] accepting = Arrays.copyOf(subsets.accepting, n);

        boolean[] live = live(table, accepting, classCount, n);
        if (!live[0]) {
            throw new InvalidConstraintException("The constraint matches no output at all; check the schema or regex for contradictions.");
        }
        for (int i = 0; i < table.length; i++) {
            if (table[i] != ByteAutomaton.DEAD && !live[table[i]]) {
                table[i] = ByteAutomaton.DEAD;
            }
        }
        int[] blockOf = minimise(table, accepting, live, classCount, n);
        return renumber(table, accepting, blockOf, classOf, classCount, n);
    }

    /** Partitions the 256 byte values so that every NFA label is a union of classes; returns the class count. */
    private static int byteClasses(Nfa nfa, int[] classOf) {
        Set<ByteSet> labels = new LinkedHashSet<>();
        for (int s = 0; s < nfa.stateCount(); s++) {
            if (nfa.label(s) != null) {
                labels.add(nfa.label(s));
            }
        }
        int count = 1;
        for (ByteSet label : labels) {
            Map<Integer, Integer> renamed = new HashMap<>();
            int[] next = new int[256];
            for (int b = 0; b < 256; b++) {
                int key = classOf[b] * 2 + (label.contains(b) ? 1 : 0);
                next[b] = renamed.computeIfAbsent(key, k -> renamed.size());
            }
            System.arraycopy(next, 0, classOf, 0, 256);
            count = renamed.size();
        }
        return count;
    }

    /** Subset construction; only byte states and the accepting state identify a subset. */
    private static final class Subsets {
        final Nfa nfa;
        final int classCount;
        final int[][] coveredClasses; // [nfa state] classes a byte state's label covers
        final Map<Key, Integer> ids = new HashMap<>();
        final List<int[]> members = new ArrayList<>();
        int[] table = new int[1024];
        boolean[] accepting = new boolean[64];
        int count;
        // closure scratch
        final int[] seen;
        int stamp;
        final int[] stack;
        final int[] single; // [nfa state] DFA state of the closure of that state alone, -1 until known

        Subsets(Nfa nfa, int[] classOf, int classCount) {
            this.nfa = nfa;
            this.classCount = classCount;
            int[] representative = new int[classCount];
            Arrays.fill(representative, -1);
            for (int b = 0; b < 256; b++) {
                if (representative[classOf[b]] < 0) {
                    representative[classOf[b]] = b;
                }
            }
            coveredClasses = new int[nfa.stateCount()][];
            for (int s = 0; s < nfa.stateCount(); s++) {
                ByteSet label = nfa.label(s);
                if (label != null) {
                    int[] covered = new int[classCount];
                    int k = 0;
                    for (int c = 0; c < classCount; c++) {
                        if (label.contains(representative[c])) {
                            covered[k++] = c;
                        }
                    }
                    coveredClasses[s] = Arrays.copyOf(covered, k);
                }
            }
            seen = new int[nfa.stateCount()];
            stack = new int[nfa.stateCount()];
            single = new int[nfa.stateCount()];
            Arrays.fill(single, -1);
        }

        void run() {
            intern(closure(new int[] {nfa.start}, 1));
            int[][] buckets = new int[classCount][8];
            int[] sizes = new int[classCount];
            for (int d = 0; d < count; d++) {
                Arrays.fill(sizes, 0);
                for (int m : members.get(d)) {
                    int[] covered = coveredClasses[m];
                    if (covered == null) {
                        continue;
                    }
                    int target = nfa.target(m);
                    for (int c : covered) {
                        if (sizes[c] == buckets[c].length) {
                            buckets[c] = Arrays.copyOf(buckets[c], sizes[c] * 2);
                        }
                        buckets[c][sizes[c]++] = target;
                    }
                }
                for (int c = 0; c < classCount; c++) {
                    int target;
                    if (sizes[c] == 0) {
                        target = ByteAutomaton.DEAD;
                    } else if (sizes[c] == 1) {
                        // Most steps follow one NFA edge: remember where a lone target's closure lands.
                        int only = buckets[c][0];
                        if (single[only] < 0) {
                            single[only] = intern(closure(buckets[c], 1));
                        }
                        target = single[only];
                    } else if (c > 0 && sizes[c] == sizes[c - 1]
                            && Arrays.equals(buckets[c], 0, sizes[c], buckets[c - 1], 0, sizes[c - 1])) {
                        target = table[d * classCount + c - 1];
                    } else {
                        target = intern(closure(buckets[c], sizes[c]));
                    }
                    // intern() may grow the table: take the target first, then index the current array.
                    table[d * classCount + c] = target;
                }
            }
        }

        /** The sorted byte states and accepting state reachable by empty edges from {@code from[0, n)}. */
        int[] closure(int[] from, int n) {
            stamp++;
            int top = 0;
            int[] out = new int[8];
            int size = 0;
            for (int i = 0; i < n; i++) {
                if (seen[from[i]] != stamp) {
                    seen[from[i]] = stamp;
                    stack[top++] = from[i];
                }
            }
            while (top > 0) {
                int s = stack[--top];
                if (nfa.label(s) != null || s == nfa.accept) {
                    if (size == out.length) {
                        out = Arrays.copyOf(out, size * 2);
                    }
                    out[size++] = s;
                }
                for (int e = nfa.firstEpsilon(s); e >= 0; e = nfa.nextEpsilon(e)) {
                    int t = nfa.epsilonTarget(e);
                    if (seen[t] != stamp) {
                        seen[t] = stamp;
                        stack[top++] = t;
                    }
                }
            }
            int[] set = Arrays.copyOf(out, size);
            Arrays.sort(set);
            return set;
        }

        int intern(int[] set) {
            Key key = new Key(set);
            Integer id = ids.get(key);
            if (id != null) {
                return id;
            }
            if (count == ByteAutomaton.MAX_STATES) {
                throw new InvalidConstraintException("The constraint is too complex to compile (over " + ByteAutomaton.MAX_STATES
                        + " automaton states); simplify the regex or lower maxLength and maxItems.");
            }
            int d = count++;
            ids.put(key, d);
            members.add(set);
            if ((d + 1) * classCount > table.length) {
                table = Arrays.copyOf(table, Math.max(table.length * 2, (d + 1) * classCount));
            }
            if (d == accepting.length) {
                accepting = Arrays.copyOf(accepting, d * 2);
            }
            accepting[d] = Arrays.binarySearch(set, nfa.accept) >= 0;
            return d;
        }
    }

    private record Key(int[] set) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(set, k.set);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(set);
        }
    }

    /** States from which an accepting state is reachable: breadth-first over reversed edges. */
    private static boolean[] live(int[] table, boolean[] accepting, int classCount, int n) {
        int[] inCount = new int[n + 1];
        for (int t : table) {
            if (t != ByteAutomaton.DEAD) {
                inCount[t + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            inCount[i + 1] += inCount[i];
        }
        int[] sources = new int[inCount[n]];
        int[] fill = Arrays.copyOf(inCount, n);
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < classCount; c++) {
                int t = table[s * classCount + c];
                if (t != ByteAutomaton.DEAD) {
                    sources[fill[t]++] = s;
                }
            }
        }
        boolean[] live = new boolean[n];
        int[] queue = new int[n];
        int tail = 0;
        for (int s = 0; s < n; s++) {
            if (accepting[s]) {
                live[s] = true;
                queue[tail++] = s;
            }
        }
        for (int head = 0; head < tail; head++) {
            int t = queue[head];
            for (int i = inCount[t]; i < inCount[t + 1]; i++) {
                if (!live[sources[i]]) {
                    live[sources[i]] = true;
                    queue[tail++] = sources[i];
                }
            }
        }
        return live;
    }

    /**
     * Hopcroft's partition refinement over the live states plus one explicit dead state (number n). Returns the
     * block of each state; equivalent states share a block. The dead state is never a splitter (the worklist may
     * leave out one initial block, and it cannot be split), so edges into it need no reverse lists: only live
     * edges are indexed, which keeps the work proportional to them.
     */
    private static int[] minimise(int[] table, boolean[] accepting, boolean[] live, int classCount, int n) {
        int total = n + 1;
        int dead = n;
        // Reverse live edges grouped by target: inSource/inClass[inStart[t] ..] are the edges entering t.
        int[] inStart = new int[n + 1];
        for (int s = 0; s < n; s++) {
            if (!live[s]) {
                continue;
            }
            for (int c = 0; c < classCount; c++) {
                int t = table[s * classCount + c];
                if (t != ByteAutomaton.DEAD) {
                    inStart[t + 1]++;
                }
            }
        }
        for (int t = 0; t < n; t++) {
            inStart[t + 1] += inStart[t];
        }
        int edges = inStart[n];
        int[] inSource = new int[edges];
        int[] inClass = new int[edges];
        int[] fill = Arrays.copyOf(inStart, n);
        for (int s = 0; s < n; s++) {
            if (!live[s]) {
                continue;
            }
            for (int c = 0; c < classCount; c++) {
                int t = table[s * classCount + c];
                if (t != ByteAutomaton.DEAD) {
                    inSource[fill[t]] = s;
                    inClass[fill[t]++] = c;
                }
            }
        }

        int[] elems = new int[total];
        int[] loc = new int[total];
        int[] blockOf = new int[total];
        int[] first = new int[total + 1];
        int[] end = new int[total + 1];
        int[] marked = new int[total + 1];
        int blocks = 0;
        // Initial blocks: accepting live states, other live states, unreachable-from-nothing dead states.
        int at = 0;
        for (int kind = 0; kind < 2; kind++) {
            int begin = at;
            for (int s = 0; s < n; s++) {
                if (live[s] && accepting[s] == (kind == 0)) {
                    elems[at] = s;
                    loc[s] = at++;
                    blockOf[s] = blocks;
                }
            }
            if (at > begin) {
                first[blocks] = begin;
                end[blocks++] = at;
            }
        }
        int begin = at;
        for (int s = 0; s < total; s++) {
            if (s == dead || !live[s]) {
                elems[at] = s;
                loc[s] = at++;
                blockOf[s] = blocks;
            }
        }
        first[blocks] = begin;
        end[blocks++] = at;

        int[] work = new int[total + 1];
        boolean[] inWork = new boolean[total + 1];
        int workSize = 0;
        for (int b = 0; b < blocks - 1; b++) { // every block but the dead one
            work[workSize++] = b;
            inWork[b] = true;
        }
        int[] touched = new int[total + 1];
        int[] bucketStart = new int[classCount + 1]; // the splitter's entering edges, bucketed by class
        int[] bucketFill = new int[classCount];
        int[] bucketed = new int[edges];
        while (workSize > 0) {
            int a = work[--workSize];
            inWork[a] = false;
            // Entering edges of the splitter, by class (counting sort): the work is proportional to the edges,
            // not to states x classes.
            Arrays.fill(bucketStart, 0);
            for (int k = first[a]; k < end[a]; k++) {
                int t = elems[k];
                if (t == dead) {
                    continue;
                }
                for (int e = inStart[t]; e < inStart[t + 1]; e++) {
                    bucketStart[inClass[e] + 1]++;
                }
            }
            for (int c = 0; c < classCount; c++) {
                bucketStart[c + 1] += bucketStart[c];
            }
            System.arraycopy(bucketStart, 0, bucketFill, 0, classCount);
            for (int k = first[a]; k < end[a]; k++) {
                int t = elems[k];
                if (t == dead) {
                    continue;
                }
                for (int e = inStart[t]; e < inStart[t + 1]; e++) {
                    bucketed[bucketFill[inClass[e]]++] = inSource[e];
                }
            }
            for (int c = 0; c < classCount; c++) {
                if (bucketStart[c] == bucketStart[c + 1]) {
                    continue;
                }
                int touchedCount = 0;
                for (int p = bucketStart[c]; p < bucketStart[c + 1]; p++) {
                    int s = bucketed[p];
                    int b = blockOf[s];
                    int mark = first[b] + marked[b];
                    if (loc[s] >= mark) { // not marked yet: swap into the marked front of its block
                        if (marked[b] == 0) {
                            touched[touchedCount++] = b;
                        }
                        int other = elems[mark];
                        elems[loc[s]] = other;
                        loc[other] = loc[s];
                        elems[mark] = s;
                        loc[s] = mark;
                        marked[b]++;
                    }
                }
                for (int i = 0; i < touchedCount; i++) {
                    int b = touched[i];
                    int m = marked[b];
                    marked[b] = 0;
                    if (m == end[b] - first[b]) {
                        continue;
                    }
                    int nb = blocks++;
                    first[nb] = first[b];
                    end[nb] = first[b] + m;
                    first[b] = end[nb];
                    for (int k = first[nb]; k < end[nb]; k++) {
                        blockOf[elems[k]] = nb;
                    }
                    if (inWork[b]) {
                        work[workSize++] = nb;
                        inWork[nb] = true;
                    } else {
                        int smaller = (end[nb] - first[nb]) <= (end[b] - first[b]) ? nb : b;
                        work[workSize++] = smaller;
                        inWork[smaller] = true;
                    }
                }
            }
        }
        return blockOf;
    }

    /** One state per block of live states, numbered breadth-first from the start's block. */
    private static ByteAutomaton renumber(int[] table, boolean[] accepting, int[] blockOf, int[] classOf, int classCount, int n) {
        int deadBlock = blockOf[n];
        int[] representative = new int[blockOf.length + 1];
        Arrays.fill(representative, -1);
        for (int s = 0; s < n; s++) {
            if (blockOf[s] != deadBlock && representative[blockOf[s]] < 0) {
                representative[blockOf[s]] = s;
            }
        }
        int[] number = new int[blockOf.length + 1];
        Arrays.fill(number, -1);
        int[] order = new int[blockOf.length + 1];
        int count = 0;
        number[blockOf[0]] = count;
        order[count++] = blockOf[0];
        for (int head = 0; head < count; head++) {
            int s = representative[order[head]];
            for (int c = 0; c < classCount; c++) {
                int t = table[s * classCount + c];
                if (t != ByteAutomaton.DEAD && number[blockOf[t]] < 0) {
                    number[blockOf[t]] = count;
                    order[count++] = blockOf[t];
                }
            }
        }
        int[] out = new int[count * classCount];
        boolean[] acc = new boolean[count];
        for (int i = 0; i < count; i++) {
            int s = representative[order[i]];
            acc[i] = accepting[s];
            for (int c = 0; c < classCount; c++) {
                int t = table[s * classCount + c];
                out[i * classCount + c] = t == ByteAutomaton.DEAD ? ByteAutomaton.DEAD : number[blockOf[t]];
            }
        }
        return new ByteAutomaton(classOf, classCount, out, acc);
    }
}
