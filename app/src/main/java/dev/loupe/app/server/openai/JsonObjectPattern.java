package dev.loupe.app.server.openai;

/**
 * A regular expression for {@code response_format: json_object}: any JSON object nested at most
 * {@value #DEPTH} levels deep, in the layout the JSON Schema compiler writes (no whitespace but one optional space
 * after {@code :} and {@code ,}; numbers of bounded length so that they end). JSON itself is not regular; bounding
 * the depth makes it so, and covers what a model is asked for in practice.
 */
final class JsonObjectPattern {
    static final int DEPTH = 3;

    private static final String STRING = "\"(?:[^\"\\\\\\x00-\\x1f]|\\\\[\"\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*\"";
    private static final String NUMBER = "-?(?:0|[1-9][0-9]{0,15})(?:\\.[0-9]{1,16})?(?:[eE][+-]?[0-9]{1,3})?";
    private static final String SCALAR = "(?:" + STRING + "|" + NUMBER + "|true|false|null)";

    private JsonObjectPattern() {}

    /** The pattern of an object whose values nest at most {@code depth - 1} further levels. */
    static String object(int depth) {
        return object(value(depth - 1), STRING);
    }

    private static String value(int depth) {
        if (depth == 0) {
            return SCALAR;
        }
        String inner = value(depth - 1);
        return "(?:" + SCALAR + "|" + object(inner, STRING) + "|" + array(inner) + ")";
    }

    private static String object(String value, String key) {
        String member = key + ": ?" + value;
        return "\\{(?:" + member + "(?:, ?" + member + ")*)?\\}";
    }

    private static String array(String value) {
        return "\\[(?:" + value + "(?:, ?" + value + ")*)?\\]";
    }
}
