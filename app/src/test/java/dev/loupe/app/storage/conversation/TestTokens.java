package dev.loupe.app.storage.conversation;

import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TopToken;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic token data shaped like real decode output: varied texts, probabilities and alternatives. */
final class TestTokens {
    private static final String[] TEXTS = {"The", " cat", " sat", ",", " 猫", " 🐈", "", "\n", " naïve", "\"", "\uD83D"};

    private TestTokens() {}

    /** Tokens {@code [from, from + count)}; the same arguments always give equal tokens. */
    static List<TokenEvent> generate(int from, int count, int alternatives) {
        List<TokenEvent> tokens = new ArrayList<>(count);
        for (int index = from; index < from + count; index++) {
            var random = new SplittableRandom(index * 31L + 7);
            float prob = (float) random.nextDouble();
            List<TopToken> top = new ArrayList<>();
            for (int a = 0; a < alternatives; a++) {
                top.add(new TopToken(random.nextInt(32_000), TEXTS[random.nextInt(TEXTS.length)], (float) random.nextDouble()));
            }
            tokens.add(new TokenEvent(index, random.nextInt(32_000), TEXTS[index % TEXTS.length], prob,
                    (float) Math.log(prob), (float) (random.nextDouble() * 5), top));
        }
        return tokens;
    }

    /** The text the tokens spell, as a chat would show it. */
    static String text(List<TokenEvent> tokens) {
        StringBuilder text = new StringBuilder();
        tokens.forEach(t -> text.append(t.text()));
        return text.toString();
    }
}
