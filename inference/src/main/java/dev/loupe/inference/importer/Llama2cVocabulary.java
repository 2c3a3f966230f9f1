package dev.loupe.inference.importer;

import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pieces and scores of a llama2.c {@code tokenizer.bin}, checked for the layout llama2.c's encoder assumes:
 * id 0 unknown, 1 BOS, 2 EOS, ids 3 to 258 the byte tokens {@code <0x00>} to {@code <0xFF>}, then the ordinary
 * pieces (spaces appear as plain spaces, as llama2.c's export writes them).
 *
 * @param pieces the text of each token, indexed by id
 * @param scores the SentencePiece score of each token, indexed by id; a higher score merges first
 */
record Llama2cVocabulary(List<String> pieces, float[] scores) {
    static final int UNK = 0;
    static final int BOS = 1;
    static final int EOS = 2;
    /** Id of {@code <0x00>}; byte b is id {@code FIRST_BYTE_TOKEN + b}. */
    static final int FIRST_BYTE_TOKEN = 3;
    static final int FIRST_ORDINARY_TOKEN = FIRST_BYTE_TOKEN + 256;
    /** Far above any real tokenizer.bin (Llama 2's 32000 pieces take about 430 KB). */
    private static final long MAX_FILE_BYTES = 64L << 20;

    Llama2cVocabulary {
        pieces = List.copyOf(pieces);
        scores = scores.clone();
        if (pieces.size() != scores.length) {
            throw new IllegalArgumentException("pieces and scores differ in length: " + pieces.size() + " vs " + scores.length);
        }
    }

    /** SentencePiece's visible space, which Hugging Face vocabularies use where llama2.c's pieces hold a space. */
    static final String SPACE_MARK = "\u2581";
    static final List<String> SPECIAL_PIECES = List.of("<unk>", "<s>", "</s>");

    /**
     * The piece as a Hugging Face SentencePiece vocabulary spells it: the three special tokens by their usual
     * names (llama2.c's export writes BOS and EOS as {@code "\n<s>\n"} and {@code "\n</s>\n"}), spaces as
     * {@link #SPACE_MARK}, byte tokens unchanged.
     */
    String huggingFacePiece(int id) {
        return huggingFacePiece(id, pieces.get(id));
    }

    private static String huggingFacePiece(int id, String piece) {
        if (id < FIRST_BYTE_TOKEN) {
            return SPECIAL_PIECES.get(id);
        }
        return isByteToken(id) ? piece : piece.replace(" ", SPACE_MARK);
    }

    int size() {
        return pieces.size();
    }

    static boolean isByteToken(int id) {
        return id >= FIRST_BYTE_TOKEN && id < FIRST_ORDINARY_TOKEN;
    }

    /**
     * Reads exactly {@code vocabSize} tokens.
     *
     * @throws ModelLoadException if the file is missing, holds fewer or more tokens than {@code vocabSize}, holds a
     *     piece that is not UTF-8, or does not have llama2.c's special and byte tokens where its encoder expects them
     */
    static Llama2cVocabulary read(Path tokenizerBin, int vocabSize) {
        if (!Files.isRegularFile(tokenizerBin)) {
            throw new ModelLoadException("The llama2.c tokenizer " + tokenizerBin + " does not exist or is not a file.");
        }
        ByteBuffer in;
        try {
            if (Files.size(tokenizerBin) > MAX_FILE_BYTES) {
                throw new ModelLoadException("The file " + tokenizerBin + " is far too large to be a llama2.c tokenizer; pass the tokenizer.bin the model was trained with.");
            }
            in = ByteBuffer.wrap(Files.readAllBytes(tokenizerBin)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new ModelLoadException("Could not read the tokenizer " + tokenizerBin + "; check that the file is readable.", e);
        }
        if (in.remaining() < Integer.BYTES) {
            throw new ModelLoadException("The tokenizer " + tokenizerBin + " is too short to be a llama2.c tokenizer.bin.");
        }
        in.getInt(); // max_token_length: llama2.c sizes a buffer with it; the pieces themselves carry their lengths
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String[] pieces = new String[vocabSize];
        float[] scores = new float[vocabSize];
        for (int id = 0; id < vocabSize; id++) {
            if (in.remaining() < Float.BYTES + Integer.BYTES) {
                throw tooFew(tokenizerBin, id, vocabSize);
            }
            scores[id] = in.getFloat();
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw length < 0
                        ? new ModelLoadException("Token " + id + " of the tokenizer " + tokenizerBin + " has a negative length; the file is corrupt.")
                        : tooFew(tokenizerBin, id, vocabSize);
            }
            ByteBuffer bytes = in.slice(in.position(), length);
            in.position(in.position() + length);
            try {
                pieces[id] = decoder.decode(bytes).toString();
            } catch (CharacterCodingException e) {
                throw new ModelLoadException("Token " + id + " of the tokenizer " + tokenizerBin + " is not valid UTF-8; the file is corrupt or not a llama2.c tokenizer.", e);
            }
        }
        if (in.hasRemaining()) {
            throw new ModelLoadException("The tokenizer " + tokenizerBin + " holds more than the " + vocabSize
                    + " tokens the checkpoint's vocabulary has; pass the tokenizer the model was trained with.");
        }
        checkLayout(tokenizerBin, pieces);
        return new Llama2cVocabulary(List.of(pieces), scores);
    }

    private static ModelLoadException tooFew(Path tokenizerBin, int found, int vocabSize) {
        return new ModelLoadException("The tokenizer " + tokenizerBin + " holds only " + found + " tokens but the checkpoint's vocabulary has "
                + vocabSize + "; pass the tokenizer the model was trained with.");
    }

    private static void checkLayout(Path tokenizerBin, String[] pieces) {
        if (pieces.length < FIRST_ORDINARY_TOKEN + 1) {
            throw new ModelLoadException("The tokenizer " + tokenizerBin + " has " + pieces.length
                    + " tokens, too few for llama2.c's layout of 3 special tokens, 256 byte tokens and at least one ordinary piece.");
        }
        for (int b = 0; b < 256; b++) {
            String expected = "<0x%02X>".formatted(b);
            if (!pieces[FIRST_BYTE_TOKEN + b].equals(expected)) {
                throw new ModelLoadException("Token " + (FIRST_BYTE_TOKEN + b) + " of the tokenizer " + tokenizerBin + " is '"
                        + pieces[FIRST_BYTE_TOKEN + b] + "' where llama2.c expects the byte token " + expected
                        + "; only SentencePiece tokenizers with byte fallback can be imported.");
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int id = 0; id < FIRST_ORDINARY_TOKEN; id++) {
            seen.put(huggingFacePiece(id, pieces[id]), id);
        }
        for (int id = FIRST_ORDINARY_TOKEN; id < pieces.length; id++) {
            if (pieces[id].isEmpty()) {
                throw new ModelLoadException("Token " + id + " of the tokenizer " + tokenizerBin + " is empty; the file is corrupt.");
            }
            if (pieces[id].contains(SPACE_MARK)) {
                throw new ModelLoadException("Token " + id + " of the tokenizer " + tokenizerBin + " contains the character " + SPACE_MARK
                        + ", which the Hugging Face format reserves for spaces, so it cannot be converted faithfully.");
            }
            Integer previous = seen.putIfAbsent(huggingFacePiece(id, pieces[id]), id);
            if (previous != null) {
                throw new ModelLoadException("Tokens " + previous + " and " + id + " of the tokenizer " + tokenizerBin
                        + " both become the piece '" + huggingFacePiece(id, pieces[id]) + "', which a Hugging Face vocabulary cannot hold.");
            }
        }
    }
}
