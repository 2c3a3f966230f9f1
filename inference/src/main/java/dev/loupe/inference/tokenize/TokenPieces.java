package dev.loupe.inference.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * For every token id, the raw bytes it stands for: the table a {@link StreamingDetokenizer} decodes with. Built
 * from a Hugging Face {@code tokenizer.json} (byte-level BPE, or SentencePiece style with {@code ▁} for spaces
 * and {@code <0xNN>} byte-fallback pieces) or from a plain list of SentencePiece pieces (llama2.c tokenizers).
 * Added and special tokens stand for their content as UTF-8 text; {@link #isSpecial} tells which are control
 * tokens a caller may hide.
 *
 * <p>Immutable and safe to share between threads; one per loaded model.
 */
public final class TokenPieces {
    /** How pieces are written in the vocabulary. */
    public enum Style {
        /** GPT-2 style: each byte is one visible character ({@code Ġ} for a space). */
        BYTE_LEVEL,
        /** SentencePiece style: {@code ▁} for a space, {@code <0xNN>} pieces for single bytes. */
        SENTENCE_PIECE
    }

    private static final char SPACE_MARK = '\u2581';
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Style style;
    private final byte[] data;     // every piece's bytes back to back
    private final int[] offsets;   // [size + 1]: piece id's bytes are data[offsets[id], offsets[id + 1])
    private final boolean[] special; // [size]
    private final boolean addsPrefixSpace;

    private TokenPieces(Style style, List<byte[]> pieces, boolean[] special, boolean addsPrefixSpace) {
        this.style = style;
        this.special = special;
        this.addsPrefixSpace = addsPrefixSpace;
        this.offsets = new int[pieces.size() + 1];
        var all = new ByteArrayOutputStream();
        for (int id = 0; id < pieces.size(); id++) {
            byte[] piece = pieces.get(id);
            if (piece != null) {
                all.writeBytes(piece);
            }
            offsets[id + 1] = all.size();
        }
        this.data = all.toByteArray();
    }

    /**
     * Reads a Hugging Face {@code tokenizer.json}.
     *
     * @throws TokenizerFormatException when the file cannot be read, is not such a file, or uses a decoder Loupe
     *     cannot reverse (WordPiece, for example)
     */
    public static TokenPieces fromTokenizerJson(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return fromTokenizerJson(in, file.toString());
        } catch (IOException e) {
            throw new TokenizerFormatException("Could not read the tokenizer file " + file + "; check that it exists and is readable.", e);
        }
    }

    /**
     * Reads a Hugging Face {@code tokenizer.json} from a stream (not closed here).
     *
     * @param source names the file in error messages
     */
    public static TokenPieces fromTokenizerJson(InputStream in, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new TokenizerFormatException("The tokenizer file " + source + " is not valid JSON.", e);
        }
        if (root == null || !root.path("model").isObject()) {
            throw new TokenizerFormatException("The tokenizer file " + source + " has no \"model\" section; it is not a Hugging Face tokenizer.json.");
        }
        Style style = detectStyle(root, source);
        Map<Integer, byte[]> bytesById = new HashMap<>();
        var model = root.path("model");
        var vocab = model.path("vocab");
        if (vocab.isObject()) {
            for (var entry : vocab.properties()) {
                bytesById.put(entry.getValue().asInt(), pieceBytes(style, entry.getKey()));
            }
        } else if (vocab.isArray()) {
            // Unigram: [piece, score] pairs, the id being the position.
            for (int id = 0; id < vocab.size(); id++) {
                bytesById.put(id, pieceBytes(style, vocab.get(id).path(0).asText()));
            }
        } else {
            throw new TokenizerFormatException("The tokenizer file " + source + " has no vocabulary in its model section.");
        }
        Map<Integer, Boolean> specialById = new HashMap<>();
        for (var added : root.path("added_tokens")) {
            int id = added.path("id").asInt(-1);
            if (id < 0 || !added.path("content").isTextual()) {
                throw new TokenizerFormatException("The tokenizer file " + source + " has an added token without id or content.");
            }
            bytesById.put(id, added.path("content").asText().getBytes(StandardCharsets.UTF_8));
            specialById.put(id, added.path("special").asBoolean(false));
        }
        int size = bytesById.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        if (size == 0) {
            throw new TokenizerFormatException("The tokenizer file " + source + " has an empty vocabulary.");
        }
        var pieces = new ArrayList<byte[]>(size);
        boolean[] special = new boolean[size];
        for (int id = 0; id < size; id++) {
            pieces.add(bytesById.get(id));
            special[id] = specialById.getOrDefault(id, false);
        }
        return new TokenPieces(style, pieces, special, style == Style.SENTENCE_PIECE && addsPrefixSpace(root));
    }

    /**
     * A SentencePiece-style table from its pieces in id order, as llama2.c's {@code tokenizer.bin} stores them:
     * {@code ▁} or a plain space for spaces, {@code <0xNN>} for single bytes. Such tokenizers add a dummy space
     * before the text, so {@link #addsPrefixSpace()} is true.
     *
     * @param specialIds control tokens (unknown, BOS, EOS): their piece is kept verbatim and flagged
     */
    public static TokenPieces fromSentencePiece(List<String> pieces, Set<Integer> specialIds) {
        var bytes = new ArrayList<byte[]>(pieces.size());
        boolean[] special = new boolean[pieces.size()];
        for (int id = 0; id < pieces.size(); id++) {
            String piece = Objects.requireNonNull(pieces.get(id), "piece " + id);
            special[id] = specialIds.contains(id);
            bytes.add(special[id] ? piece.getBytes(StandardCharsets.UTF_8) : pieceBytes(Style.SENTENCE_PIECE, piece));
        }
        for (int id : specialIds) {
            if (id < 0 || id >= pieces.size()) {
                throw new IllegalArgumentException("special id " + id + " is outside the " + pieces.size() + " pieces");
            }
        }
        return new TokenPieces(Style.SENTENCE_PIECE, bytes, special, true);
    }

    private static byte[] pieceBytes(Style style, String piece) {
        if (style == Style.BYTE_LEVEL) {
            return ByteLevelAlphabet.decode(piece);
        }
        int fallback = byteFallback(piece);
        if (fallback >= 0) {
            return new byte[] {(byte) fallback};
        }
        return piece.replace(SPACE_MARK, ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** The byte of a {@code <0xNN>} piece, or -1 for any other piece. */
    private static int byteFallback(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') {
            return -1;
        }
        int high = Character.digit(piece.charAt(3), 16);
        int low = Character.digit(piece.charAt(4), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    private static Style detectStyle(JsonNode root, String source) {
        var decoders = types(root.path("decoder"), "decoders");
        if (decoders.contains("ByteLevel")) {
            return Style.BYTE_LEVEL;
        }
        if (decoders.contains("Metaspace") || decoders.contains("ByteFallback") || replacesSpaceMark(root.path("decoder"))) {
            return Style.SENTENCE_PIECE;
        }
        if (decoders.isEmpty()) {
            var preTokenizers = types(root.path("pre_tokenizer"), "pretokenizers");
            if (preTokenizers.contains("ByteLevel")) {
                return Style.BYTE_LEVEL;
            }
            if (preTokenizers.contains("Metaspace") || root.path("normalizer").toString().contains(String.valueOf(SPACE_MARK))
                    || root.path("model").path("byte_fallback").asBoolean(false)) {
                return Style.SENTENCE_PIECE;
            }
        }
        throw new TokenizerFormatException("The tokenizer file " + source + " uses a decoder Loupe cannot reverse ("
                + (decoders.isEmpty() ? "none given" : String.join(", ", decoders))
                + "); only byte-level BPE and SentencePiece-style tokenizers are supported.");
    }

    /** The "type" of a component and, for a Sequence, of each member listed under {@code membersField}. */
    private static List<String> types(JsonNode component, String membersField) {
        var types = new ArrayList<String>();
        if (component.isObject()) {
            String type = component.path("type").asText("");
            if (type.equals("Sequence")) {
                for (var member : component.path(membersField)) {
                    types.add(member.path("type").asText(""));
                }
            } else if (!type.isEmpty()) {
                types.add(type);
            }
        }
        return types;
    }

    private static boolean replacesSpaceMark(JsonNode decoder) {
        for (var member : decoder.path("type").asText("").equals("Sequence") ? decoder.path("decoders") : List.of(decoder)) {
            if (member.path("type").asText("").equals("Replace")
                    && member.path("pattern").path("String").asText("").equals(String.valueOf(SPACE_MARK))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the tokenizer puts a dummy space in front of the text, which its decoder drops: told by the decoder
     * (Metaspace, or a Strip of one leading space) or, without a decoder, by a normalizer that prepends ▁.
     */
    private static boolean addsPrefixSpace(JsonNode root) {
        var decoder = root.path("decoder");
        var members = new ArrayList<JsonNode>();
        if (decoder.path("type").asText("").equals("Sequence")) {
            decoder.path("decoders").forEach(members::add);
        } else {
            members.add(decoder);
        }
        for (var member : members) {
            String type = member.path("type").asText("");
            if (type.equals("Metaspace")) {
                String scheme = member.path("prepend_scheme").asText("");
                return scheme.isEmpty() ? member.path("add_prefix_space").asBoolean(true) : !scheme.equals("never");
            }
            if (type.equals("Strip") && member.path("content").asText("").equals(" ") && member.path("start").asInt(0) > 0) {
                return true;
            }
        }
        if (!decoder.isObject()) {
            var normalizer = root.path("normalizer");
            var normalizers = normalizer.path("type").asText("").equals("Sequence") ? normalizer.path("normalizers") : List.of(normalizer);
            for (var member : normalizers) {
                if (member.path("type").asText("").equals("Prepend") && member.path("prepend").asText("").equals(String.valueOf(SPACE_MARK))) {
                    return true;
                }
            }
        }
        return false;
    }

    public Style style() {
        return style;
    }

    /** Number of token ids (the largest id plus one); ids the file leaves out stand for no bytes. */
    public int size() {
        return special.length;
    }

    /** A copy of the bytes {@code id} stands for. */
    public byte[] bytes(int id) {
        Objects.checkIndex(id, size());
        return java.util.Arrays.copyOfRange(data, offsets[id], offsets[id + 1]);
    }

    /** True for control tokens (BOS, EOS, chat markers) that a caller may want to hide. */
    public boolean isSpecial(int id) {
        Objects.checkIndex(id, size());
        return special[id];
    }

    /** True when the tokenizer puts a dummy space before the text, which decoding from the start drops again. */
    public boolean addsPrefixSpace() {
        return addsPrefixSpace;
    }

    /**
     * The token on its own as text, for showing alternatives: invalid or partial UTF-8 (a lone byte of a
     * multi-byte character) shows as U+FFFD. For running text use a {@link StreamingDetokenizer}.
     */
    public String text(int id) {
        Objects.checkIndex(id, size());
        return new String(data, offsets[id], offsets[id + 1] - offsets[id], StandardCharsets.UTF_8);
    }

    // For StreamingDetokenizer: the bytes of id are data()[start(id), end(id)); never modified.
    byte[] data() {
        return data;
    }

    int start(int id) {
        return offsets[id];
    }

    int end(int id) {
        return offsets[id + 1];
    }
}
