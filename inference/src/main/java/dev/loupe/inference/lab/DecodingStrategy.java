package dev.loupe.inference.lab;

import dev.loupe.inference.sampling.InvalidSettingsException;

/**
 * How the next tokens are chosen. {@link Sampling} runs the request's sampler chain (greedy at temperature 0);
 * the two searches work on the model's own distribution, the raw logits at temperature 1 with the output
 * constraint's mask, and ignore the sampler settings (penalties, bias, temperature, filters) and the seed.
 */
public sealed interface DecodingStrategy {
    /** The request's sampler chain: greedy at temperature 0, otherwise one seeded draw per token. */
    DecodingStrategy SAMPLING = new Sampling();

    /** The request's sampler chain. */
    record Sampling() implements DecodingStrategy {}

    /**
     * Beam search as Hugging Face's {@code generate} does it: at each step every live beam proposes its
     * {@code 2 * width} most probable continuations; the best {@code width} by total log-probability that do not
     * end the sequence live on, and an end-of-sequence among the first {@code width} candidates finishes a
     * hypothesis scored {@code logProbability / generatedTokens^lengthPenalty}.
     *
     * @param width beams kept per step, 1 to {@value #MAX_WIDTH}; 1 is greedy decoding
     * @param lengthPenalty exponent of the length normalisation of finished hypotheses; above 0 favours longer
     *     ones, below 0 shorter ones; between -10 and 10
     * @param earlyStopping stop as soon as {@code width} hypotheses are finished; otherwise stop when no live beam
     *     can still beat the worst of them at its current length (Hugging Face's heuristic)
     * @param sequences how many of the best hypotheses to return, 1 to {@code width}
     */
    record BeamSearch(int width, double lengthPenalty, boolean earlyStopping, int sequences) implements DecodingStrategy {
        public static final int MAX_WIDTH = 16;

        public BeamSearch {
            if (width < 1 || width > MAX_WIDTH) {
                throw new InvalidSettingsException("beam width must be between 1 and " + MAX_WIDTH + ", got " + width);
            }
            if (!Double.isFinite(lengthPenalty) || Math.abs(lengthPenalty) > 10) {
                throw new InvalidSettingsException("length penalty must be between -10 and 10, got " + lengthPenalty);
            }
            if (sequences < 1 || sequences > width) {
                throw new InvalidSettingsException("returned sequences must be between 1 and the beam width " + width + ", got " + sequences);
            }
        }

        /** {@code width} beams, length penalty 1, early stopping, the best sequence only. */
        public static BeamSearch of(int width) {
            return new BeamSearch(width, 1.0, true, 1);
        }
    }

    /**
     * Contrastive search (Su et al. 2022, as in Hugging Face's {@code penalty_alpha}): among the {@code topK} most
     * probable tokens, take the one maximising {@code (1 - alpha) * p(token) - alpha * s}, where {@code s} is the
     * largest cosine similarity between the token's hidden state and that of every earlier position, prompt
     * included. The hidden state is the final residual stream, before the final norm (what Jlama's forward pass
     * returns). Costs {@code topK} forward passes per token.
     *
     * @param alpha weight of the degeneration penalty, 0 (greedy) to 1
     * @param topK candidates per step, 1 to {@value #MAX_TOP_K}
     */
    record ContrastiveSearch(double alpha, int topK) implements DecodingStrategy {
        public static final int MAX_TOP_K = 64;

        public ContrastiveSearch {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new InvalidSettingsException("contrastive alpha must be between 0 and 1, got " + alpha);
            }
            if (topK < 1 || topK > MAX_TOP_K) {
                throw new InvalidSettingsException("contrastive top-k must be between 1 and " + MAX_TOP_K + ", got " + topK);
            }
        }
    }
}
