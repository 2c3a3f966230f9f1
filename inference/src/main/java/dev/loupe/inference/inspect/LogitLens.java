package dev.loupe.inference.inspect;

import java.util.List;

/**
 * The logit lens over a token sequence: {@link #prediction(int, int)} for every layer 0..{@link #layers()} and
 * position.
 *
 * @param tokenIds the sequence
 * @param finalTokenIds at each position, the token the model's own output ranks first
 * @param layers transformer blocks; predictions exist for layers 0 to this
 * @param predictions layer-major: all positions of layer 0, then of layer 1, ...
 */
public record LogitLens(int[] tokenIds, int[] finalTokenIds, int layers, List<LensPrediction> predictions) {
    public LogitLens {
        tokenIds = tokenIds.clone();
        finalTokenIds = finalTokenIds.clone();
        predictions = List.copyOf(predictions);
        if (finalTokenIds.length != tokenIds.length || predictions.size() != (layers + 1) * tokenIds.length) {
            throw new IllegalArgumentException("a lens has one prediction per layer and position");
        }
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    @Override
    public int[] finalTokenIds() {
        return finalTokenIds.clone();
    }

    public LensPrediction prediction(int layer, int position) {
        return predictions.get(layer * tokenIds.length + position);
    }
}
