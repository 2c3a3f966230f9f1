package dev.loupe.ui.compare;

import dev.loupe.inference.lab.JudgeVerdict;
import java.util.Objects;

/**
 * A judge's verdict on a comparison, as recorded with it.
 *
 * @param judgeModel the judging model's name
 * @param criteria what it was asked to weigh
 * @param verdict what it decided; the winner is a position among the judged columns
 */
public record SavedVerdict(String judgeModel, String criteria, JudgeVerdict verdict) {
    public SavedVerdict {
        Objects.requireNonNull(judgeModel, "judgeModel");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(verdict, "verdict");
    }
}
