package dev.loupe.inference.jlama;

import com.github.tjake.jlama.tensor.AbstractTensor;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.sampling.LogitStatistics;
import dev.loupe.inference.sampling.TokenHistory;
import java.util.ArrayList;
import java.util.List;

/**
 * Contrastive search: each of the {@code topK} most probable tokens is run at the next position, and the one
 * with the best {@code (1 - alpha) * p - alpha * maxCosine(hidden, earlier hidden states)} is kept. Every
 * candidate's forward pass writes the same KV position; the keys and values of all but the last one tried are
 * saved, and the winner's are put back, so the winner costs no extra forward pass (it is staged in the sequence).
 *
 * <p>Hidden states are the final residual stream (before the final norm), as the sequence keeps them; it must
 * keep every row. Ties go to the more probable candidate. Closes its KV snapshots with {@link #close()}.
 */
final class ContrastiveChooser implements TokenChooser, AutoCloseable {
    private final double alpha;
    private final LogitStatistics ranking;
    private final AbstractTensor[] snapshots; // [topK - 1] keys and values of candidates at the next position
    private final List<float[]> units = new ArrayList<>(); // unit-length hidden rows of positions 0..size-1

    ContrastiveChooser(DecodingStrategy.ContrastiveSearch settings, int vocabSize, Sequence sequence) {
        if (!sequence.keepsRows()) {
            throw new IllegalArgumentException("contrastive search needs a sequence that keeps every hidden row");
        }
        this.alpha = settings.alpha();
        int k = Math.min(settings.topK(), vocabSize);
        this.ranking = new LogitStatistics(vocabSize, k);
        this.snapshots = new AbstractTensor[k - 1];
        for (int i = 0; i < snapshots.length; i++) {
            snapshots[i] = sequence.newKvSnapshot();
        }
    }

    @Override
    public int choose(float[] logits, TokenHistory history, Sequence sequence) {
        int position = sequence.length();
        for (int p = units.size(); p < position; p++) {
            units.add(unit(sequence.row(p)));
        }
        ranking.compute(logits);
        int candidates = 0;
        while (candidates < ranking.topCount() && logits[ranking.topId(candidates)] != Float.NEGATIVE_INFINITY) {
            candidates++;
        }
        if (candidates == 1) {
            return ranking.topId(0); // no choice to make: the loop's own forward pass will run it
        }
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        float[] bestRow = null;
        for (int i = 0; i < candidates; i++) {
            int id = ranking.topId(i);
            float[] row = sequence.tryToken(id);
            double score = (1 - alpha) * ranking.probability(id) - alpha * maxCosine(row);
            if (score > bestScore) {
                bestScore = score;
                best = i;
                bestRow = row;
            }
            if (i < candidates - 1) {
                sequence.saveKv(position, snapshots[i]);
            }
        }
        if (best < candidates - 1) {
            sequence.restoreKv(position, snapshots[best]);
        }
        int chosen = ranking.topId(best);
        sequence.stage(chosen, bestRow);
        return chosen;
    }

    /** The largest cosine similarity between {@code row} and any earlier position's row. */
    double maxCosine(float[] row) {
        float[] u = unit(row);
        double max = Double.NEGATIVE_INFINITY;
        for (float[] earlier : units) {
            double dot = 0;
            for (int i = 0; i < u.length; i++) {
                dot += (double) u[i] * earlier[i];
            }
            max = Math.max(max, dot);
        }
        return max;
    }

    static float[] unit(float[] row) {
        double ss = 0;
        for (float v : row) {
            ss += (double) v * v;
        }
        double scale = ss == 0 ? 0 : 1 / Math.sqrt(ss);
        float[] u = new float[row.length];
        for (int i = 0; i < row.length; i++) {
            u[i] = (float) (row[i] * scale);
        }
        return u;
    }

    @Override
    public int draws() {
        return 0;
    }

    @Override
    public boolean sampledLast() {
        return false;
    }

    @Override
    public void close() {
        for (AbstractTensor snapshot : snapshots) {
            snapshot.close();
        }
    }
}
