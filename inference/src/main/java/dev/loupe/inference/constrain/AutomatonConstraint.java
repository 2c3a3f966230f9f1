package dev.loupe.inference.constrain;

import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.tokenize.TokenPieces;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Constrains generation to the language of a {@link ByteAutomaton}, token by token: a token is allowed when its
 * bytes, appended to the output so far, keep it a prefix of some match. Stop tokens are allowed exactly when the
 * output is a complete match; special tokens never. Generation ends by itself ({@link State#isComplete()}) once
 * the match is complete and nothing can be added.
 *
 * <p>The allowed tokens of a state are found by walking the vocabulary's byte trie from that state, skipping every
 * subtree whose prefix leaves the language. Tokens up to a horizon length (16 bytes for SmolLM2's vocabulary; all
 * but a few hundred tokens) are cached as a bit set per group of states that no string of that length tells apart
 * ({@link ByteAutomaton#horizonClasses}), so the hundred positions of a long string share one entry; the few
 * longer tokens are walked every time. The cache is bounded ({@value #DEFAULT_CACHE_BYTES} bytes by default);
 * past the bound groups are recomputed each time.
 *
 * <p>Thread-safe: one instance may serve any number of generations, on any threads, at once; each generation gets
 * its own {@link State}.
 */
public final class AutomatonConstraint implements TokenConstraint {
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;

    private static final int DONE = -2; // after a stop token

    private final ByteAutomaton automaton;
    private final TokenTrie shortTokens; // tokens of at most `horizon` bytes
    private final TokenTrie longTokens;  // the longer ones
    private final int[] group;           // [automaton state] horizon class: equal groups allow the same short tokens
    private final int[] stopIds;
    private final int words;
    private final AtomicReferenceArray<long[]> cache; // [group] allowed short-token bits, null until computed
    private final AtomicLong cachedBytes = new AtomicLong();
    private final long cacheLimitBytes;

    /**
     * @param automaton the language of the output
     * @param pieces the bytes of every token of the model's vocabulary
     * @param stopTokens ids that end a generation (the model's end-of-sequence and end-of-turn tokens)
     */
    public AutomatonConstraint(ByteAutomaton automaton, TokenPieces pieces, Set<Integer> stopTokens) {
        this(automaton, pieces, stopTokens, DEFAULT_CACHE_BYTES);
    }

    /** As above, caching allowed-token sets up to {@code cacheLimitBytes} (0 turns the cache off). */
    public AutomatonConstraint(ByteAutomaton automaton, TokenPieces pieces, Set<Integer> stopTokens, long cacheLimitBytes) {
        this.automaton = Objects.requireNonNull(automaton, "automaton");
        Objects.requireNonNull(pieces, "pieces");
        this.stopIds = stopTokens.stream().mapToInt(Integer::intValue).filter(id -> id >= 0 && id < pieces.size()).sorted().toArray();
        int horizon = TokenTrie.horizon(pieces);
        this.shortTokens = TokenTrie.of(pieces, stopTokens, 1, horizon);
        this.longTokens = TokenTrie.of(pieces, stopTokens, horizon + 1, Integer.MAX_VALUE);
        this.group = automaton.horizonClasses(horizon);
        this.words = (pieces.size() + 63) >>> 6;
        this.cache = new AtomicReferenceArray<>(ByteAutomaton.groupCount(group));
        this.cacheLimitBytes = cacheLimitBytes;
    }

    /**
     * Output that validates against a JSON Schema; see {@link JsonSchemaCompiler} for the supported keywords and
     * the layout of the output.
     *
     * @throws InvalidConstraintException when the schema cannot be used
     */
    public static AutomatonConstraint jsonSchema(String schemaJson, TokenPieces pieces, Set<Integer> stopTokens) {
        return new AutomatonConstraint(JsonSchemaCompiler.compile(schemaJson), pieces, stopTokens);
    }

    /**
     * Output that matches a regular expression as a whole; see {@link RegexCompiler} for the subset.
     *
     * @throws InvalidConstraintException when the expression cannot be used
     */
    public static AutomatonConstraint regex(String regex, TokenPieces pieces, Set<Integer> stopTokens) {
        return new AutomatonConstraint(RegexCompiler.compile(regex), pieces, stopTokens);
    }

    /** {@link #jsonSchema(String, TokenPieces, Set)} for the vocabulary and stop tokens of a loaded model. */
    public static AutomatonConstraint jsonSchema(String schemaJson, TextGenerator generator) {
        return jsonSchema(schemaJson, generator.pieces(), generator.stopTokens());
    }

    /** {@link #regex(String, TokenPieces, Set)} for the vocabulary and stop tokens of a loaded model. */
    public static AutomatonConstraint regex(String regex, TextGenerator generator) {
        return regex(regex, generator.pieces(), generator.stopTokens());
    }

    public ByteAutomaton automaton() {
        return automaton;
    }

    @Override
    public State start() {
        return new AutomatonState();
    }

    /**
     * Sets {@code bits} to the tokens allowed in automaton {@code state}: short tokens from the cache of its group
     * (computed and cached while there is room), long tokens by a walk, stop tokens when the state accepts.
     */
    void allowedBits(int state, long[] bits, int[] scratchStates) {
        int g = group[state];
        long[] cached = cache.get(g);
        if (cached != null) {
            System.arraycopy(cached, 0, bits, 0, words);
        } else {
            Arrays.fill(bits, 0L);
            shortTokens.allowed(automaton, state, bits, scratchStates);
            long size = 16L + 8L * words;
            if (cachedBytes.get() + size <= cacheLimitBytes && cache.compareAndSet(g, null, bits.clone())) {
                cachedBytes.addAndGet(size);
            }
        }
        longTokens.allowed(automaton, state, bits, scratchStates);
        if (automaton.isAccepting(state)) {
            for (int id : stopIds) {
                bits[id >>> 6] |= 1L << id;
            }
        }
    }

    private final class AutomatonState implements State {
        private int state = automaton.start();
        private final long[] bits = new long[words];
        private final int[] scratchStates = new int[Math.max(shortTokens.maxDepth, longTokens.maxDepth) + 1];

        @Override
        public void mask(float[] logits) {
            if (state == DONE) {
                Arrays.fill(logits, Float.NEGATIVE_INFINITY);
                return;
            }
            allowedBits(state, bits, scratchStates);
            int limit = Math.min(logits.length, words << 6);
            for (int w = 0; w < words; w++) {
                long word = bits[w];
                if (word == -1L) {
                    continue;
                }
                int base = w << 6;
                if (word == 0L) {
                    Arrays.fill(logits, Math.min(base, limit), Math.min(base + 64, limit), Float.NEGATIVE_INFINITY);
                    continue;
                }
                long banned = ~word;
                while (banned != 0) {
                    int id = base + Long.numberOfTrailingZeros(banned);
                    if (id >= limit) {
                        break;
                    }
                    logits[id] = Float.NEGATIVE_INFINITY;
                    banned &= banned - 1;
                }
            }
            if (logits.length > limit) {
                Arrays.fill(logits, limit, logits.length, Float.NEGATIVE_INFINITY); // ids the tokenizer does not define
            }
        }

        @Override
        public void accept(int tokenId) {
            if (state == DONE) {
                throw new IllegalStateException("the output is complete; no token may follow");
            }
            if (Arrays.binarySearch(stopIds, tokenId) >= 0) {
                if (!automaton.isAccepting(state)) {
                    throw new IllegalArgumentException("stop token " + tokenId + " was not allowed: the output is not complete");
                }
                state = DONE;
                return;
            }
            int next = shortTokens.contains(tokenId) || longTokens.contains(tokenId)
                    ? shortTokens.walk(automaton, state, tokenId) : ByteAutomaton.DEAD;
            if (next == ByteAutomaton.DEAD) {
                throw new IllegalArgumentException("token " + tokenId + " was not allowed in automaton state " + state);
            }
            state = next;
        }

        @Override
        public boolean isComplete() {
            return state == DONE || (automaton.isAccepting(state) && !automaton.canContinue(state));
        }
    }
}
