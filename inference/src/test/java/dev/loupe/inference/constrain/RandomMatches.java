package dev.loupe.inference.constrain;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random complete matches of an automaton: at each state a uniformly chosen next state (so an escape is as
 * likely as a plain character), then a random byte leading there. Past a soft length it heads for the nearest
 * accepting state, so every sample ends.
 */
final class RandomMatches {
    private final ByteAutomaton automaton;
    private final int[] distance; // [state] fewest bytes to an accepting state

    RandomMatches(ByteAutomaton automaton) {
        this.automaton = automaton;
        int n = automaton.stateCount();
        distance = new int[n];
        Arrays.fill(distance, Integer.MAX_VALUE);
        boolean changed = true;
        for (int s = 0; s < n; s++) {
            if (automaton.isAccepting(s)) {
                distance[s] = 0;
            }
        }
        while (changed) { // Bellman-Ford style; the automata in tests are small
            changed = false;
            for (int s = 0; s < n; s++) {
                for (int b = 0; b < 256; b++) {
                    int t = automaton.next(s, b);
                    if (t != ByteAutomaton.DEAD && distance[t] != Integer.MAX_VALUE && distance[t] + 1 < distance[s]) {
                        distance[s] = distance[t] + 1;
                        changed = true;
                    }
                }
            }
        }
    }

    byte[] sample(RandomGenerator random, int softLimitBytes, double stopChance) {
        var out = new ByteArrayOutputStream();
        int s = automaton.start();
        while (true) {
            if (automaton.isAccepting(s) && (!automaton.canContinue(s) || random.nextDouble() < stopChance || out.size() >= softLimitBytes)) {
                return out.toByteArray();
            }
            List<Integer> targets = new ArrayList<>();
            for (int b = 0; b < 256; b++) {
                int t = automaton.next(s, b);
                if (t != ByteAutomaton.DEAD && !targets.contains(t) && (out.size() < softLimitBytes || distance[t] < distance[s])) {
                    targets.add(t);
                }
            }
            int target = targets.get(random.nextInt(targets.size()));
            List<Integer> bytes = new ArrayList<>();
            for (int b = 0; b < 256; b++) {
                if (automaton.next(s, b) == target) {
                    bytes.add(b);
                }
            }
            int b = bytes.get(random.nextInt(bytes.size()));
            out.write(b);
            s = target;
        }
    }
}
