package dev.loupe.app.storage.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.app.storage.JsonFields;
import dev.loupe.app.storage.SamplerSettingsJson;
import dev.loupe.app.storage.StorageException;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TopToken;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@link ConversationTree} as a JSON file: the full tree, every branch, generation setup, timings and tokens.
 * <pre>
 * {"format":"loupe.conversation","version":1,"title":…,"systemPrompt":…,"model":…|null,
 *  "createdAt":"2025-03-01T10:00:00Z","updatedAt":…,
 *  "messages":[{"ref":1,"parent":null,"role":"user","status":"complete","createdAt":…,"active":true,"content":…,
 *               "generation":{"model":…,"seed":42,"preset":…|null,"settings":{SamplerSettingsJson}},
 *               "timings":{"promptTokens":…,"generatedTokens":…,"ttftMillis":…,"tokensPerSecond":…,"finishReason":"eos"},
 *               "tokens":[{"id":…,"text":…,"prob":…,"logprob":…,"entropy":…,"top":[{"id":…,"text":…,"prob":…}]}]}]}
 * </pre>
 * {@code generation} and {@code timings} appear only where the message has them; a token's index is its
 * position. Writing then reading gives an equal tree, floats bit for bit. Stateless and thread-safe.
 */
public final class ConversationJson {
    public static final String FORMAT = "loupe.conversation";
    public static final int VERSION = 1;
    private static final String WHAT = "the conversation file";

    private ConversationJson() {}

    public static String write(ConversationTree tree) {
        ObjectNode root = JsonFields.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("title", tree.title());
        root.put("systemPrompt", tree.systemPrompt());
        root.put("model", tree.modelId().orElse(null));
        root.put("createdAt", tree.createdAt().toString());
        root.put("updatedAt", tree.updatedAt().toString());
        ArrayNode messages = root.putArray("messages");
        for (ConversationTree.Node node : tree.nodes()) {
            ObjectNode m = messages.addObject();
            m.put("ref", node.ref());
            if (node.parentRef().isPresent()) {
                m.put("parent", node.parentRef().getAsInt());
            } else {
                m.putNull("parent");
            }
            m.put("role", lower(node.role()));
            m.put("status", lower(node.status()));
            m.put("createdAt", node.createdAt().toString());
            m.put("active", node.active());
            m.put("content", node.content());
            node.generation().ifPresent(g -> {
                ObjectNode generation = m.putObject("generation");
                generation.put("model", g.modelId());
                generation.put("seed", g.seed());
                generation.put("preset", g.presetName().orElse(null));
                generation.set("settings", SamplerSettingsJson.toTree(g.settings()));
            });
            node.timings().ifPresent(t -> {
                ObjectNode timings = m.putObject("timings");
                timings.put("promptTokens", t.promptTokens());
                timings.put("generatedTokens", t.generatedTokens());
                timings.put("ttftMillis", t.ttftMillis());
                timings.put("tokensPerSecond", t.tokensPerSecond());
                timings.put("finishReason", lower(t.finishReason()));
            });
            ArrayNode tokens = m.putArray("tokens");
            for (TokenEvent token : node.tokens()) {
                ObjectNode t = tokens.addObject();
                t.put("id", token.id());
                t.put("text", token.text());
                t.put("prob", token.prob());
                t.put("logprob", token.logprob());
                t.put("entropy", token.entropy());
                ArrayNode top = t.putArray("top");
                for (TopToken alternative : token.top()) {
                    top.addObject().put("id", alternative.id()).put("text", alternative.text()).put("prob", alternative.prob());
                }
            }
        }
        try {
            return JsonFields.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A conversation tree could not be written as JSON", e);
        }
    }

