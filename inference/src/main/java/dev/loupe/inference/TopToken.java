package dev.loupe.inference;

/** One alternative at a generation step: a token and its probability under the model's raw distribution. */
public record TopToken(int id, String text, float prob) {
    public TopToken {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
    }
}
