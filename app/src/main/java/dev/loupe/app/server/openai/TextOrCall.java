package dev.loupe.app.server.openai;

import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.tokenize.TokenPieces;

/**
 * {@code tool_choice: auto} as an output constraint: the model either writes text that does not open with
 * {@code '{'}, or a function call that does, which then has to stay valid for the call schema to its end. The
 * first token decides: tokens opening with {@code '{'} are allowed exactly when the call constraint allows them.
 * Thread-safe; each generation gets its own state.
 */
final class TextOrCall implements TokenConstraint {
    private final TokenConstraint call;
    private final TokenPieces pieces;

    TextOrCall(TokenConstraint call, TokenPieces pieces) {
        this.call = call;
        this.pieces = pieces;
    }

    @Override
    public State start() {
        return new State() {
            private final State callState = call.start();
            private boolean decided;
            private boolean calling;
            private float[] scratch;

            @Override
            public void mask(float[] logits) {
                if (decided) {
                    if (calling) {
                        callState.mask(logits);
                    }
                    return;
                }
                if (scratch == null) {
                    scratch = new float[logits.length];
                }
                System.arraycopy(logits, 0, scratch, 0, logits.length);
                callState.mask(scratch); // which call openings are valid
                int limit = Math.min(logits.length, pieces.size());
                for (int id = 0; id < limit; id++) {
                    if (opensCall(id) && scratch[id] == Float.NEGATIVE_INFINITY) {
                        logits[id] = Float.NEGATIVE_INFINITY;
                    }
                }
            }

            @Override
            public void accept(int tokenId) {
                if (!decided) {
                    decided = true;
                    calling = opensCall(tokenId);
                }
                if (calling) {
                    callState.accept(tokenId);
                }
            }

            @Override
            public boolean isComplete() {
                return calling && callState.isComplete();
            }
        };
    }

    private boolean opensCall(int id) {
        if (id < 0 || id >= pieces.size() || pieces.isSpecial(id)) {
            return false;
        }
        byte[] bytes = pieces.bytes(id);
        return bytes.length > 0 && bytes[0] == '{';
    }

    @Override
    public String toString() {
        return "text or " + call;
    }
}
