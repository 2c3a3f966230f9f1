package dev.loupe.inference.importer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Inputs for importer tests: the shared stories260K model, and small llama2.c files written on the spot. */
final class Llama2cFixtures {
    private Llama2cFixtures() {
    }

    /** The shared stories260K folder; skips the calling test when it is not there. */
    static Path stories260K() {
        String shared = System.getProperty("loupe.shared.dir");
        assumeTrue(shared != null, "loupe.shared.dir is not set, so the shared stories260K model cannot be found");
        Path dir = Path.of(shared, "models", "stories260K");
        assumeTrue(Files.isRegularFile(dir.resolve("stories260K.bin")) && Files.isRegularFile(dir.resolve("tok512.bin")),
                "the shared stories260K model is not in " + dir);
        return dir;
    }

    /** Size of {@link #syntheticPieces()}: 3 x 128, a vocabulary width Jlama 0.8.4 computes in full. */
    static final int SYNTHETIC_VOCAB = 384;

    /**
     * A tokenizer in llama2.c's layout: the three special tokens as llama2.c's export writes them, the 256 byte
     * tokens, then merged pieces (best first) and single characters below them, the way SentencePiece BPE orders
     * a vocabulary. Greek and Cyrillic letters fill it up to {@link #SYNTHETIC_VOCAB}, so some non-ASCII text is
     * in the vocabulary and the rest falls back to bytes.
     */
    static List<String> syntheticPieces() {
        List<String> pieces = new ArrayList<>(List.of("<unk>", "\n<s>\n", "\n</s>\n"));
        for (int b = 0; b < 256; b++) {
            pieces.add("<0x%02X>".formatted(b));
        }
        // Every merge joins two pieces that exist, as BPE training produces them.
        pieces.addAll(List.of(" t", "he", " a", "in", "nd", " the", "ed", " s", "er", "ing", "ou", " w", " and",
                "an", "Th", "The", " o", " b", "ll", " sh", "she", "e ", "ll ", " ,", "12", "23", "123"));
        for (char ch = 'a'; ch <= 'z'; ch++) {
            pieces.add(String.valueOf(ch));
        }
        for (char ch = 'A'; ch <= 'Z'; ch++) {
            pieces.add(String.valueOf(ch));
        }
        for (char ch = '0'; ch <= '9'; ch++) {
            pieces.add(String.valueOf(ch));
        }
        pieces.addAll(List.of(" ", ".", ",", "!", "'", "é"));
        for (int cp = 0x03B1; pieces.size() < SYNTHETIC_VOCAB; cp = cp == 0x03C9 ? 0x0430 : cp + 1) {
            pieces.add(Character.toString(cp));
        }
        return pieces;
    }

    /** Scores for {@link #syntheticPieces()}: 0 for special and byte tokens, then 0, -1, -2, ... */
    static float[] syntheticScores(List<String> pieces) {
        float[] scores = new float[pieces.size()];
        for (int id = 259; id < pieces.size(); id++) {
            scores[id] = -(id - 259);
        }
        return scores;
    }

    static Path writeTokenizer(Path file, List<String> pieces, float[] scores) {
        int maxLength = pieces.stream().mapToInt(p -> p.getBytes(StandardCharsets.UTF_8).length).max().orElse(0);
        int size = Integer.BYTES + pieces.stream().mapToInt(p -> 8 + p.getBytes(StandardCharsets.UTF_8).length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(maxLength);
        for (int i = 0; i < pieces.size(); i++) {
            byte[] bytes = pieces.get(i).getBytes(StandardCharsets.UTF_8);
            b.putFloat(scores[i]).putInt(bytes.length).put(bytes);
        }
        return write(file, b.array());
    }

    /**
     * A llama2.c v0 checkpoint with random weights; a negative {@code signedVocab} stores a separate classifier
     * after the RoPE tables, which are filled with garbage to prove that nothing reads them.
     */
    static Path writeRandomCheckpoint(Path file, int dim, int hidden, int layers, int heads, int kvHeads, int signedVocab,
            int seqLen, long seed) {
        int vocab = Math.abs(signedVocab);
        int headSize = dim / heads;
        int kvDim = kvHeads * headSize;
        long floats = (long) vocab * dim + layers * (2L * dim + 2L * dim * dim + 2L * kvDim * dim + 3L * hidden * dim)
                + dim + 2L * seqLen * headSize / 2 + (signedVocab < 0 ? (long) vocab * dim : 0);
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(28 + 4 * floats)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(dim).putInt(hidden).putInt(layers).putInt(heads).putInt(kvHeads).putInt(signedVocab).putInt(seqLen);
        Random random = new Random(seed);
        fill(b, random, (long) vocab * dim, 0, 1.0);
        fill(b, random, (long) layers * dim, 1, 0.2); // attention norms
        fill(b, random, (long) layers * dim * dim, 0, 0.4); // wq
        fill(b, random, (long) layers * kvDim * dim, 0, 0.4); // wk
        fill(b, random, (long) layers * kvDim * dim, 0, 0.4); // wv
        fill(b, random, (long) layers * dim * dim, 0, 0.3); // wo
        fill(b, random, (long) layers * dim, 1, 0.2); // ffn norms
        fill(b, random, (long) layers * hidden * dim * 3, 0, 0.3); // w1, w2, w3
        fill(b, random, dim, 1, 0.2); // final norm
        fill(b, random, 2L * seqLen * headSize / 2, 1000, 1000); // RoPE tables: never read
        if (signedVocab < 0) {
            fill(b, random, (long) vocab * dim, 0, 0.5);
        }
        return write(file, b.array());
    }

    private static void fill(ByteBuffer b, Random random, long count, double mean, double std) {
        for (long i = 0; i < count; i++) {
            b.putFloat((float) (mean + std * random.nextGaussian()));
        }
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
