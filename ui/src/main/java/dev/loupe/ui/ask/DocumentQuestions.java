package dev.loupe.ui.ask;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.answer.AskAnswer;
import dev.loupe.rag.answer.AskPipeline;
import dev.loupe.rag.answer.AskRequest;
import dev.loupe.rag.index.IndexException;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.ui.documents.DocumentLibrarySource;
import dev.loupe.ui.settings.AskSettings;
import java.util.Objects;
import java.util.Set;

/**
 * Answers one Ask question for the chat: opens the library, checks that every chosen collection still exists and
 * holds indexed passages (one sentence each when not), and runs the {@link AskPipeline}. Blocks; call it on the
 * engine lane, since the pipeline generates (and, with HyDE, drafts) with the model.
 */
public final class DocumentQuestions {
    private final DocumentLibrarySource documents;

    public DocumentQuestions(DocumentLibrarySource documents) {
        this.documents = Objects.requireNonNull(documents, "documents");
    }

    /** The answer's generation and the record of what it was made from. */
    public record Answered(GenerationResult result, AskRecord record) {}

    /**
     * @param request sampler, seed, token budget and stop strings of the answer; its prompt is replaced
     * @param listener receives the answer's tokens (not the HyDE draft's)
     * @throws IndexException when a collection is gone or empty, or the library cannot be opened
     * @throws dev.loupe.inference.PromptTooLongException when even the question alone does not fit the context
     */
    public Answered ask(TextGenerator generator, AskSettings settings, String question, GenerationRequest request,
                        CancellationToken cancel, TokenListener listener) {
        DocumentLibrary library = documents.library();
        library.index().refresh();
        for (String name : settings.collections()) {
            if (library.collection(name).isEmpty()) {
                throw new IndexException("The collection " + name + " no longer exists; choose another in the Ask options.");
            }
            if (library.index().chunkCount(SearchFilter.collection(name)) == 0) {
                throw new IndexException("The collection " + name + " is empty: none of its documents is indexed yet; "
                        + "add documents to it in the Documents workspace.");
            }
        }
        AskRequest ask = new AskRequest(question, settings.k(), settings.mode(),
                new SearchFilter(Set.copyOf(settings.collections()), Set.of()), request);
        AskAnswer answer = new AskPipeline(library.searcher(), generator).ask(ask, cancel, listener);
        return new Answered(answer.result(), AskRecord.of(answer, settings));
    }
}
