package dev.loupe.inference.importer;

import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A llama2.c checkpoint in the legacy "v0" layout, memory-mapped read-only. The header has been checked against
 * the file size before any weight is touched, so every offset returned here lies inside the file.
 *
 * <p>Offsets are in bytes from the start of the file. Matrices are row-major float32 with rows = outputs, like a
 * PyTorch {@code Linear} weight. Not thread-safe: one import uses one instance and closes it.
 */
final class Llama2cCheckpoint implements AutoCloseable {
    static final int HEADER_BYTES = 7 * Integer.BYTES;
    /** llama2.c's newer export formats (version 1 and 2) start with this magic instead of dim. */
    private static final int EXPORT_MAGIC = 0x616b3432;

    private final Llama2cShape shape;
    private final Arena arena;
    private final MemorySegment file;

    private Llama2cCheckpoint(Llama2cShape shape, Arena arena, MemorySegment file) {
        this.shape = shape;
        this.arena = arena;
        this.file = file;
    }

    /**
     * Reads and checks the header, then maps the whole file.
     *
     * @throws ModelLoadException if the file is missing, unreadable, not a legacy llama2.c checkpoint, or its size
     *     does not match what the header describes
     */
    static Llama2cCheckpoint open(Path checkpoint) {
        Llama2cShape shape = readShape(checkpoint);
        Arena arena = Arena.ofConfined();
        try (FileChannel channel = FileChannel.open(checkpoint, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new Llama2cCheckpoint(shape, arena, file);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw new ModelLoadException("Could not read the checkpoint " + checkpoint + "; check that the file is readable.", e);
        }
    }

    /**
     * Reads the header only and checks it against the file size.
     *
     * @throws ModelLoadException as {@link #open(Path)}
     */
    static Llama2cShape readShape(Path checkpoint) {
        if (!Files.isRegularFile(checkpoint)) {
            throw new ModelLoadException("The llama2.c checkpoint " + checkpoint + " does not exist or is not a file.");
        }
        long fileBytes;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(checkpoint, StandardOpenOption.READ)) {
            fileBytes = channel.size();
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // keep reading until the header is complete or the file ends
            }
        } catch (IOException e) {
            throw new ModelLoadException("Could not read the checkpoint " + checkpoint + "; check that the file is readable.", e);
        }
        if (header.hasRemaining()) {
            throw new ModelLoadException("The checkpoint " + checkpoint + " has only " + fileBytes
                    + " bytes, too few for the 28-byte llama2.c header; the file is truncated or not a llama2.c checkpoint.");
        }
        header.flip();
        int dim = header.getInt();
        if (dim == EXPORT_MAGIC) {
            throw new ModelLoadException("The checkpoint " + checkpoint
                    + " uses a newer llama2.c export format; only the legacy v0 format (export.py --version 0) can be imported.");
        }
        int hiddenDim = header.getInt();
        int layers = header.getInt();
        int heads = header.getInt();
        int kvHeads = header.getInt();
        int signedVocab = header.getInt();
        int seqLen = header.getInt();
        Llama2cShape shape;
        try {
            // A negative vocab_size is llama2.c's way of saying the classifier is stored separately.
            shape = new Llama2cShape(dim, hiddenDim, layers, heads, kvHeads, Math.abs(signedVocab), seqLen, signedVocab > 0);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("The checkpoint " + checkpoint + " does not have a valid llama2.c header: "
                    + e.getMessage() + ".", e);
        }
        long expectedBytes;
        try {
            expectedBytes = shape.expectedFileBytes();
        } catch (ArithmeticException e) {
            throw new ModelLoadException("The checkpoint " + checkpoint + " has a header (" + shape
                    + ") describing an impossibly large model; the file is corrupt or not a llama2.c checkpoint.", e);
        }
        if (expectedBytes != fileBytes) {
            throw new ModelLoadException("The checkpoint " + checkpoint + " has " + fileBytes + " bytes but its header ("
                    + shape + ") needs exactly " + expectedBytes
                    + " bytes; the file is truncated, corrupt or not a legacy llama2.c checkpoint.");
        }
        return shape;
    }

    Llama2cShape shape() {
        return shape;
    }

    /** The whole file; read float32 values little-endian. */
    MemorySegment file() {
        return file;
    }

    /** [vocab, dim] */
    long tokenEmbedding() {
        return HEADER_BYTES;
    }

    /** [dim] of layer {@code layer} */
    long attentionNorm(int layer) {
        return tokenEmbedding() + bytes((long) shape.vocabSize() * shape.dim()) + bytes((long) layer * shape.dim());
    }

    /** [dim, dim] */
    long wq(int layer) {
        return attentionNorm(0) + bytes((long) shape.layers() * shape.dim()) + bytes((long) layer * shape.dim() * shape.dim());
    }

    /** [kvDim, dim] */
    long wk(int layer) {
        return wq(0) + bytes((long) shape.layers() * shape.dim() * shape.dim()) + bytes((long) layer * shape.kvDim() * shape.dim());
    }

    /** [kvDim, dim] */
    long wv(int layer) {
        return wk(0) + bytes((long) shape.layers() * shape.kvDim() * shape.dim()) + bytes((long) layer * shape.kvDim() * shape.dim());
    }

    /** [dim, dim] */
    long wo(int layer) {
        return wv(0) + bytes((long) shape.layers() * shape.kvDim() * shape.dim()) + bytes((long) layer * shape.dim() * shape.dim());
    }

    /** [dim] */
    long ffnNorm(int layer) {
        return wo(0) + bytes((long) shape.layers() * shape.dim() * shape.dim()) + bytes((long) layer * shape.dim());
    }

    /** [hiddenDim, dim] (gate projection) */
    long w1(int layer) {
        return ffnNorm(0) + bytes((long) shape.layers() * shape.dim()) + bytes((long) layer * shape.hiddenDim() * shape.dim());
    }

    /** [dim, hiddenDim] (down projection) */
    long w2(int layer) {
        return w1(0) + bytes((long) shape.layers() * shape.hiddenDim() * shape.dim()) + bytes((long) layer * shape.hiddenDim() * shape.dim());
    }

    /** [hiddenDim, dim] (up projection) */
    long w3(int layer) {
        return w2(0) + bytes((long) shape.layers() * shape.hiddenDim() * shape.dim()) + bytes((long) layer * shape.hiddenDim() * shape.dim());
    }

    /** [dim] */
    long finalNorm() {
        return w3(0) + bytes((long) shape.layers() * shape.hiddenDim() * shape.dim());
    }

    /** [vocab, dim]: the token embedding when shared, else the table after the two unused RoPE tables. */
    long classifier() {
        if (shape.sharedClassifier()) {
            return tokenEmbedding();
        }
        long ropeTables = 2L * shape.seqLen() * (shape.headSize() / 2);
        return finalNorm() + bytes(shape.dim()) + bytes(ropeTables);
    }

    private static long bytes(long floats) {
        return floats * Float.BYTES;
    }

    @Override
    public void close() {
        arena.close();
    }
}
