package dev.loupe.inference.jlama;

import dev.loupe.inference.sampling.SamplerChain;
import dev.loupe.inference.sampling.TokenHistory;
import java.util.random.RandomGenerator;

/** Plain generation: every token from the sampler chain, one seeded draw per token unless greedy. */
final class SamplingChooser implements TokenChooser {
    private final SamplerChain chain;
    private final RandomGenerator random;
    private int draws;

    SamplingChooser(SamplerChain chain, long seed) {
        this.chain = chain;
        this.random = SamplerChain.seededRandom(seed);
    }

    @Override
    public int choose(float[] logits, TokenHistory history, Sequence sequence) {
        int id = chain.sample(logits, history, random);
        if (!chain.settings().isGreedy()) {
            draws++; // the chain takes exactly one nextDouble() per non-greedy token
        }
        return id;
    }

    @Override
    public int draws() {
        return draws;
    }

    @Override
    public boolean sampledLast() {
        return true;
    }
}
