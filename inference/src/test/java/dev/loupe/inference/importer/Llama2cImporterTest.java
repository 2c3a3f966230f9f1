package dev.loupe.inference.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the importer writes, and how it refuses bad input without leaving anything behind. */
class Llama2cImporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private List<String> pieces;
    private Path tokenizer;
    private Path checkpoint;
    private Path inputs;
    private Path out;

    @BeforeEach
    void writeInputs() throws IOException {
        inputs = Files.createDirectory(temp.resolve("inputs"));
        pieces = Llama2cFixtures.syntheticPieces();
        tokenizer = Llama2cFixtures.writeTokenizer(inputs.resolve("tok.bin"), pieces, Llama2cFixtures.syntheticScores(pieces));
        checkpoint = Llama2cFixtures.writeRandomCheckpoint(inputs.resolve("model.bin"), 16, 40, 2, 4, 2, -pieces.size(), 24, 3);
        out = temp.resolve("models").resolve("imported");
    }

    @Test
    void writesConfigTokenizerWeightsAndReadmeOfAHuggingFaceLlamaFolder() throws Exception {
        ImportedModel imported = new Llama2cImporter().importModel(checkpoint, tokenizer, out);

        assertEquals(out.toAbsolutePath(), imported.outDir());
        assertEquals(new Llama2cShape(16, 40, 2, 4, 2, pieces.size(), 24, false), imported.shape());
        assertEquals(128, imported.intermediateSize());
        assertEquals(Set.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "README.md"), fileNames(out));

        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertEquals("LlamaForCausalLM", config.get("architectures").get(0).asText());
        assertEquals("llama", config.get("model_type").asText());
        assertEquals(16, config.get("hidden_size").asInt());
        assertEquals(128, config.get("intermediate_size").asInt());
        assertEquals(2, config.get("num_hidden_layers").asInt());
        assertEquals(4, config.get("num_attention_heads").asInt());
        assertEquals(2, config.get("num_key_value_heads").asInt());
        assertEquals(pieces.size(), config.get("vocab_size").asInt());
        assertEquals(24, config.get("max_position_embeddings").asInt());
        assertEquals(1e-5, config.get("rms_norm_eps").asDouble(), 1e-12);
        assertEquals(10000.0, config.get("rope_theta").asDouble());
        assertEquals(1, config.get("bos_token_id").asInt());
        assertEquals("[2,1]", config.get("eos_token_id").toString(), "EOS, and BOS that ends a story in llama2.c");
        assertFalse(config.get("tie_word_embeddings").asBoolean());

        JsonNode model = JSON.readTree(out.resolve("tokenizer.json").toFile()).get("model");
        assertEquals("BPE", model.get("type").asText());
        assertTrue(model.get("byte_fallback").asBoolean());
        assertEquals(pieces.size(), model.get("vocab").size());
        assertEquals(1, model.get("vocab").get("<s>").asInt());
        assertEquals(3 + 0x0A, model.get("vocab").get("<0x0A>").asInt());
        assertEquals(pieces.indexOf(" the"), model.get("vocab").get("▁the").asInt());

        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("model.bin"), readme);
        assertTrue(readme.contains(sha256(checkpoint)), readme);
        assertTrue(readme.contains("MIT"), readme);
    }

    @Test
    void safetensorsHeaderListsEveryTensorWithContiguousAlignedData() throws IOException {
        new Llama2cImporter().importModel(checkpoint, tokenizer, out);

        byte[] file = Files.readAllBytes(out.resolve("model.safetensors"));
        long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "data starts 8-byte aligned");
        JsonNode header = JSON.readTree(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8));
        long expectedOffset = 0;
        List<String> names = new ArrayList<>();
        for (var entry : header.properties()) {
            if (entry.getKey().equals("__metadata__")) {
                continue;
            }
            names.add(entry.getKey());
            JsonNode info = entry.getValue();
            assertEquals("F32", info.get("dtype").asText());
            long count = 1;
            for (JsonNode d : info.get("shape")) {
                count *= d.asLong();
            }
            assertEquals(expectedOffset, info.get("data_offsets").get(0).asLong(), entry.getKey());
            expectedOffset += 4 * count;
            assertEquals(expectedOffset, info.get("data_offsets").get(1).asLong(), entry.getKey());
        }
        assertEquals(8 + headerLength + expectedOffset, file.length, "the data ends where the file ends");
        assertEquals(1 + 2 * 9 + 2, names.size(), String.join(", ", names));
        assertEquals("[" + pieces.size() + ",16]", header.get("lm_head.weight").get("shape").toString());
        assertEquals("[16,128]", header.get("model.layers.1.mlp.down_proj.weight").get("shape").toString());
        assertEquals("[8,16]", header.get("model.layers.0.self_attn.k_proj.weight").get("shape").toString());
    }

    @Test
    void licenceBesideTheCheckpointIsCopied() throws IOException {
        Files.writeString(inputs.resolve("LICENSE"), "MIT License\n\nCopyright (c) 2023 Someone\n");

        new Llama2cImporter().importModel(checkpoint, tokenizer, out);

        assertEquals("MIT License\n\nCopyright (c) 2023 Someone\n", Files.readString(out.resolve("LICENSE")));
        assertTrue(Files.readString(out.resolve("README.md")).contains("`LICENSE`"));
    }

    @Test
    void emptyExistingOutputFolderIsFilled() throws IOException {
        Files.createDirectories(out);

        new Llama2cImporter().importModel(checkpoint, tokenizer, out);

        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
        assertEquals(Set.of("imported"), fileNames(out.getParent()), "no staging folder is left next to the output");
    }

    @Test
    void nonEmptyOutputFolderIsNotOverwritten() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");

        var e = assertThrows(ModelLoadException.class, () -> new Llama2cImporter().importModel(checkpoint, tokenizer, out));

        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals(Set.of("notes.txt"), fileNames(out));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals(Set.of("imported"), fileNames(out.getParent()));
    }

    @Test
    void outputThatIsAFileIsRefused() throws IOException {
        Files.createDirectories(out.getParent());
        Files.writeString(out, "a file");

        var e = assertThrows(ModelLoadException.class, () -> new Llama2cImporter().importModel(checkpoint, tokenizer, out));

        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
        assertEquals("a file", Files.readString(out));
    }

    @Test
    void missingCheckpointIsRefused() {
        assertRefused(inputs.resolve("nope.bin"), tokenizer, "does not exist");
    }

    @Test
    void checkpointShorterThanTheHeaderIsRefused() {
        Path tiny = Llama2cFixtures.write(inputs.resolve("tiny.bin"), new byte[10]);
        assertRefused(tiny, tokenizer, "only 10 bytes");
    }

    @Test
    void truncatedCheckpointIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        Path cut = Llama2cFixtures.write(inputs.resolve("cut.bin"), Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(cut, tokenizer, "truncated");
    }

    @Test
    void headerWhoseSizesDoNotMatchTheFileIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 3); // n_layers 3 in a 2-layer file
        Path wrong = Llama2cFixtures.write(inputs.resolve("wrong.bin"), bytes);
        assertRefused(wrong, tokenizer, "n_layers 3");
    }

    @Test
    void headerWithInconsistentHeadsIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 5); // n_heads 5 does not divide dim 16
        Path wrong = Llama2cFixtures.write(inputs.resolve("wrong.bin"), bytes);
        assertRefused(wrong, tokenizer, "not a multiple of n_heads 5");
    }

    @Test
    void hugeHeaderIsRefusedWithoutOverflowing() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, 1 << 30).putInt(4, Integer.MAX_VALUE).putInt(8, Integer.MAX_VALUE).putInt(12, 1 << 20).putInt(16, 1 << 20);
        Path wrong = Llama2cFixtures.write(inputs.resolve("huge.bin"), bytes);
        assertRefused(wrong, tokenizer, "impossibly large");
    }

    @Test
    void newerLlama2cExportFormatIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x616b3432).putInt(4, 1);
        Path v1 = Llama2cFixtures.write(inputs.resolve("v1.bin"), bytes);
        assertRefused(v1, tokenizer, "legacy v0 format");
    }

    @Test
    void missingTokenizerIsRefused() {
        assertRefused(checkpoint, inputs.resolve("missing-tok.bin"), "does not exist");
    }

    @Test
    void tokenizerWithFewerTokensThanTheVocabularyIsRefused() {
        List<String> fewer = pieces.subList(0, pieces.size() - 10);
        Path small = Llama2cFixtures.writeTokenizer(inputs.resolve("small.bin"), fewer, Llama2cFixtures.syntheticScores(fewer));
        assertRefused(checkpoint, small, "holds only " + fewer.size() + " tokens but the checkpoint's vocabulary has " + pieces.size());
    }

    @Test
    void tokenizerWithMoreTokensThanTheVocabularyIsRefused() {
        List<String> more = new ArrayList<>(pieces);
        more.add("xyz");
        Path big = Llama2cFixtures.writeTokenizer(inputs.resolve("big.bin"), more, Llama2cFixtures.syntheticScores(more));
        assertRefused(checkpoint, big, "more than the " + pieces.size() + " tokens");
    }

    @Test
    void tokenizerWithoutByteTokensIsRefused() {
        List<String> noBytes = new ArrayList<>(pieces);
        noBytes.set(3 + 0x41, "A_");
        Path bad = Llama2cFixtures.writeTokenizer(inputs.resolve("bad.bin"), noBytes, Llama2cFixtures.syntheticScores(noBytes));
        assertRefused(checkpoint, bad, "byte token <0x41>");
    }

    @Test
    void tokenizerWithTwoEqualPiecesIsRefused() {
        List<String> twice = new ArrayList<>(pieces);
        twice.set(twice.indexOf("she"), "he");
        Path bad = Llama2cFixtures.writeTokenizer(inputs.resolve("twice.bin"), twice, Llama2cFixtures.syntheticScores(twice));
        assertRefused(checkpoint, bad, "both become the piece 'he'");
    }

    @Test
    void mergesFollowTheScoreOfTheMergedPieceAndListEverySplit() {
        var vocabulary = new Llama2cVocabulary(pieces, Llama2cFixtures.syntheticScores(pieces));
        List<String> merges = TokenizerJson.merges(vocabulary).stream().map(m -> m.left() + "|" + m.right()).toList();

        // " t" (score 0) merges before "he" (-1) and " the" (-5)
        assertTrue(merges.indexOf("▁|t") < merges.indexOf("h|e"));
        assertTrue(merges.indexOf("h|e") < merges.indexOf("▁t|he"));
        // "123" can be built two ways from pieces; both are listed, next to each other
        int a = merges.indexOf("1|23");
        int b = merges.indexOf("12|3");
        assertTrue(a >= 0 && b == a + 1, merges.toString());
        // single characters and byte tokens are never the result of a merge
        assertFalse(merges.stream().anyMatch(m -> m.startsWith("<0x")));
    }

    @Test
    void jlamaRowChunkingRuleMatchesWhatItSkips() {
        // 172 and 192 rows lose outputs in Jlama 0.8.4 (seen before padding the stories260K feed-forward to 256)
        assertFalse(Llama2cImporter.jlamaComputesAllRows(172));
        assertFalse(Llama2cImporter.jlamaComputesAllRows(192));
        assertFalse(Llama2cImporter.jlamaComputesAllRows(288));
        for (int ok : new int[] {1, 16, 64, 128, 256, 384, 512, 768, 32000}) {
            assertTrue(Llama2cImporter.jlamaComputesAllRows(ok), String.valueOf(ok));
        }
    }

    @Test
    void shapesJlamaGetsWrongAreImportedWithWarnings() {
        // dim 288 (the stories15M width) and head size 4: both known to give wrong results in Jlama 0.8.4
        Path wide = Llama2cFixtures.writeRandomCheckpoint(inputs.resolve("wide.bin"), 288, 32, 1, 72, 72, pieces.size(), 4, 9);

        ImportedModel imported = new Llama2cImporter().importModel(wide, tokenizer, out);

        assertEquals(3, imported.warnings().size(), imported.warnings().toString());
        assertTrue(imported.warnings().get(0).contains("model width (dim) of 288"), imported.warnings().toString());
        assertTrue(imported.warnings().get(1).contains("key/value width of 288"), imported.warnings().toString());
        assertTrue(imported.warnings().get(2).contains("head sizes that are multiples of 8, and this model's is 4"), imported.warnings().toString());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
    }

    @Test
    void stagedFolderThatIsNotCommittedLeavesNothing() throws IOException {
        Path parent = Files.createDirectories(out.getParent());
        try (StagedFolder folder = StagedFolder.create(out)) {
            Files.writeString(folder.path().resolve("half-written.safetensors"), "...");
            assertEquals(1, fileNames(parent).size());
        }
        assertEquals(Set.of(), fileNames(parent));
    }

    /** The import fails with a message containing {@code expected}, and neither the output nor a staging folder exists. */
    private void assertRefused(Path badCheckpoint, Path badTokenizer, String expected) {
        var e = assertThrows(ModelLoadException.class, () -> new Llama2cImporter().importModel(badCheckpoint, badTokenizer, out));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().endsWith("."), "one sentence: " + e.getMessage());
        assertFalse(Files.exists(out.getParent()), "nothing is created for a refused import");
    }

    private static Set<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
