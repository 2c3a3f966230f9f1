package dev.loupe.app.server.openai;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.Arrays;
import java.util.List;

/**
 * The model's log-probabilities for the tokens of a prompt, for the legacy {@code echo} with {@code logprobs}.
 * The engine reports probabilities for generated tokens only, so the prompt is "generated" again with every
 * step forced to the prompt's next token: each event then carries the model's distribution at that position.
 * Costs one forward pass per prompt token (no batched prefill); only done when a request asks for it.
 */
final class PromptScoring {
    private PromptScoring() {}

    /**
     * The prompt's tokens with their probabilities.
     *
     * @param unscoredFirst the first token, which nothing precedes to predict it, or -1 when the prompt starts with
     *     the model's begin-of-sequence token (which is then left out: it is not part of the text)
     * @param scored one event per following token, in order
     */
    record Score(int unscoredFirst, List<TokenEvent> scored) {
        Score {
            scored = List.copyOf(scored);
        }

        static final Score NONE = new Score(-1, List.of());
    }

    static Score score(TextGenerator generator, int[] ids, int top, CancellationToken cancel) {
        int[] bos = generator.encode(Prompt.text("")); // [BOS] when the model starts every prompt with it, else []
        boolean startsWithBos = bos.length == 1 && ids.length > 0 && ids[0] == bos[0];
        int unscored = startsWithBos ? -1 : ids[0];
        if (ids.length < 2) {
            return new Score(unscored, List.of());
        }
        int[] forced = Arrays.copyOfRange(ids, 1, ids.length);
        GenerationRequest request = new GenerationRequest(new Prompt.Tokens(new int[] {ids[0]}), SamplerSettings.GREEDY, 0, forced.length,
                List.of(), top, new Forced(forced));
        GenerationResult result = generator.generate(request, cancel, TokenListener.NONE);
        return new Score(unscored, result.tokens());
    }

    /** Allows exactly the given tokens, one after the other. */
    private record Forced(int[] ids) implements TokenConstraint {
        @Override
        public State start() {
            return new State() {
                private int next;

                @Override
                public void mask(float[] logits) {
                    float keep = logits[ids[next]];
                    Arrays.fill(logits, Float.NEGATIVE_INFINITY);
                    logits[ids[next]] = keep;
                }

                @Override
                public void accept(int tokenId) {
                    next++;
                }

                @Override
                public boolean isComplete() {
                    return next >= ids.length;
                }
            };
        }
    }
}
