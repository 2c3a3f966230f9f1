package dev.loupe.inference.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.constrain.AutomatonConstraint;
import dev.loupe.inference.constrain.JsonSchemaCompiler;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arena-style judge: a model reads a prompt, two to four answers labelled A, B, C, D and plain-language criteria,
 * and names the better answer with a short reason. Its output is constrained to the JSON Schema
 * {@code {"winner": enum of the labels, "reason": string}} (winner first), so the verdict names one of the answers
 * whatever the model, however small; greedy decoding makes it repeatable. Answers too long for the judge's context are
 * cut, each to the same length, and the verdict says so.
 */
public final class ArenaJudge {
    /** What the judge weighs when the user gives no criteria. */
    public static final String DEFAULT_CRITERIA = "Prefer the answer that follows the prompt, stays on topic, reads "
            + "naturally and does not repeat itself.";
    public static final int MIN_ANSWERS = 2;
    public static final int MAX_ANSWERS = 4;
    /** Longest reason the schema lets the judge write, in characters. */
    static final int REASON_MAX_CHARS = 100;
    /** Room for the JSON around the longest reason, even one token per character. */
    static final int MAX_NEW_TOKENS = REASON_MAX_CHARS + 40;
    /** Answers are never cut below this many characters; a prompt that does not fit then is refused. */
    static final int MIN_ANSWER_CHARS = 24;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WINNER = Pattern.compile("\"winner\": ?\"([A-D])\"");
    private static final Pattern REASON = Pattern.compile("\"reason\": ?\"(.*)", Pattern.DOTALL);

    private ArenaJudge() {}

    /** The label of answer {@code index}: "A" for 0. */
    public static String label(int index) {
        return String.valueOf((char) ('A' + index));
    }

    /**
     * Judges {@code answers} to {@code prompt} with {@code judge}. Blocks for one generation (never on the UI thread).
     *
     * @param criteria what makes an answer better, in plain language; blank uses {@link #DEFAULT_CRITERIA}
     * @throws PromptTooLongException when the prompt alone leaves no room for the answers in the judge's context
     * @throws InvalidSettingsException when there are fewer than two or more than four answers
     */
    public static JudgeVerdict judge(TextGenerator judge, String prompt, List<String> answers, String criteria, CancellationToken cancel,
                                     TokenListener listener) {
        if (answers.size() < MIN_ANSWERS || answers.size() > MAX_ANSWERS) {
            throw new InvalidSettingsException("the judge compares " + MIN_ANSWERS + " to " + MAX_ANSWERS + " answers, got " + answers.size());
        }
        String rules = criteria == null || criteria.isBlank() ? DEFAULT_CRITERIA : criteria.strip();
        int longest = answers.stream().mapToInt(String::length).max().orElse(0);
        int limit = Math.max(longest, MIN_ANSWER_CHARS);
        Prompt request = prompt(prompt, answers, rules, limit);
        int room = judge.contextTokens() - MAX_NEW_TOKENS;
        int tokens = judge.encode(request).length;
        while (tokens > room && limit > MIN_ANSWER_CHARS) {
            limit = Math.max(MIN_ANSWER_CHARS, limit * 3 / 4);
            request = prompt(prompt, answers, rules, limit);
            tokens = judge.encode(request).length;
        }
        if (tokens > room) {
            throw new PromptTooLongException(tokens, MAX_NEW_TOKENS, judge.contextTokens());
        }
        var constraint = new AutomatonConstraint(JsonSchemaCompiler.compile(schema(answers.size())), judge.pieces(), judge.stopTokens());
        var generation = new GenerationRequest(request, SamplerSettings.GREEDY, 0, MAX_NEW_TOKENS, List.of(), 0, constraint);
        GenerationResult result = judge.generate(generation, cancel, listener);
        return verdict(result.text(), answers.size(), limit < longest);
    }

    /** The schema of a verdict over {@code count} answers: the winner first, so it is decided within a few tokens. */
    static ObjectNode schema(int count) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode labels = properties.putObject("winner").putArray("enum");
        for (int i = 0; i < count; i++) {
            labels.add(label(i));
        }
        properties.putObject("reason").put("type", "string").put("maxLength", REASON_MAX_CHARS);
        schema.putArray("required").add("winner").add("reason");
        return schema;
    }

    private static Prompt prompt(String prompt, List<String> answers, String criteria, int answerChars) {
        StringBuilder text = new StringBuilder("Judge which answer to the prompt is better. ").append(criteria)
                .append("\n\nPrompt:\n").append(prompt.strip()).append('\n');
        for (int i = 0; i < answers.size(); i++) {
            String answer = answers.get(i).strip();
            if (answer.length() > answerChars) {
                answer = answer.substring(0, answerChars) + "…";
            }
            text.append("\nAnswer ").append(label(i)).append(":\n").append(answer).append('\n');
        }
        text.append("\nReply in JSON with the letter of the better answer as \"winner\" and a short \"reason\".\n");
        return Prompt.chat(List.of(ChatMessage.user(text.toString())));
    }

    /**
     * Reads the judge's output. It is a complete match of the schema unless the generation was cut short (cancelled);
     * the winner comes first and is read from whatever was written.
     */
    static JudgeVerdict verdict(String output, int count, boolean shortened) {
        try {
            JsonNode node = JSON.readTree(output);
            if (node != null && node.path("winner").isTextual()) {
                return new JudgeVerdict(index(node.get("winner").asText(), count), node.path("reason").asText(""), output, shortened);
            }
        } catch (JsonProcessingException cut) {
            // Cut short: fall through to reading the prefix.
        }
        Matcher winner = WINNER.matcher(output);
        if (!winner.find()) {
            throw new LoupeException("The judge stopped before naming an answer; run it again and let it finish.");
        }
        Matcher reason = REASON.matcher(output);
        String partial = reason.find() ? reason.group(1).replace("\\\"", "\"") + "…" : "";
        return new JudgeVerdict(index(winner.group(1), count), partial, output, shortened);
    }

    private static int index(String label, int count) {
        int index = label.length() == 1 ? label.charAt(0) - 'A' : -1;
        if (index < 0 || index >= count) {
            throw new LoupeException("The judge named answer " + label + ", which is not one of the " + count + " compared.");
        }
        return index;
    }
}
