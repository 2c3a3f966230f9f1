package dev.loupe.inference.tokenize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the pieces of a llama2.c {@code tokenizer.bin}: int32 max token length, then per token a float32 score,
 * an int32 byte length and the piece's bytes, all little-endian. Only what the tests need.
 */
final class Llama2cTokenizerFile {
    private Llama2cTokenizerFile() {
    }

    static List<String> pieces(Path file) throws IOException {
        var buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.getInt(); // max token length
        var pieces = new ArrayList<String>();
        while (buffer.hasRemaining()) {
            buffer.getFloat(); // merge score
            byte[] bytes = new byte[buffer.getInt()];
            buffer.get(bytes);
            pieces.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return pieces;
    }
}
