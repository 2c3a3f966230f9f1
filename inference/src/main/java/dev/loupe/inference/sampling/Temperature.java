package dev.loupe.inference.sampling;

/**
 * Divides the logits by the temperature: above 1 flattens, below 1 sharpens the distribution. O(1): the factor
 * is applied where weights are computed, since it changes no ranking. Temperature 0 (greedy) never reaches this
 * step; the chain takes the argmax instead.
 */
final class Temperature implements SamplerStep {
    private final double temperature;

    Temperature(double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature step needs a positive temperature, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public StepExplanation.Kind kind() {
        return StepExplanation.Kind.TEMPERATURE;
    }

    @Override
    public void apply(Candidates candidates) {
        candidates.divideByTemperature(temperature);
    }
}
