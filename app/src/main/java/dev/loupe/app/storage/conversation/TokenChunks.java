package dev.loupe.app.storage.conversation;

import dev.loupe.app.storage.StorageException;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TopToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of per-token data, one row of {@code message_tokens} per chunk. A chunk is:
 * <pre>
 * byte    format version (1)
 * int     token count
 * per token:  int id, float prob, float logprob, float entropy, UTF text, short alternatives,
 *             per alternative: int id, float prob, UTF text
 * </pre>
 * Floats are stored exactly; texts in Java's modified UTF-8, which keeps any string exactly, lone
 * surrogates included. A token's index is not stored: it is the chunk's first index plus its position.
 * Stateless and thread-safe.
 */
final class TokenChunks {
    static final byte VERSION = 1;
    /** Chunks stay well below H2's 1 MB limit for a binary value. */
    static final int MAX_CHUNK_BYTES = 256 * 1024;

    /** Tokens {@code [firstIndex, firstIndex + count)} encoded as {@code data}. */
    record Chunk(int firstIndex, int count, byte[] data) {}

    private TokenChunks() {}

    /**
     * Encodes consecutive tokens into as few chunks as fit {@link #MAX_CHUNK_BYTES} each.
     *
     * @throws IllegalArgumentException when the tokens' indexes are not consecutive
     */
    static List<Chunk> encode(List<TokenEvent> tokens) {
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        while (start < tokens.size()) {
            var bytes = new ByteArrayOutputStream();
            int end = start;
            try (var body = new DataOutputStream(bytes)) {
                while (end < tokens.size() && (end == start || bytes.size() < MAX_CHUNK_BYTES)) {
                    TokenEvent token = tokens.get(end);
                    if (token.index() != tokens.getFirst().index() + end) {
                        throw new IllegalArgumentException("token indexes must be consecutive: expected "
                                + (tokens.getFirst().index() + end) + ", got " + token.index());
                    }
                    write(body, token);
                    end++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var chunk = new ByteArrayOutputStream(bytes.size() + 5);
            try (var out = new DataOutputStream(chunk)) {
                out.writeByte(VERSION);
                out.writeInt(end - start);
                bytes.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            chunks.add(new Chunk(tokens.get(start).index(), end - start, chunk.toByteArray()));
            start = end;
        }
        return chunks;
    }

    /** Decodes one chunk whose first token has index {@code firstIndex}, appending its tokens to {@code into}. */
    static void decode(byte[] data, int firstIndex, List<TokenEvent> into) {
        try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new StorageException("Loupe could not read the token data of a message (format " + version
                        + "); update Loupe to read it.");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                int id = in.readInt();
                float prob = in.readFloat();
                float logprob = in.readFloat();
                float entropy = in.readFloat();
                String text = in.readUTF();
                int alternatives = in.readUnsignedShort();
                List<TopToken> top = new ArrayList<>(alternatives);
                for (int a = 0; a < alternatives; a++) {
                    int alternativeId = in.readInt();
                    float alternativeProb = in.readFloat();
                    top.add(new TopToken(alternativeId, in.readUTF(), alternativeProb));
                }
                into.add(new TokenEvent(firstIndex + i, id, text, prob, logprob, entropy, top));
            }
        } catch (IOException e) {
            throw new StorageException("Loupe could not read the token data of a message because it is damaged; "
                    + "the message text itself is unaffected.", e);
        }
    }

    private static void write(DataOutputStream out, TokenEvent token) throws IOException {
        if (token.top().size() > 0xFFFF) {
            throw new IllegalArgumentException("at most 65535 alternatives per token, got " + token.top().size());
        }
        out.writeInt(token.id());
        out.writeFloat(token.prob());
        out.writeFloat(token.logprob());
        out.writeFloat(token.entropy());
        out.writeUTF(token.text());
        out.writeShort(token.top().size());
        for (TopToken alternative : token.top()) {
            out.writeInt(alternative.id());
            out.writeFloat(alternative.prob());
            out.writeUTF(alternative.text());
        }
    }
}
