package dev.loupe.rag.answer;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.HybridSearcher;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers a question from indexed documents: retrieve the top passages (plainly or with HyDE), number them in a
 * prompt ({@link CitationPrompts}), generate, and read the citations back. Blocks the calling thread (never the
 * UI thread); thread-safe as far as the generator is.
 */
public final class AskPipeline {
    /** Tokens the HyDE draft may use: a passage, not an essay. */
    static final int DRAFT_TOKENS = 96;

    private final HybridSearcher searcher;
    private final TextGenerator generator;

    public AskPipeline(HybridSearcher searcher, TextGenerator generator) {
        this.searcher = Objects.requireNonNull(searcher, "searcher");
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /**
     * Runs the whole pipeline. Retrieved passages that do not fit the model's context (with the answer's token
     * budget) are left out of the prompt from the lowest-ranked up; {@link AskAnswer#retrieved()} still lists them.
     *
     * @param listener receives the answer's tokens as they are generated (not the draft's)
     * @throws PromptTooLongException when even the question without sources does not fit
     */
    public AskAnswer ask(AskRequest request, CancellationToken cancel, TokenListener listener) {
        SearchRequest search = new SearchRequest(request.question(), request.k(), SearchMode.HYBRID,
                request.filter(), true);
        AtomicReference<String> draft = new AtomicReference<>();
        List<Hit> hits = switch (request.mode()) {
            case PLAIN -> searcher.search(search);
            case HYDE -> new HydeRetriever(searcher, question -> {
                draft.set(draft(request, question, cancel));
                return draft.get();
            }).search(search);
        };
        SourcedPrompt prompt = fitting(request, hits);
        GenerationRequest generation = request.generation().withPrompt(chat(prompt));
        GenerationResult result = generator.generate(generation, cancel, listener);
        return new AskAnswer(request.question(), Optional.ofNullable(draft.get()), hits, prompt, result,
                CitationPrompts.parse(result.text(), prompt.sources()));
    }

    /** The chat prompt the model is given for a sourced prompt: its instructions as system, sources and question as user. */
    public static Prompt chat(SourcedPrompt prompt) {
        return Prompt.chat(List.of(ChatMessage.system(prompt.system()), ChatMessage.user(prompt.user())));
    }

    private String draft(AskRequest request, String question, CancellationToken cancel) {
        GenerationRequest drafting = request.generation()
                .withPrompt(Prompt.text(HydeRetriever.DRAFT_PROMPT.formatted(question.strip())));
        drafting = new GenerationRequest(drafting.prompt(), drafting.sampler(), drafting.seed(),
                Math.min(DRAFT_TOKENS, drafting.maxNewTokens()), drafting.stopStrings(), 0, drafting.constraint());
        return generator.generate(drafting, cancel, TokenListener.NONE).text();
    }

    private SourcedPrompt fitting(AskRequest request, List<Hit> hits) {
        int budget = generator.contextTokens() - request.generation().maxNewTokens();
        int n = hits.size();
        while (true) {
            SourcedPrompt prompt = CitationPrompts.build(request.question(), hits.subList(0, n));
            int tokens = generator.encode(chat(prompt)).length;
            if (tokens <= budget) {
                return prompt;
            }
            if (n == 0) {
                throw new PromptTooLongException(tokens, request.generation().maxNewTokens(), generator.contextTokens());
            }
            n--;
        }
    }
}
