package dev.loupe.ui.inspect;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.lab.Branch;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.Arrays;
import java.util.List;

/**
 * The KV cache of the inspected sequence, kept as a {@link Branch} so that every branch of it copies its prefix
 * instead of computing it again. Engine lane only.
 */
final class SequenceCache {
    private TextGenerator generator;
    private int[] ids;
    private Branch branch;

    /** The cache of {@code sequence} under {@code model}: the kept one, or a new one made by one prefill. */
    Branch branchOf(TextGenerator model, int[] sequence) {
        if (branch == null || generator != model || !Arrays.equals(ids, sequence)) {
            close();
            // One greedy token past the sequence: the branch's cache then holds every position of it.
            branch = model.lab().generateBranch(new GenerationRequest(new Prompt.Tokens(sequence), SamplerSettings.GREEDY, 0, 1, List.of(), 0),
                    CancellationToken.none(), TokenListener.NONE);
            generator = model;
            ids = sequence.clone();
        }
        return branch;
    }

    /** Keeps {@code value} (which holds every position of its own tokens) in place of the current cache. */
    void adopt(TextGenerator model, Branch value) {
        close();
        branch = value;
        generator = model;
        ids = value.tokenIds();
    }

    void close() {
        if (branch != null) {
            branch.close();
            branch = null;
            generator = null;
            ids = null;
        }
    }
}
