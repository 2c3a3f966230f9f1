package dev.loupe.inference.jlama;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;

/**
 * The baseline of the decode benchmark: Jlama's forward pass and output head with a plain argmax, nothing else
 * (no sampler chain, no statistics, no detokenizer). What our decode loop adds is measured against this.
 */
public final class BareJlamaLoop {
    private BareJlamaLoop() {}

    /**
     * Prefills {@code prompt}, then decodes {@code tokens} tokens greedily.
     *
     * @return decode tokens per second (tokens after the first, over the time from the first to the last)
     */
    public static double decodeTokensPerSecond(JlamaTextGenerator generator, int[] prompt, int tokens) {
        AbstractModel model = generator.model();
        generator.lock().lock();
        try (KvBufferCache cache = new KvBufferCache(model);
             KvBufferCache.KvBuffer kv = cache.getEphemeralKvBuffer();
             AbstractTensor logits = model.makeDenseTensor(1, model.getConfig().vocabularySize)) {
            AbstractTensor out = model.batchForward(prompt, 0, kv);
            int next = model.sample(out.slice(out.shape().first() - 1), 0f, 0f, logits);
            out.close();
            long first = System.nanoTime();
            for (int i = 1; i < tokens; i++) {
                AbstractTensor hidden = model.forward(next, prompt.length + i - 1, kv, java.util.Optional.empty());
                next = model.sample(hidden, 0f, 0f, logits);
                hidden.close();
            }
            return (tokens - 1) / ((System.nanoTime() - first) / 1e9);
        } finally {
            generator.lock().unlock();
        }
    }
}
