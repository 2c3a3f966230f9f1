package dev.loupe.inference.jlama;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One token sequence in its own KV cache: the ids at positions {@code 0..length-1}, the model's final residual
 * row of each position, and the raw logits of the next position. Every forward pass of Loupe's decoding goes
 * through here, so that {@link JlamaTextGenerator#positionsComputed()} counts them all.
 *
 * <p>Logits are always computed from a copied row ({@link #logitsOf}), never straight from Jlama's output
 * tensor: a later explanation that recomputes them from the kept row runs the very same computation and gets the
 * same bits. With {@code keepRows} every position's row is kept (for explanations, branches, contrastive search
 * and scoring: {@code hiddenSize} floats per position); otherwise only the last.
 *
 * <p>Rewinding ({@link #rewind}) only forgets: attention at a position reads only earlier positions, so stale
 * KV entries past the length are simply overwritten by the next forward pass. Not thread-safe; callers hold the
 * generator's lock.
 */
final class Sequence implements AutoCloseable {
    /** Jlama 0.8.4 batches a prefill in chunks of this many tokens and returns the rows of the last chunk only. */
    static final int PREFILL_CHUNK = 256;

    private final JlamaTextGenerator generator;
    private final AbstractModel model;
    private final KvBufferCache.KvBuffer kv;
    private final boolean keepRows;
    private final int dim;
    private final float[] logits; // [vocab] raw logits of position `length`, valid when logitsValid
    private int[] ids = new int[64];
    private float[][] rows = new float[64][]; // [position][dim] final residual rows; only the last when !keepRows
    private int length;
    private boolean logitsValid;
    private int stagedToken = -1;  // a token whose forward pass a chooser already ran at position `length`
    private float[] stagedRow;
    private boolean closed;

    Sequence(JlamaTextGenerator generator, boolean keepRows) {
        this.generator = generator;
        this.model = generator.model();
        this.kv = generator.newKvBuffer();
        this.keepRows = keepRows;
        this.dim = model.getConfig().embeddingLength;
        this.logits = new float[model.getConfig().vocabularySize];
    }

    int length() {
        return length;
    }

    int id(int position) {
        checkPosition(position);
        return ids[position];
    }

    /** A copy of the ids at positions {@code [0, length)}. */
    int[] ids() {
        return Arrays.copyOf(ids, length);
    }

    boolean keepsRows() {
        return keepRows;
    }

    /**
     * The final residual row (before the final norm) of {@code position}: what Jlama's forward pass returns there.
     * Shared, never modified; only kept positions are available.
     *
     * @return [hiddenSize]
     */
    float[] row(int position) {
        checkPosition(position);
        if (!keepRows && position != length - 1) {
            throw new IllegalStateException("this sequence keeps only its last row, asked for position " + position);
        }
        return rows[position];
    }

    /**
     * Raw logits of the next token, at position {@code length}: the engine's working row, valid until the
     * sequence changes. Callers must not modify it (copy first to mask).
     *
     * @return [vocab]
     */
    float[] logits() {
        if (!logitsValid) {
            if (length == 0 || rows[length - 1] == null) {
                throw new IllegalStateException("no row is kept for position " + (length - 1) + ", so its logits are unknown");
            }
            logitsOf(rows[length - 1], logits);
            logitsValid = true;
        }
        return logits;
    }

    /**
     * Raw logits of the output head applied to {@code row}: the engine's final norm and classifier, with any
     * logit scaling of the architecture.
     */
    void logitsOf(float[] row, float[] out) {
        try (AbstractTensor hidden = model.makeDenseTensor(1, dim);
             AbstractTensor scratch = model.makeDenseTensor(1, out.length)) {
            MemorySegment.copy(row, 0, hidden.getMemorySegment(), ValueLayout.JAVA_FLOAT, 0, dim);
            generator.logits(hidden, scratch, out);
        }
    }

    /**
     * Computes positions {@code [from, tokens.length)} for {@code tokens}, whose first {@code from} ids must be
     * the ones already here; leaves the logits of the last position ready.
     */
    void prefill(int[] tokens, int from) {
        if (from > length || from >= tokens.length) {
            throw new IllegalArgumentException("cannot prefill from " + from + " a sequence of " + length + " into " + tokens.length + " tokens");
        }
        for (int i = 0; i < from; i++) {
            if (tokens[i] != ids[i]) {
                throw new IllegalArgumentException("the prefix to reuse differs at position " + i);
            }
        }
        rewind(from);
        for (int start = from; start < tokens.length; start += PREFILL_CHUNK) {
            int end = Math.min(tokens.length, start + PREFILL_CHUNK);
            int[] chunk = Arrays.copyOfRange(tokens, start, end);
            AbstractTensor out = model.batchForward(chunk, start, kv);
            try {
                generator.countPositions(chunk.length);
                ensureCapacity(end);
                System.arraycopy(chunk, 0, ids, start, chunk.length);
                if (keepRows) {
                    for (int r = 0; r < chunk.length; r++) {
                        rows[start + r] = copyRow(out, r);
                    }
                } else {
                    forgetLastRow();
                    rows[end - 1] = copyRow(out, chunk.length - 1);
                }
                length = end;
            } finally {
                out.close();
            }
        }
        logitsValid = false;
    }

    /** Feeds {@code token} at position {@code length}: one forward pass, or none when a chooser staged it. */
    void append(int token) {
        float[] row;
        if (stagedToken == token && stagedRow != null) {
            row = stagedRow;
        } else {
            try (AbstractTensor out = model.forward(token, length, kv, java.util.Optional.empty())) {
                generator.countPositions(1);
                row = copyRow(out, 0);
            }
        }
        stagedToken = -1;
        stagedRow = null;
        put(length, token, row);
        logitsValid = false;
    }

    /**
     * Runs {@code token} at position {@code length} without appending it: its keys and values are written there
     * (and overwritten by the next forward pass at that position) and its row is returned.
     */
    float[] tryToken(int token) {
        try (AbstractTensor out = model.forward(token, length, kv, java.util.Optional.empty())) {
            generator.countPositions(1);
            return copyRow(out, 0);
        }
    }

    /**
     * Declares that the KV cache at position {@code length} now holds {@code token} (a chooser ran it with
     * {@link #tryToken} and restored its keys and values), so the next {@link #append} of that token needs no
     * forward pass.
     */
    void stage(int token, float[] row) {
        this.stagedToken = token;
        this.stagedRow = row;
    }

    /** Whether a chooser staged a token for the next {@link #append}. */
    boolean hasStaged() {
        return stagedRow != null;
    }

    /** Forgets positions from {@code newLength} on. Logits become those after position {@code newLength - 1}. */
    void rewind(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot rewind a sequence of " + length + " to " + newLength);
        }
        if (newLength < length) {
            if (!keepRows) {
                // Only the old last row was kept: the new last position has none, so logits must come from a
                // following prefill or append.
                forgetLastRow();
            }
            length = newLength;
            logitsValid = false;
            stagedToken = -1;
            stagedRow = null;
        }
    }

    /**
     * A new sequence holding this one's first {@code positions} positions: their keys and values are copied
     * layer by layer, position by position, so nothing is computed again.
     */
    Sequence copyPrefix(int positions) {
        Sequence copy = new Sequence(generator, keepRows);
        try {
            copyPrefixInto(copy, positions);
            return copy;
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    /** Makes {@code target} (of the same generator) hold this sequence's first {@code positions} positions. */
    void copyPrefixInto(Sequence target, int positions) {
        if (positions < 1 || positions > length) {
            throw new IllegalArgumentException("can copy 1 to " + length + " positions, asked for " + positions);
        }
        if (!keepRows && positions != length) {
            throw new IllegalStateException("copying a shorter prefix needs the rows of every position");
        }
        var c = model.getConfig();
        int layers = c.dctx().numberOfLayers;
        for (int layer = 0; layer < layers; layer++) {
            for (int p = 0; p < positions; p++) {
                target.kv.getKeyTensorForPosition(layer, p).copyFrom(kv.getKeyTensorForPosition(layer, p), 0, 0, c.kvLength);
                target.kv.getValTensorForPosition(layer, p).copyFrom(kv.getValTensorForPosition(layer, p), 0, 0, c.kvLength);
            }
        }
        target.length = 0;
        target.ensureCapacity(positions);
        System.arraycopy(ids, 0, target.ids, 0, positions);
        // Rows are never modified once written, so the copy may share them.
        if (keepRows) {
            System.arraycopy(rows, 0, target.rows, 0, positions);
        } else {
            target.rows[positions - 1] = rows[positions - 1];
        }
        target.length = positions;
        target.logitsValid = false;
        target.stagedToken = -1;
        target.stagedRow = null;
    }

    /**
     * Copies the keys and values of every layer at {@code position} into {@code snapshot} ([2 * layers, kvLength]),
     * or back with {@link #restoreKv}: how contrastive search keeps a candidate's cache entries.
     */
    void saveKv(int position, AbstractTensor snapshot) {
        var c = model.getConfig();
        for (int layer = 0; layer < c.dctx().numberOfLayers; layer++) {
            snapshot.copyFrom(kv.getKeyTensorForPosition(layer, position), 0, snapshot.getOffset(2 * layer, 0), c.kvLength);
            snapshot.copyFrom(kv.getValTensorForPosition(layer, position), 0, snapshot.getOffset(2 * layer + 1, 0), c.kvLength);
        }
    }

    void restoreKv(int position, AbstractTensor snapshot) {
        var c = model.getConfig();
        for (int layer = 0; layer < c.dctx().numberOfLayers; layer++) {
            kv.getKeyTensorForPosition(layer, position).copyFrom(snapshot, snapshot.getOffset(2 * layer, 0), 0, c.kvLength);
            kv.getValTensorForPosition(layer, position).copyFrom(snapshot, snapshot.getOffset(2 * layer + 1, 0), 0, c.kvLength);
        }
    }

    /** A tensor shaped for {@link #saveKv}; the caller closes it. */
    AbstractTensor newKvSnapshot() {
        var c = model.getConfig();
        return model.makeDenseTensor(2 * c.dctx().numberOfLayers, c.kvLength);
    }

    private void put(int position, int token, float[] row) {
        ensureCapacity(position + 1);
        if (!keepRows) {
            forgetLastRow();
        }
        ids[position] = token;
        rows[position] = row;
        length = position + 1;
    }

    private void forgetLastRow() {
        if (length > 0) {
            rows[length - 1] = null;
        }
    }

    private void ensureCapacity(int n) {
        if (n > ids.length) {
            int capacity = Math.max(n, ids.length * 2);
            ids = Arrays.copyOf(ids, capacity);
            rows = Arrays.copyOf(rows, capacity);
        }
    }

    private float[] copyRow(AbstractTensor out, int r) {
        float[] row = new float[dim];
        // Jlama's working memory is F32 (the generator loads with DType.F32): rows are plain floats.
        MemorySegment.copy(out.getMemorySegment(), ValueLayout.JAVA_FLOAT, out.getMemorySegmentOffset(out.getOffset(r, 0)), row, 0, dim);
        return row;
    }

    private void checkPosition(int position) {
        if (position < 0 || position >= length) {
            throw new IndexOutOfBoundsException("position " + position + " outside a sequence of " + length);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            kv.close();
        }
    }
}
