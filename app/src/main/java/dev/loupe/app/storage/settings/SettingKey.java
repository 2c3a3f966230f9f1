package dev.loupe.app.storage.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.loupe.app.storage.JsonFields;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed app setting: its name in the database, its default, and how its value is written as JSON. Create
 * keys once, as constants ({@link SettingKeys}); two keys with the same name must have the same type.
 *
 * @param <T> the value's type; values are immutable
 */
public final class SettingKey<T> {
    private final String name;
    private final T defaultValue;
    private final Function<T, JsonNode> encoder;
    private final Function<JsonNode, T> decoder;

    private SettingKey(String name, T defaultValue, Function<T, JsonNode> encoder, Function<JsonNode, T> decoder) {
        if (name == null || !name.matches("[a-z][a-z0-9]*(\\.[a-z][a-zA-Z0-9]*)*")) {
            throw new IllegalArgumentException("a setting name is dotted lower camel case, like 'window.geometry', got " + name);
        }
        this.name = name;
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.encoder = encoder;
        this.decoder = decoder;
    }

    public static SettingKey<String> ofString(String name, String defaultValue) {
        return new SettingKey<>(name, defaultValue, TextNode::valueOf, node -> expect(node.isTextual(), node).textValue());
    }

    public static SettingKey<Boolean> ofBoolean(String name, boolean defaultValue) {
        return new SettingKey<>(name, defaultValue, BooleanNode::valueOf, node -> expect(node.isBoolean(), node).booleanValue());
    }

    public static SettingKey<Integer> ofInt(String name, int defaultValue) {
        return new SettingKey<>(name, defaultValue, IntNode::valueOf,
                node -> expect(node.isIntegralNumber() && node.canConvertToInt(), node).intValue());
    }

    public static SettingKey<Long> ofLong(String name, long defaultValue) {
        return new SettingKey<>(name, defaultValue, LongNode::valueOf,
                node -> expect(node.isIntegralNumber() && node.canConvertToLong(), node).longValue());
    }

    public static SettingKey<Double> ofDouble(String name, double defaultValue) {
        return new SettingKey<>(name, defaultValue, DoubleNode::valueOf,
                node -> JsonFields.toDouble(node, name, "the setting " + name));
    }

    /** An enum stored by constant name, so renaming a constant is a migration. */
    public static <E extends Enum<E>> SettingKey<E> ofEnum(String name, Class<E> type, E defaultValue) {
        return new SettingKey<>(name, defaultValue, value -> TextNode.valueOf(value.name()),
                node -> Enum.valueOf(type, expect(node.isTextual(), node).textValue().toUpperCase(Locale.ROOT)));
    }

    /** A record (or any Jackson-mappable value) stored as a JSON object of its components. */
    public static <R> SettingKey<R> ofRecord(String name, Class<R> type, R defaultValue) {
        return new SettingKey<>(name, defaultValue, JsonFields.MAPPER::valueToTree, node -> {
            try {
                return JsonFields.MAPPER.treeToValue(node, type);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            }
        });
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    JsonNode encode(T value) {
        return encoder.apply(Objects.requireNonNull(value, "value"));
    }

    /** @throws IllegalArgumentException (or another runtime exception) when the JSON does not fit the type */
    T decode(JsonNode node) {
        return Objects.requireNonNull(decoder.apply(node), "decoded value");
    }

    private static JsonNode expect(boolean ok, JsonNode node) {
        if (!ok) {
            throw new IllegalArgumentException("unexpected JSON " + node.getNodeType());
        }
        return node;
    }

    @Override
    public String toString() {
        return "setting " + name;
    }
}
