package dev.loupe.ui.ask;

import dev.loupe.rag.answer.AskAnswer;
import dev.loupe.rag.answer.AskMode;
import dev.loupe.rag.answer.Source;
import dev.loupe.rag.search.Hit;
import dev.loupe.ui.settings.AskSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an Ask answer was made from, stored with the answer so that its sources, the retrieved passages and the
 * exact prompt can be shown again after a restart: nothing the model saw is hidden.
 *
 * @param question the question as asked
 * @param mode plain retrieval or HyDE
 * @param k how many passages were asked for
 * @param collections the collections searched
 * @param draft the HyDE draft that was embedded; empty in plain mode
 * @param systemPrompt the instructions the model was given
 * @param userPrompt the numbered sources and the question, as the model was given them
 * @param retrieved every passage the search returned, best first
 * @param sourceCount how many of {@code retrieved}, from the first, fitted the context and were numbered in the
 *     prompt; the rest were left out
 */
public record AskRecord(String question, AskMode mode, int k, List<String> collections, Optional<String> draft,
                        String systemPrompt, String userPrompt, List<Hit> retrieved, int sourceCount) {
    public AskRecord {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(mode, "mode");
        collections = List.copyOf(collections);
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(userPrompt, "userPrompt");
        retrieved = List.copyOf(retrieved);
        if (sourceCount < 0 || sourceCount > retrieved.size()) {
            throw new IllegalArgumentException("sourceCount " + sourceCount + " is outside 0.." + retrieved.size());
        }
    }

    /** The record of a finished pipeline run. */
    public static AskRecord of(AskAnswer answer, AskSettings settings) {
        return new AskRecord(answer.question(), settings.mode(), settings.k(), settings.collections(), answer.draft(),
                answer.prompt().system(), answer.prompt().user(), answer.retrieved(), answer.sources().size());
    }

    /** The numbered sources of the prompt: the first {@link #sourceCount} retrieved passages, from [1]. */
    public List<Source> sources() {
        List<Source> sources = new ArrayList<>(sourceCount);
        for (int i = 0; i < sourceCount; i++) {
            sources.add(new Source(i + 1, retrieved.get(i).passage()));
        }
        return sources;
    }

    /** The source numbered {@code number}, if the prompt had one. */
    public Optional<Source> source(int number) {
        return number >= 1 && number <= sourceCount
                ? Optional.of(new Source(number, retrieved.get(number - 1).passage())) : Optional.empty();
    }

    /** Retrieved passages that did not fit the model's context and were left out of the prompt. */
    public int leftOut() {
        return retrieved.size() - sourceCount;
    }
}
