package dev.loupe.inference.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Writes float32 tensors in the safetensors format: an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the data. Tensors are streamed row by row from a source
 * segment (the memory-mapped checkpoint), so memory use does not grow with the model.
 */
final class SafetensorsWriter {
    /** Rows are gathered in a buffer of this size before each write. */
    private static final int BUFFER_BYTES = 1 << 20;
    /** The format recommends starting the data 8-byte aligned; the header is padded with spaces to get there. */
    private static final int ALIGNMENT = 8;

    private SafetensorsWriter() {
    }

    /**
     * A 1-D or 2-D float32 tensor assembled from rows of the source.
     *
     * @param name tensor name in the Hugging Face layout
     * @param shape {@code [cols]} or {@code [rows, cols]}
     * @param sourceCols how many floats each source row supplies; the remaining {@code cols - sourceCols} are zeros
     * @param sourceRow byte offset in the source of output row {@code r}, or -1 for a row of zeros
     */
    record TensorSpec(String name, long[] shape, int sourceCols, IntToLongFunction sourceRow) {
        TensorSpec {
            shape = shape.clone();
            if (shape.length < 1 || shape.length > 2 || Arrays.stream(shape).anyMatch(d -> d <= 0 || d > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("shape must be [cols] or [rows, cols] with positive sizes, got " + Arrays.toString(shape));
            }
            if (sourceCols <= 0 || sourceCols > shape[shape.length - 1]) {
                throw new IllegalArgumentException("sourceCols must be between 1 and " + shape[shape.length - 1] + ", got " + sourceCols);
            }
        }

        int rows() {
            return shape.length == 1 ? 1 : (int) shape[0];
        }

        int cols() {
            return (int) shape[shape.length - 1];
        }

        long bytes() {
            return (long) rows() * cols() * Float.BYTES;
        }

        /** One row per output row, all read from consecutive rows starting at {@code start}. */
        static TensorSpec contiguous(String name, long[] shape, long start) {
            int cols = (int) shape[shape.length - 1];
            return new TensorSpec(name, shape, cols, r -> start + (long) r * cols * Float.BYTES);
        }
    }

    /** Writes {@code tensors}, in order, from {@code source} to a new file {@code out}. */
    static void write(Path out, MemorySegment source, List<TensorSpec> tensors, ObjectMapper json) throws IOException {
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (TensorSpec tensor : tensors) {
            ObjectNode entry = header.putObject(tensor.name());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            entry.putArray("data_offsets").add(offset).add(offset + tensor.bytes());
            offset += tensor.bytes();
        }
        byte[] headerJson = json.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(header);
        int paddedLength = (Long.BYTES + headerJson.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT - Long.BYTES;

        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(paddedLength);
            put(channel, buffer, ByteBuffer.wrap(headerJson));
            byte[] spaces = " ".repeat(paddedLength - headerJson.length).getBytes(StandardCharsets.US_ASCII);
            put(channel, buffer, ByteBuffer.wrap(spaces));
            for (TensorSpec tensor : tensors) {
                long padBytes = (long) (tensor.cols() - tensor.sourceCols()) * Float.BYTES;
                long sourceBytes = (long) tensor.sourceCols() * Float.BYTES;
                for (int r = 0; r < tensor.rows(); r++) {
                    long start = tensor.sourceRow().applyAsLong(r);
                    if (start < 0) {
                        zeros(channel, buffer, sourceBytes + padBytes);
                    } else {
                        // The source is little-endian float32 like the output, so rows are copied byte for byte.
                        put(channel, buffer, source.asSlice(start, sourceBytes).asByteBuffer());
                        zeros(channel, buffer, padBytes);
                    }
                }
            }
            flush(channel, buffer);
            channel.force(true);
        }
    }

    private static void put(FileChannel channel, ByteBuffer buffer, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            if (!buffer.hasRemaining()) {
                flush(channel, buffer);
            }
            int n = Math.min(buffer.remaining(), data.remaining());
            buffer.put(buffer.position(), data, data.position(), n);
            buffer.position(buffer.position() + n);
            data.position(data.position() + n);
        }
    }

    private static void zeros(FileChannel channel, ByteBuffer buffer, long count) throws IOException {
        for (long left = count; left > 0; ) {
            if (!buffer.hasRemaining()) {
                flush(channel, buffer);
            }
            int n = (int) Math.min(buffer.remaining(), left);
            for (int i = 0; i < n; i++) {
                buffer.put((byte) 0);
            }
            left -= n;
        }
    }

    private static void flush(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }
}
