package dev.loupe.inference.constrain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A regular language over bytes, as a tree: what both the regex parser and the JSON Schema compiler produce and
 * {@link Nfa} compiles. Nodes may be shared (the same object in several places of the tree): the compiler builds
 * a shared node once per continuation, which keeps the "optional properties in order" construction linear.
 */
sealed interface Rx {
    /** Matches only the empty string. */
    Rx EMPTY = new Seq(List.of());

    /** One byte out of {@code set}. */
    record Bytes(ByteSet set) implements Rx {}

    /** The parts one after another. */
    record Seq(List<Rx> parts) implements Rx {
        public Seq {
            parts = List.copyOf(parts);
        }
    }

    /** Any one of the options. */
    record Alt(List<Rx> options) implements Rx {
        public Alt {
            options = List.copyOf(options);
            if (options.isEmpty()) {
                throw new IllegalArgumentException("an alternation needs at least one option");
            }
        }
    }

    /**
     * {@code body} repeated {@code min} to {@code max} times.
     *
     * @param max {@link #UNBOUNDED} for no upper bound
     */
    record Repeat(Rx body, int min, int max) implements Rx {
        static final int UNBOUNDED = -1;

        public Repeat {
            if (min < 0 || (max != UNBOUNDED && max < min)) {
                throw new IllegalArgumentException("bad repetition {" + min + "," + max + "}");
            }
        }
    }

    static Rx bytes(ByteSet set) {
        return new Bytes(set);
    }

    static Rx seq(Rx... parts) {
        return parts.length == 1 ? parts[0] : new Seq(List.of(parts));
    }

    static Rx seq(List<Rx> parts) {
        return parts.size() == 1 ? parts.getFirst() : new Seq(parts);
    }

    static Rx alt(Rx... options) {
        return options.length == 1 ? options[0] : new Alt(List.of(options));
    }

    static Rx alt(List<Rx> options) {
        return options.size() == 1 ? options.getFirst() : new Alt(options);
    }

    static Rx optional(Rx body) {
        return new Repeat(body, 0, 1);
    }

    static Rx repeat(Rx body, int min, int max) {
        return new Repeat(body, min, max);
    }

    /** Exactly these bytes. */
    static Rx literal(byte[] bytes) {
        List<Rx> parts = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            parts.add(new Bytes(ByteSet.of(b & 0xFF)));
        }
        return seq(parts);
    }

    /** Exactly the UTF-8 bytes of {@code text}. */
    static Rx literal(String text) {
        return literal(text.getBytes(StandardCharsets.UTF_8));
    }
}
