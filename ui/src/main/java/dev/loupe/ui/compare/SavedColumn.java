package dev.loupe.ui.compare;

import dev.loupe.inference.FinishReason;
import dev.loupe.inference.lab.RunMetrics;
import java.util.Objects;

/**
 * One column of a comparison that ran.
 *
 * @param position 0 for column A, up to 3
 * @param setup what ran
 * @param answer the generated text, stop string excluded
 * @param finishReason why it ended
 * @param promptTokens tokens of the prompt on this column's model
 * @param metrics its figures
 */
public record SavedColumn(int position, ColumnSetup setup, String answer, FinishReason finishReason, int promptTokens, RunMetrics metrics) {
    public SavedColumn {
        if (position < 0 || position >= CompareViewModel.MAX_COLUMNS) {
            throw new IllegalArgumentException("a column position is 0 to " + (CompareViewModel.MAX_COLUMNS - 1) + ", got " + position);
        }
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(metrics, "metrics");
    }
}
