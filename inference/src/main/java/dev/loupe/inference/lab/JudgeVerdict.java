package dev.loupe.inference.lab;

import java.util.Objects;

/**
 * What an {@link ArenaJudge} decided.
 *
 * @param winner index of the better answer, from 0, always one of the answers judged
 * @param reason the judge's one-line reason, as it wrote it (cut where its output ended)
 * @param output the judge's whole output, the constrained JSON
 * @param shortened whether the answers were cut to fit the judge's context
 */
public record JudgeVerdict(int winner, String reason, String output, boolean shortened) {
    public JudgeVerdict {
        if (winner < 0) {
            throw new IllegalArgumentException("the winner is an answer index, got " + winner);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(output, "output");
    }

    /** The winner's label: "A" for the first answer. */
    public String winnerLabel() {
        return ArenaJudge.label(winner);
    }
}
