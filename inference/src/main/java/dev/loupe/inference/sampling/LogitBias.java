package dev.loupe.inference.sampling;

import java.util.Map;

/** Adds a fixed bias to the logits of chosen tokens; minus infinity bans a token. Computed in double, stored as float. */
final class LogitBias implements SamplerStep {
    private final int[] ids;      // [biased tokens], ascending
    private final float[] biases; // [biased tokens]

    /** @throws InvalidSettingsException when a biased id is outside the vocabulary or a bias is plus infinity */
    LogitBias(Map<Integer, Float> bias, int vocabSize) {
        this.ids = bias.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.biases = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] >= vocabSize) {
                throw new InvalidSettingsException("logit bias names token " + ids[i] + ", but the model has only " + vocabSize + " tokens");
            }
            biases[i] = bias.get(ids[i]);
            if (biases[i] == Float.POSITIVE_INFINITY) {
                throw new InvalidSettingsException("logit bias for token " + ids[i] + " is plus infinity; use a large finite value such as 100 to force a token");
            }
        }
    }

    @Override
    public StepExplanation.Kind kind() {
        return StepExplanation.Kind.LOGIT_BIAS;
    }

    @Override
    public void apply(Candidates candidates) {
        float[] logit = candidates.logit;
        for (int i = 0; i < ids.length; i++) {
            logit[ids[i]] = (float) ((double) logit[ids[i]] + biases[i]);
        }
        candidates.logitsChanged();
    }
}
