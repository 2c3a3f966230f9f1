package dev.loupe.inference.jlama;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptSupport;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.ModelLab;
import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.chat.ChatMlTemplate;
import dev.loupe.inference.chat.ChatTemplate;
import dev.loupe.inference.chat.PlainTemplate;
import dev.loupe.inference.chat.TokenizerConventions;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.inference.model.ModelInspector;
import dev.loupe.inference.tokenize.TokenPieces;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model loaded with Jlama, generating with Loupe's own decode loop on Jlama's public forward pass: prefill
 * with {@code batchForward}, one {@code forward} per token, raw logits from {@code sample(hidden, 0, ..)}, and
 * our own sampler chain, statistics and detokenizer. KV caches live in memory only (ephemeral buffers), so no
 * page files are left behind.
 *
 * <p>One generation runs at a time per model: {@link #generate} and sessions share a lock, so callers on several
 * threads queue up. Jlama parallelises each forward pass over the machine's cores itself.
 */
public final class JlamaTextGenerator implements TextGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(JlamaTextGenerator.class);

    private final AbstractModel model;
    private final ModelInfo info;
    private final TokenPieces pieces;
    private final TokenizerConventions conventions;
    private final ChatTemplate template;
    private final Set<Integer> stopTokenIds;
    private final KvBufferCache kvBuffers;
    private final int contextTokens;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong positionsComputed = new AtomicLong();
    private volatile JlamaModelLab lab;

    private JlamaTextGenerator(AbstractModel model, ModelInfo info, TokenPieces pieces, TokenizerConventions conventions) {
        this.model = model;
        this.info = info;
        this.pieces = pieces;
        this.conventions = conventions;
        this.template = chooseTemplate(model, conventions);
        this.stopTokenIds = stopTokens(model, template);
        this.kvBuffers = new KvBufferCache(model);
        this.contextTokens = usableContext(model.getConfig().contextLength, info.attentionHeads(), info.kvHeads());
    }

    /**
     * Jlama 0.8.4 looks up rotary frequencies at {@code position * headSize/2 + head * headSize} (a shift of two
     * positions per key/value head that cancels out in attention), so the last {@code 2 * (heads - 1)} positions
     * read past its table and throw. Those positions are kept out of reach.
     */
    static int usableContext(int contextLength, int heads, int kvHeads) {
        int shiftedHeads = kvHeads != heads ? kvHeads : heads;
        return contextLength - 2 * (shiftedHeads - 1);
    }

    /**
     * Loads the model in {@code dir}: checks the folder and the available memory first, then maps the weights.
     *
     * @throws ModelLoadException with one sentence naming the problem
     */
    public static JlamaTextGenerator load(Path dir) {
        ModelInfo info = ModelInspector.inspect(dir);
        MemoryCheck.ensureFits(info);
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new ModelLoadException("The JVM was started without --add-modules jdk.incubator.vector, which the engine needs; start Loupe with ./loupe.");
        }
        TokenizerConventions conventions = TokenizerConventions.read(dir);
        TokenPieces pieces = TokenPieces.fromTokenizerJson(dir.resolve("tokenizer.json"));
        AbstractModel model;
        try {
            // F32 working memory; I8 is the type activations are quantised to when the weights are Q4/Q8.
            model = ModelSupport.loadModel(dir.toFile(), DType.F32, DType.I8);
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("The model " + info.name() + " could not be loaded: " + rootMessage(e), e);
        }
        try {
            warmUp(model);
            JlamaKernels.checkWidths(info, model.getConfig().hiddenLength);
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        }
        if (model.getConfig().vocabularySize != pieces.size()) {
            LOG.warn("Model {} has {} logits but {} tokenizer entries", info.name(), model.getConfig().vocabularySize, pieces.size());
        }
        LOG.info("Loaded {} ({} parameters, {}) on {}", info.name(), info.parameterCount(), info.weightDtype(), JlamaKernels.describe());
        return new JlamaTextGenerator(model, info, pieces, conventions);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int contextTokens() {
        return contextTokens;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
        try (ChatSession session = openSession()) {
            return session.generate(request, cancel, listener);
        }
    }

    @Override
    public ChatSession openSession() {
        return new JlamaChatSession(this);
    }

    /** One lab per generator, made on first use. */
    @Override
    public ModelLab lab() {
        JlamaModelLab current = lab;
        if (current == null) {
            synchronized (this) {
                current = lab;
                if (current == null) {
                    current = new JlamaModelLab(this);
                    lab = current;
                }
            }
        }
        return current;
    }

    @Override
    public int[] encode(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Tokens tokens -> tokens.ids();
            case Prompt.Text text -> encodeText(text.text());
            case Prompt.Chat chat -> encodeText(template.render(chat.messages(), true));
        };
    }

    @Override
    public String tokenText(int tokenId) {
        return pieces.text(tokenId);
    }

    /** The template used for chat prompts (the model's own, ChatML, or plain text for base models). */
    public ChatTemplate template() {
        return template;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            kvBuffers.close();
            model.close();
        } finally {
            lock.unlock();
        }
    }

    AbstractModel model() {
        return model;
    }

    @Override
    public TokenPieces pieces() {
        return pieces;
    }

    @Override
    public Set<Integer> stopTokens() {
        return stopTokenIds;
    }

    int bosToken() {
        return model.getConfig().bosToken;
    }

    ReentrantLock lock() {
        return lock;
    }

    /** A new in-memory KV cache for one sequence (ephemeral: no page files). */
    KvBufferCache.KvBuffer newKvBuffer() {
        return kvBuffers.getEphemeralKvBuffer();
    }

    void countPositions(int positions) {
        positionsComputed.addAndGet(positions);
    }

    /**
     * Positions run through the model's layers by Loupe's decoding since loading: each prefilled or decoded token
     * counts once, a KV cache copied for a branch or a shared prompt counts nothing. How tests prove that a
     * branch or a comparison did not prefill again.
     */
    public long positionsComputed() {
        return positionsComputed.get();
    }

    /** Raw logits (after any logit multiplier or soft-capping of the architecture) of {@code hidden} into {@code out}. */
    void logits(AbstractTensor hidden, AbstractTensor scratch, float[] out) {
        // With temperature 0, Jlama's sample() computes the output head into `scratch` and returns the argmax;
        // unlike getLogits() it keeps the raw logits and applies Granite/Gemma 2 scaling (Jlama 0.8.4).
        model.sample(hidden, 0f, 0f, scratch);
        java.lang.foreign.MemorySegment.copy(scratch.getMemorySegment(), ValueLayout.JAVA_FLOAT, 0, out, 0, out.length);
    }

    private int[] encodeText(String text) {
        long[] raw = model.getTokenizer().encode(text);
        int bos = bosToken();
        boolean startsWithBos = raw.length > 0 && raw[0] == bos;
        boolean addBos = conventions.addBos() && !startsWithBos;
        int[] ids = new int[raw.length + (addBos ? 1 : 0)];
        int at = 0;
        if (addBos) {
            ids[at++] = bos;
        }
        for (long id : raw) {
            ids[at++] = Math.toIntExact(id);
        }
        if (ids.length == 0) {
            throw new LoupeException("The prompt is empty; type something for the model to continue.");
        }
        return ids;
    }

    /**
     * One throwaway forward pass, so that Jlama initialises its kernels inside its own forward pass before Loupe
     * asks about them (see {@link JlamaKernels}).
     */
    private static void warmUp(AbstractModel model) {
        try (KvBufferCache cache = new KvBufferCache(model);
             KvBufferCache.KvBuffer kv = cache.getEphemeralKvBuffer();
             AbstractTensor out = model.batchForward(new int[] {model.getConfig().bosToken}, 0, kv)) {
            LOG.debug("Warm-up pass produced {}", out.shape());
        }
    }

    private static ChatTemplate chooseTemplate(AbstractModel model, TokenizerConventions conventions) {
        if (conventions.chatTemplateSource().isPresent() && model.promptSupport().isPresent()) {
            return new JinjaChatTemplate(model.promptSupport().get(), conventions);
        }
        return conventions.chatMl() ? new ChatMlTemplate() : new PlainTemplate();
    }

    private static Set<Integer> stopTokens(AbstractModel model, ChatTemplate template) {
        Set<Integer> ids = new LinkedHashSet<>(model.getConfig().eosTokens == null ? List.of() : model.getConfig().eosTokens);
        for (String marker : template.endOfTurnTokens()) {
            long[] encoded = model.getTokenizer().encode(marker);
            if (encoded.length == 1) {
                ids.add(Math.toIntExact(encoded[0]));
            }
        }
        return Set.copyOf(ids);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Renders with the model's own Jinja template through Jlama's prompt support. */
    private record JinjaChatTemplate(PromptSupport support, TokenizerConventions conventions) implements ChatTemplate {
        @Override
        public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
            PromptSupport.Builder builder = support.builder().addGenerationPrompt(addGenerationPrompt);
            for (ChatMessage m : messages) {
                switch (m.role()) {
                    case SYSTEM -> builder.addSystemMessage(m.content());
                    case USER -> builder.addUserMessage(m.content());
                    case ASSISTANT -> builder.addAssistantMessage(m.content());
                }
            }
            return builder.build().getPrompt();
        }

        @Override
        public List<String> endOfTurnTokens() {
            List<String> markers = new ArrayList<>();
            String source = conventions.chatTemplateSource().orElse("");
            for (String marker : Arrays.asList("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "</s>", "<|end|>")) {
                if (source.contains(marker)) {
                    markers.add(marker);
                }
            }
            return markers;
        }
    }
}
