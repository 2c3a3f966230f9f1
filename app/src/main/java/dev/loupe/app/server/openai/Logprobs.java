package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TopToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Log-probabilities in OpenAI's two formats. Values are natural logarithms under the model's raw distribution
 * (before penalties, temperature and filters), so they describe the model rather than the sampler.
 */
final class Logprobs {
    /** What OpenAI reports for a probability too small to represent. */
    static final double FLOOR = -9999.0;

    private final TextGenerator generator;

    Logprobs(TextGenerator generator) {
        this.generator = generator;
    }

    /** The tokens of {@code events} whose text reached an answer of {@code textLength} characters. */
    static List<TokenEvent> contributing(List<TokenEvent> events, int textLength) {
        List<TokenEvent> out = new ArrayList<>();
        int before = 0;
        for (TokenEvent event : events) {
            if (before >= textLength) {
                break;
            }
            out.add(event);
            before += event.text().length();
        }
        return out;
    }

    /** Chat format: {@code {"content":[{"token","logprob","bytes","top_logprobs":[...]}],"refusal":null}}. */
    ObjectNode chat(List<TokenEvent> tokens, int top) {
        ObjectNode logprobs = Json.object();
        ArrayNode content = logprobs.putArray("content");
        for (TokenEvent event : tokens) {
            ObjectNode entry = tokenEntry(generator.tokenText(event.id()), event.logprob());
            ArrayNode alternatives = entry.putArray("top_logprobs");
            for (TopToken alternative : event.top().subList(0, Math.min(top, event.top().size()))) {
                alternatives.add(tokenEntry(alternative.text(), logprob(event, alternative)));
            }
            content.add(entry);
        }
        logprobs.putNull("refusal");
        return logprobs;
    }

    private static ObjectNode tokenEntry(String token, double logprob) {
        ObjectNode entry = Json.object();
        entry.put("token", token);
        entry.put("logprob", logprob);
        ArrayNode bytes = entry.putArray("bytes");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return entry;
    }

    /**
     * Legacy format: {@code {"tokens","token_logprobs","top_logprobs","text_offset"}}; each top map holds the
     * {@code top} most probable tokens and the chosen one, as OpenAI's does.
     */
    ObjectNode legacy(List<TokenEvent> tokens, int top, int textOffset) {
        return legacy(PromptScoring.Score.NONE, tokens, top, textOffset);
    }

    /**
     * Legacy format with the echoed prompt's tokens first (from offset 0); a first prompt token nothing predicts
     * has a null log-probability, as at OpenAI.
     */
    ObjectNode legacy(PromptScoring.Score prompt, List<TokenEvent> tokens, int top, int textOffset) {
        ObjectNode logprobs = Json.object();
        ArrayNode texts = logprobs.putArray("tokens");
        ArrayNode values = logprobs.putArray("token_logprobs");
        ArrayNode tops = logprobs.putArray("top_logprobs");
        ArrayNode offsets = logprobs.putArray("text_offset");
        int offset = 0;
        if (prompt.unscoredFirst() >= 0) {
            String text = generator.tokenText(prompt.unscoredFirst());
            texts.add(text);
            values.addNull();
            tops.addNull();
            offsets.add(0);
            offset = text.length();
        }
        for (TokenEvent event : prompt.scored()) {
            offset = legacyEntry(event, top, offset, texts, values, tops, offsets);
        }
        offset = textOffset; // the generated text starts right after the echoed prompt
        for (TokenEvent event : tokens) {
            offset = legacyEntry(event, top, offset, texts, values, tops, offsets);
        }
        return logprobs;
    }

    private int legacyEntry(TokenEvent event, int top, int offset, ArrayNode texts, ArrayNode values, ArrayNode tops, ArrayNode offsets) {
        String text = generator.tokenText(event.id());
        texts.add(text);
        values.add((double) event.logprob());
        ObjectNode alternatives = tops.addObject();
        for (TopToken alternative : event.top().subList(0, Math.min(top, event.top().size()))) {
            alternatives.put(alternative.text(), logprob(event, alternative));
        }
        alternatives.put(text, (double) event.logprob());
        offsets.add(offset);
        return offset + event.text().length();
    }

    /** The chosen token's own log-probability when the alternative is it (computed from the logits, exact). */
    private static double logprob(TokenEvent event, TopToken alternative) {
        return alternative.id() == event.id() ? event.logprob() : log(alternative.prob());
    }

    static double log(float prob) {
        return prob > 0 ? Math.max(FLOOR, Math.log(prob)) : FLOOR;
    }
}
