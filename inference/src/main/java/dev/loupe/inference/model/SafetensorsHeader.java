package dev.loupe.inference.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of one {@code .safetensors} file, read and checked without touching the tensor data: the header
 * length fits the file, the JSON parses, and every tensor's byte range lies inside the data section and matches
 * its shape and dtype. This is what turns a truncated or corrupt file into one clear sentence instead of a crash
 * deep inside the engine.
 */
public record SafetensorsHeader(Path file, long fileBytes, Map<String, Tensor> tensors) {
    /** Headers larger than this are not plausible and are rejected before allocating them. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One tensor entry.
     *
     * @param dtype the dtype name as written (F32, F16, BF16, or Jlama's Q4/I8 with a companion {@code .qb} tensor)
     * @param shape logical shape
     * @param byteLength bytes of data in the file
     */
    public record Tensor(String name, String dtype, long[] shape, long byteLength) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** Jlama stores quantisation scales as a companion tensor named {@code <weight>.qb}. */
        public boolean isQuantizationScale() {
            return name.endsWith(".qb");
        }
    }

    public SafetensorsHeader {
        tensors = Map.copyOf(tensors);
    }

    /** Reads and validates the header of {@code file}; throws {@link ModelLoadException} with one clear sentence. */
    public static SafetensorsHeader read(Path file) {
        String name = file.getFileName().toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new ModelLoadException("The weights file " + name + " is truncated (" + size + " bytes); copy or download it again.");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 1 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw new ModelLoadException("The weights file " + name + " has a corrupt or truncated header; copy or download it again.");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonNode root = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) {
                throw new ModelLoadException("The weights file " + name + " has a corrupt header (not a JSON object); copy or download it again.");
            }
            long dataBytes = size - 8 - headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                var entry = it.next();
                if (entry.getKey().equals("__metadata__")) {
                    continue;
                }
                tensors.put(entry.getKey(), parseTensor(name, entry.getKey(), entry.getValue(), dataBytes));
            }
            return new SafetensorsHeader(file, size, tensors);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException("The weights file " + name + " has a corrupt header (invalid JSON); copy or download it again.", e);
        } catch (IOException e) {
            throw new ModelLoadException("The weights file " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Tensor parseTensor(String file, String tensor, JsonNode node, long dataBytes) {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null || offsets.size() != 2) {
            throw new ModelLoadException("The weights file " + file + " has a corrupt entry for tensor " + tensor + "; copy or download it again.");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asLong(-1);
            if (dims[i] < 0) {
                throw new ModelLoadException("The weights file " + file + " gives tensor " + tensor + " an invalid shape; copy or download it again.");
            }
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataBytes) {
            throw new ModelLoadException("The weights file " + file + " is truncated: tensor " + tensor
                    + " ends at byte " + end + " of a data section of " + dataBytes + " bytes; copy or download it again.");
        }
        Tensor t = new Tensor(tensor, dtype.asText(), dims, end - begin);
        long expected = expectedBytes(t);
        if (expected >= 0 && expected != t.byteLength()) {
            throw new ModelLoadException("The weights file " + file + " is corrupt: tensor " + tensor + " holds " + t.byteLength()
                    + " bytes but its shape and dtype need " + expected + ".");
        }
        return t;
    }

    /** Bytes a tensor of this dtype and shape occupies, or -1 where the layout is not a plain array. */
    static long expectedBytes(Tensor t) {
        return switch (t.dtype()) {
            case "F64", "I64", "U64" -> t.elements() * 8;
            case "F32", "I32", "U32" -> t.elements() * 4;
            case "F16", "BF16", "I16", "U16" -> t.elements() * 2;
            case "I8", "U8", "BOOL" -> t.elements();
            case "Q4" -> (t.elements() + 1) / 2;
            default -> -1;
        };
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }
}
