package dev.loupe.inference.jlama;

import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.TokenHistory;

/** A branch: the first token is the one the user chose, the rest come from another chooser. */
final class ForcedFirstChooser implements TokenChooser {
    private final int forced;
    private final TokenChooser then;
    private boolean first = true;
    private boolean sampledLast;

    ForcedFirstChooser(int forced, TokenChooser then) {
        this.forced = forced;
        this.then = then;
    }

    @Override
    public int choose(float[] logits, TokenHistory history, Sequence sequence) {
        if (first) {
            first = false;
            sampledLast = false;
            if (forced < 0 || forced >= logits.length) {
                throw new InvalidSettingsException("token " + forced + " is outside the vocabulary of " + logits.length + " tokens; force a token the model knows");
            }
            if (logits[forced] == Float.NEGATIVE_INFINITY) {
                throw new InvalidSettingsException("token " + forced + " is not allowed here by the output constraint; force another token");
            }
            return forced;
        }
        int id = then.choose(logits, history, sequence);
        sampledLast = then.sampledLast();
        return id;
    }

    @Override
    public int draws() {
        return then.draws();
    }

    @Override
    public boolean sampledLast() {
        return sampledLast;
    }
}
