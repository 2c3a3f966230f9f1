package dev.loupe.ui.agents;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the model of a run calls its tools, as the setup panel offers it: {@link #AUTO} picks the chat template's
 * native {@code <tool_call>} format when the template handles tools and Loupe's JSON step otherwise (decision 0057).
 * The ids are those of {@code loupe agent --tool-format} and are what the setup stores.
 */
public enum ToolFormatChoice {
    AUTO("auto", "Auto"),
    REACT("react", "JSON steps"),
    NATIVE("native", "Native tool calls");

    private final String id;
    private final String label;

    ToolFormatChoice(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The stored id: {@code auto}, {@code react} or {@code native}. */
    public String id() {
        return id;
    }

    /** The choice of a stored id; {@link #AUTO} for null or an id this version does not know. */
    public static ToolFormatChoice fromId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.id.equals(wanted)).findFirst().orElse(AUTO);
    }

    @Override
    public String toString() {
        return label;
    }
}
