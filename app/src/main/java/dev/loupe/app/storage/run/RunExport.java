package dev.loupe.app.storage.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.app.storage.JsonFields;
import dev.loupe.app.storage.SamplerSettingsJson;
import dev.loupe.app.storage.conversation.MessageId;
import java.util.List;
import java.util.Locale;

/**
 * Runs as CSV (for spreadsheets) and JSON (for scripts). Stateless and thread-safe.
 *
 * <p>CSV follows RFC 4180: a header row, comma separated, CRLF line ends, fields with commas, quotes or line
 * breaks in double quotes. The free-text columns (prompt preview, error) get a leading apostrophe when they
 * start with {@code = + - @}, so a spreadsheet shows them as text instead of running them as formulas.
 */
public final class RunExport {
    public static final String JSON_FORMAT = "loupe.runs";
    public static final int JSON_VERSION = 1;
    private static final List<String> CSV_HEADER = List.of("id", "started_at", "source", "model", "seed",
            "prompt_tokens", "generated_tokens", "ttft_ms", "tokens_per_second", "finish_reason", "error",
            "message_id", "prompt_preview", "settings_json");

    private RunExport() {}

    public static String csv(List<RunRecord> runs) {
        StringBuilder csv = new StringBuilder();
        row(csv, CSV_HEADER);
        for (RunRecord record : runs) {
            Run run = record.run();
            row(csv, List.of(
                    Long.toString(record.id()),
                    run.startedAt().toString(),
                    lower(run.source()),
                    run.modelId(),
                    Long.toString(run.seed()),
                    Integer.toString(run.promptTokens()),
                    Integer.toString(run.generatedTokens()),
                    Long.toString(run.ttftMillis()),
                    Double.toString(run.tokensPerSecond()),
                    run.finishReason().map(RunExport::lower).orElse(""),
                    text(run.error().orElse("")),
                    run.messageId().map(id -> Long.toString(id.value())).orElse(""),
                    text(run.promptPreview()),
                    SamplerSettingsJson.toJson(run.settings())));
        }
        return csv.toString();
    }

    /**
     * <pre>{"format":"loupe.runs","version":1,"runs":[{"id":…,"startedAt":…,"source":"chat","model":…,"seed":…,
     *   "promptPreview":…,"promptTokens":…,"generatedTokens":…,"ttftMillis":…,"tokensPerSecond":…,
     *   "finishReason":"eos"|null,"error":null|…,"messageId":null|…,"settings":{SamplerSettingsJson}}]}</pre>
     */
    public static String json(List<RunRecord> runs) {
        ObjectNode root = JsonFields.MAPPER.createObjectNode();
        root.put("format", JSON_FORMAT);
        root.put("version", JSON_VERSION);
        ArrayNode array = root.putArray("runs");
        for (RunRecord record : runs) {
            Run run = record.run();
            ObjectNode node = array.addObject();
            node.put("id", record.id());
            node.put("startedAt", run.startedAt().toString());
            node.put("source", lower(run.source()));
            node.put("model", run.modelId());
            node.put("seed", run.seed());
            node.put("promptPreview", run.promptPreview());
            node.put("promptTokens", run.promptTokens());
            node.put("generatedTokens", run.generatedTokens());
            node.put("ttftMillis", run.ttftMillis());
            node.put("tokensPerSecond", run.tokensPerSecond());
            node.put("finishReason", run.finishReason().map(RunExport::lower).orElse(null));
            node.put("error", run.error().orElse(null));
            node.put("messageId", run.messageId().map(MessageId::value).orElse(null));
            node.set("settings", SamplerSettingsJson.toTree(run.settings()));
        }
        try {
            return JsonFields.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Runs could not be written as JSON", e);
        }
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quote(fields.get(i)));
        }
        csv.append("\r\n");
    }

    private static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Free text a spreadsheet might take for a formula gets a leading apostrophe. */
    private static String text(String value) {
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
