package dev.loupe.inference.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a llama2.c checkpoint (legacy "v0" format) and its {@code tokenizer.bin} into a Hugging Face model
 * folder ({@code LlamaForCausalLM}, float32 safetensors) that Jlama loads and that produces the same
 * probabilities as llama2.c's {@code run.c}.
 *
 * <p>Two changes of layout keep the outputs identical: the rows of the query and key projections are permuted
 * per head, because llama2.c rotates interleaved pairs {@code (2i, 2i+1)} while the Hugging Face layout rotates
 * halves {@code (i, i + headSize/2)}; and the feed-forward width is zero-padded to a multiple of
 * {@link #FFN_ALIGNMENT} (extra zero rows in the gate and up projections, extra zero columns in the down
 * projection add exactly nothing). Jlama 0.8.4 needs the padding: with its native kernels,
 * {@code VectorMath.pchunk} cuts a matrix of more than 128 rows into 128 equal chunks and silently skips the
 * rows left over, so a 172-wide feed-forward layer loses 44 of its outputs. The model width, the key/value width
 * and the vocabulary cannot be padded without changing the results; when one of them has that problem, or the
 * head size is not a multiple of 8 (which Jlama's native attention kernel also gets wrong), the import still
 * succeeds and {@link ImportedModel#warnings()} says so.
 *
 * <p>Stateless and thread-safe; each call blocks until the folder is written, which streams the weights and
 * takes about as long as copying the checkpoint.
 */
public final class Llama2cImporter {
    /**
     * The feed-forward width written is a multiple of this: Jlama 0.8.4's row-chunk count with native kernels,
     * and a multiple of its 32-wide quantisation blocks, so the folder can also be quantised to Q4 or Q8.
     */
    public static final int FFN_ALIGNMENT = 128;
    /** {@code NativeSimdTensorOperations.parallelSplitSize()} in Jlama 0.8.4. */
    static final int JLAMA_ROW_CHUNKS = 128;
    /** Jlama 0.8.4's native attention-score kernel was seen to be wrong for head sizes 4, 12 and 20, right for 8, 16, 24. */
    static final int JLAMA_HEAD_SIZE_MULTIPLE = 8;
    /** llama2.c's run.c hard-codes these. */
    static final float RMS_NORM_EPS = 1e-5f;
    static final double ROPE_THETA = 10000.0;
    private static final List<String> LICENSE_NAMES = List.of("LICENSE", "LICENSE.txt", "LICENSE.md");
    private static final Logger log = LoggerFactory.getLogger(Llama2cImporter.class);

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Converts {@code checkpoint} and {@code tokenizerBin} into the new folder {@code outDir}.
     *
     * <p>Everything is checked before anything is written; the folder is assembled in a temporary sibling and
     * moved into place in one step, so a failed import leaves no folder behind.
     *
     * @param checkpoint a llama2.c checkpoint in the legacy v0 format ({@code export.py --version 0}, or the
     *     tinyllamas {@code .bin} files)
     * @param tokenizerBin its llama2.c tokenizer, with exactly as many tokens as the checkpoint's vocabulary
     * @param outDir the folder to create; it may exist only if it is empty
     * @return where the model went and its shape
     * @throws ModelLoadException if an input is missing, truncated or inconsistent, if {@code outDir} is a file or
     *     a non-empty folder, or if the folder cannot be written; the message says which and what to do
     */
    public ImportedModel importModel(Path checkpoint, Path tokenizerBin, Path outDir) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(tokenizerBin, "tokenizerBin");
        Objects.requireNonNull(outDir, "outDir");
        // Everything is validated before anything is created: the output first, as it is the cheapest to check.
        StagedFolder.checkFree(outDir.toAbsolutePath().normalize());
        try (Llama2cCheckpoint source = Llama2cCheckpoint.open(checkpoint)) {
            Llama2cShape shape = source.shape();
            Llama2cVocabulary vocabulary = Llama2cVocabulary.read(tokenizerBin, shape.vocabSize());
            int intermediateSize = Math.ceilDiv(shape.hiddenDim(), FFN_ALIGNMENT) * FFN_ALIGNMENT;
            Path target;
            try (StagedFolder folder = StagedFolder.create(outDir)) {
                target = folder.target();
                write(folder.path(), checkpoint, tokenizerBin, source, vocabulary, intermediateSize);
                folder.commit();
            } catch (IOException e) {
                throw new ModelLoadException("Could not write the imported model to " + outDir.toAbsolutePath()
                        + "; check that there is free disk space and that the folder is writable.", e);
            }
            List<String> warnings = jlamaWarnings(shape);
            log.info("Imported llama2.c checkpoint {} ({}) into {}", checkpoint, shape, target);
            warnings.forEach(log::warn);
            return new ImportedModel(target, shape, intermediateSize, warnings);
        }
    }

    private void write(Path dir, Path checkpoint, Path tokenizerBin, Llama2cCheckpoint source, Llama2cVocabulary vocabulary,
            int intermediateSize) throws IOException {
        Llama2cShape shape = source.shape();
        SafetensorsWriter.write(dir.resolve("model.safetensors"), source.file(), tensors(source, intermediateSize), json);
        json.writeValue(dir.resolve("config.json").toFile(), config(shape, intermediateSize));
        json.writeValue(dir.resolve("tokenizer.json").toFile(), TokenizerJson.build(vocabulary, json));
        json.writeValue(dir.resolve("tokenizer_config.json").toFile(), tokenizerConfig(vocabulary, shape));
        Optional<Path> license = findLicense(checkpoint);
        if (license.isPresent()) {
            // Copied as bytes, not with Files.copy, so that a read-only source does not make a read-only copy.
            Files.write(dir.resolve("LICENSE"), Files.readAllBytes(license.get()));
        }
        Files.writeString(dir.resolve("README.md"), readme(checkpoint, tokenizerBin, source.file(), shape, intermediateSize, license.isPresent()));
    }

    /**
     * True when Jlama 0.8.4's {@code VectorMath.pchunk} computes all {@code rows} of a matrix product: it makes
     * {@code min(rows, 128)} chunks of {@code rows / chunks} rows and then adds only {@code rows % chunkSize}
     * leftover rows to the last chunk instead of {@code rows % chunks}.
     */
    static boolean jlamaComputesAllRows(int rows) {
        int chunks = Math.min(rows, JLAMA_ROW_CHUNKS);
        int chunkSize = rows / chunks;
        int covered = chunks == 1 ? rows : chunks * chunkSize + rows % chunkSize;
        return covered == rows;
    }

    private static List<String> jlamaWarnings(Llama2cShape shape) {
        Map<String, Integer> widths = new LinkedHashMap<>();
        widths.put("model width (dim)", shape.dim());
        widths.put("key/value width", shape.kvDim());
        widths.put("vocabulary size", shape.vocabSize());
        List<String> warnings = new ArrayList<>();
        widths.forEach((what, rows) -> {
            if (!jlamaComputesAllRows(rows)) {
                warnings.add("Jlama 0.8.4 with its native kernels skips some outputs of matrix products as wide as the "
                        + what + " of " + rows + ", so this model will give wrong results there.");
            }
        });
        if (shape.headSize() % JLAMA_HEAD_SIZE_MULTIPLE != 0) {
            warnings.add("Jlama 0.8.4 with its native kernels scores attention correctly only for head sizes that are multiples of "
                    + JLAMA_HEAD_SIZE_MULTIPLE + ", and this model's is " + shape.headSize() + ", so it will give wrong results there.");
        }
        return List.copyOf(warnings);
    }

    /** Every tensor of the Hugging Face Llama layout, in the order they are written. */
    private static List<SafetensorsWriter.TensorSpec> tensors(Llama2cCheckpoint source, int intermediateSize) {
        Llama2cShape s = source.shape();
        int dim = s.dim();
        List<SafetensorsWriter.TensorSpec> tensors = new ArrayList<>();
        tensors.add(SafetensorsWriter.TensorSpec.contiguous("model.embed_tokens.weight", new long[] {s.vocabSize(), dim}, source.tokenEmbedding()));
        for (int layer = 0; layer < s.layers(); layer++) {
            String p = "model.layers." + layer + ".";
            tensors.add(SafetensorsWriter.TensorSpec.contiguous(p + "input_layernorm.weight", new long[] {dim}, source.attentionNorm(layer)));
            tensors.add(rotaryRows(p + "self_attn.q_proj.weight", source.wq(layer), s.heads(), s.headSize(), dim));
            tensors.add(rotaryRows(p + "self_attn.k_proj.weight", source.wk(layer), s.kvHeads(), s.headSize(), dim));
            tensors.add(SafetensorsWriter.TensorSpec.contiguous(p + "self_attn.v_proj.weight", new long[] {s.kvDim(), dim}, source.wv(layer)));
            tensors.add(SafetensorsWriter.TensorSpec.contiguous(p + "self_attn.o_proj.weight", new long[] {dim, dim}, source.wo(layer)));
            tensors.add(SafetensorsWriter.TensorSpec.contiguous(p + "post_attention_layernorm.weight", new long[] {dim}, source.ffnNorm(layer)));
            tensors.add(paddedRows(p + "mlp.gate_proj.weight", source.w1(layer), s.hiddenDim(), intermediateSize, dim));
            long w2 = source.w2(layer);
            tensors.add(new SafetensorsWriter.TensorSpec(p + "mlp.down_proj.weight", new long[] {dim, intermediateSize}, s.hiddenDim(),
                    r -> w2 + (long) r * s.hiddenDim() * Float.BYTES));
            tensors.add(paddedRows(p + "mlp.up_proj.weight", source.w3(layer), s.hiddenDim(), intermediateSize, dim));
        }
        tensors.add(SafetensorsWriter.TensorSpec.contiguous("model.norm.weight", new long[] {dim}, source.finalNorm()));
        if (!s.sharedClassifier()) {
            tensors.add(SafetensorsWriter.TensorSpec.contiguous("lm_head.weight", new long[] {s.vocabSize(), dim}, source.classifier()));
        }
        return tensors;
    }

    /**
     * A query or key projection with its rows reordered per head: output row {@code i} of a head takes source
     * row {@code 2i} for the first half and {@code 2(i - half) + 1} for the second, so that the pair llama2.c
     * rotates together, {@code (2i, 2i+1)}, becomes the pair {@code (i, i + half)} that the Hugging Face layout
     * rotates together, with the same frequency.
     */
    private static SafetensorsWriter.TensorSpec rotaryRows(String name, long start, int heads, int headSize, int dim) {
        int half = headSize / 2;
        return new SafetensorsWriter.TensorSpec(name, new long[] {(long) heads * headSize, dim}, dim, r -> {
            int head = r / headSize;
            int i = r % headSize;
            int sourceRow = head * headSize + (i < half ? 2 * i : 2 * (i - half) + 1);
            return start + (long) sourceRow * dim * Float.BYTES;
        });
    }

    /** [paddedRows, dim]: the source rows, then rows of zeros. */
    private static SafetensorsWriter.TensorSpec paddedRows(String name, long start, int rows, int paddedRows, int dim) {
        return new SafetensorsWriter.TensorSpec(name, new long[] {paddedRows, dim}, dim,
                r -> r < rows ? start + (long) r * dim * Float.BYTES : -1);
    }

    private ObjectNode config(Llama2cShape s, int intermediateSize) {
        ObjectNode c = json.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("hidden_size", s.dim());
        c.put("intermediate_size", intermediateSize);
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        c.put("head_dim", s.headSize());
        c.put("vocab_size", s.vocabSize());
        c.put("max_position_embeddings", s.seqLen());
        c.put("hidden_act", "silu");
        c.put("rms_norm_eps", RMS_NORM_EPS);
        c.put("rope_theta", ROPE_THETA);
        c.putNull("rope_scaling");
        c.put("attention_bias", false);
        c.put("mlp_bias", false);
        c.put("bos_token_id", Llama2cVocabulary.BOS);
        // llama2.c's run.c ends a sample at BOS: the tinyllamas were trained on BOS-delimited stories and write
        // one when a story ends. Both ids therefore end a generation.
        c.putArray("eos_token_id").add(Llama2cVocabulary.EOS).add(Llama2cVocabulary.BOS);
        c.put("tie_word_embeddings", s.sharedClassifier());
        c.put("torch_dtype", "float32");
        return c;
    }

    private ObjectNode tokenizerConfig(Llama2cVocabulary vocabulary, Llama2cShape shape) {
        ObjectNode c = json.createObjectNode();
        c.put("tokenizer_class", "LlamaTokenizer");
        c.put("bos_token", vocabulary.huggingFacePiece(Llama2cVocabulary.BOS));
        c.put("eos_token", vocabulary.huggingFacePiece(Llama2cVocabulary.EOS));
        c.put("unk_token", vocabulary.huggingFacePiece(Llama2cVocabulary.UNK));
        c.put("add_bos_token", true);
        c.put("add_eos_token", false);
        c.put("model_max_length", shape.seqLen());
        return c;
    }

    private static Optional<Path> findLicense(Path checkpoint) {
        Path dir = checkpoint.toAbsolutePath().getParent();
        return LICENSE_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
    }

    private static String readme(Path checkpoint, Path tokenizerBin, MemorySegment checkpointBytes, Llama2cShape s,
            int intermediateSize, boolean hasLicense) throws IOException {
        String name = checkpoint.getFileName().toString();
        String licence = hasLicense
                ? "The licence is that of the original checkpoint; its text, found beside the checkpoint, is in `LICENSE`."
                : "No licence file sat beside the checkpoint. The tinyllamas checkpoints published with llama2.c are under the "
                        + "MIT licence; check the licence of this one before passing it on.";
        return """
                # %s (imported from llama2.c)

                Converted by Loupe's llama2.c importer from a llama2.c checkpoint; no weights were retrained or rounded.

                - Checkpoint: `%s`, sha256 `%s`
                - Tokenizer: `%s`, sha256 `%s`
                - Shape: %s; %,d parameters

                The checkpoint format and its reference implementation come from Andrej Karpathy's llama2.c project
                (https://github.com/karpathy/llama2.c), which also published the "tinyllamas" checkpoints (stories260K,
                stories15M, stories42M, stories110M): small Llama models trained on the TinyStories data set.

                ## Licence

                %s

                ## What the conversion changed

                - Query and key projection rows are permuted per head from llama2.c's interleaved rotary layout to the
                  Hugging Face half-split layout, which gives the same attention scores.
                - The feed-forward width is padded with zero weights from %d to %d, which adds exactly zero to every output.
                - The tokenizer becomes a byte-fallback BPE `tokenizer.json` whose merge order follows the SentencePiece
                  scores of `tokenizer.bin`, so it splits text the way llama2.c does. Token 1 (`<s>`) starts every prompt;
                  token 2 (`</s>`) ends a story.
                """.formatted(name, name, sha256(checkpointBytes), tokenizerBin.getFileName(), sha256(tokenizerBin), s,
                s.parameterCount(), licence, s.hiddenDim(), intermediateSize);
    }

    private static String sha256(MemorySegment bytes) {
        MessageDigest digest = sha256();
        long chunk = 1L << 30;
        for (long offset = 0; offset < bytes.byteSize(); offset += chunk) {
            digest.update(bytes.asSlice(offset, Math.min(chunk, bytes.byteSize() - offset)).asByteBuffer());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-256", e);
        }
    }
}