    /**
     * @throws StorageException when the text is not a Loupe conversation file of a version this build reads,
     *     or a field is missing, mistyped or inconsistent; the message names the problem
     */
    public static ConversationTree read(String json) {
        JsonNode root = JsonFields.parse(json, WHAT);
        if (!root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new StorageException("This file is not a Loupe conversation export; choose a .json file that Loupe exported.");
        }
        int version = JsonFields.intValue(root, "version", WHAT);
        if (version > VERSION) {
            throw new StorageException("This conversation was exported by a newer Loupe (format " + version
                    + "); update Loupe to import it.");
        }
        try {
            List<ConversationTree.Node> nodes = new ArrayList<>();
            for (JsonNode m : array(root, "messages")) {
                nodes.add(readNode(m));
            }
            return new ConversationTree(
                    JsonFields.text(root, "title", WHAT),
                    JsonFields.text(root, "systemPrompt", WHAT),
                    optionalText(root, "model"),
                    instant(root, "createdAt"),
                    instant(root, "updatedAt"),
                    nodes);
        } catch (IllegalArgumentException e) {
            throw new StorageException("Loupe could not import " + WHAT + " because " + e.getMessage()
                    + "; it may have been edited by hand.", e);
        }
    }

    private static ConversationTree.Node readNode(JsonNode m) {
        JsonNode parent = m.get("parent");
        OptionalInt parentRef = parent == null || parent.isNull()
                ? OptionalInt.empty()
                : OptionalInt.of(JsonFields.intValue(m, "parent", WHAT));
        Optional<GenerationSetup> generation = Optional.empty();
        JsonNode g = m.get("generation");
        if (g != null && !g.isNull()) {
            generation = Optional.of(new GenerationSetup(
                    JsonFields.text(g, "model", WHAT),
                    SamplerSettingsJson.fromTree(JsonFields.required(g, "settings", WHAT)),
                    JsonFields.longValue(g, "seed", WHAT),
                    optionalText(g, "preset")));
        }
        Optional<Timings> timings = Optional.empty();
        JsonNode t = m.get("timings");
        if (t != null && !t.isNull()) {
            timings = Optional.of(new Timings(
                    JsonFields.intValue(t, "promptTokens", WHAT),
                    JsonFields.intValue(t, "generatedTokens", WHAT),
                    JsonFields.longValue(t, "ttftMillis", WHAT),
                    JsonFields.doubleValue(t, "tokensPerSecond", WHAT),
                    constant(FinishReason.class, JsonFields.text(t, "finishReason", WHAT))));
        }
        List<TokenEvent> tokens = new ArrayList<>();
        for (JsonNode token : array(m, "tokens")) {
            List<TopToken> top = new ArrayList<>();
            for (JsonNode alternative : array(token, "top")) {
                top.add(new TopToken(JsonFields.intValue(alternative, "id", WHAT), JsonFields.text(alternative, "text", WHAT),
                        JsonFields.floatValue(alternative, "prob", WHAT)));
            }
            tokens.add(new TokenEvent(tokens.size(), JsonFields.intValue(token, "id", WHAT),
                    JsonFields.text(token, "text", WHAT), JsonFields.floatValue(token, "prob", WHAT),
                    JsonFields.floatValue(token, "logprob", WHAT), JsonFields.floatValue(token, "entropy", WHAT), top));
        }
        return new ConversationTree.Node(
                JsonFields.intValue(m, "ref", WHAT),
                parentRef,
                constant(Role.class, JsonFields.text(m, "role", WHAT)),
                JsonFields.text(m, "content", WHAT),
                constant(MessageStatus.class, JsonFields.text(m, "status", WHAT)),
                instant(m, "createdAt"),
                generation,
                timings,
                tokens,
                JsonFields.booleanValue(m, "active", WHAT));
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = JsonFields.required(node, field, WHAT);
        if (!value.isArray()) {
            throw new StorageException("Loupe could not read " + WHAT + " because the field \"" + field
                    + "\" is not a list; it may have been edited by hand.");
        }
        return value;
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(JsonFields.text(node, field, WHAT));
    }

    private static Instant instant(JsonNode node, String field) {
        String text = JsonFields.text(node, field, WHAT);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new StorageException("Loupe could not read " + WHAT + " because \"" + field + "\" is not a time: "
                    + text + "; it may have been edited by hand.", e);
        }
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StorageException("Loupe could not read " + WHAT + " because \"" + text + "\" is not a known "
                    + type.getSimpleName() + "; it may come from a newer Loupe.", e);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
