package dev.loupe.ui.inspect;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.loupe.inference.TopToken;
import java.util.List;
import java.util.Locale;

/**
 * The token table of an inspected answer as CSV (one row per token, alternatives as "text:prob" pairs) and as JSON
 * (the same fields, alternatives as objects). Probabilities are under the model's raw distribution; log-probability,
 * entropy and surprisal in nats. Pure; any thread.
 */
public final class TokenTable {
    private TokenTable() {}

    static final String CSV_HEADER = "step,position,id,text,prob,logprob,surprisal,rank,entropy,top";

    public static String csv(List<TokenRow> rows) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (TokenRow r : rows) {
            StringBuilder top = new StringBuilder();
            for (TopToken t : r.top()) {
                top.append(top.isEmpty() ? "" : " | ").append(t.text()).append(':').append(number(t.prob()));
            }
            out.append(r.step()).append(',').append(r.position()).append(',').append(r.id()).append(',').append(csvField(r.text())).append(',')
                    .append(number(r.probability())).append(',').append(number(r.logProbability())).append(',').append(number(r.surprisal()))
                    .append(',').append(r.rank()).append(',').append(number(r.entropy())).append(',').append(csvField(top.toString())).append('\n');
        }
        return out.toString();
    }

    /** {"perplexity","mean_logprob","tokens":[{"step","position","id","text","prob","logprob","surprisal","rank","entropy","top":[{"id","text","prob"}]}]}. */
    public static String json(List<TokenRow> rows, double perplexity, double meanLogProbability) {
        StringBuilder out = new StringBuilder("{\"perplexity\":").append(number(perplexity)).append(",\"mean_logprob\":")
                .append(number(meanLogProbability)).append(",\"tokens\":[");
        for (int i = 0; i < rows.size(); i++) {
            TokenRow r = rows.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("{\"step\":").append(r.step()).append(",\"position\":").append(r.position())
                    .append(",\"id\":").append(r.id()).append(",\"text\":").append(jsonString(r.text()))
                    .append(",\"prob\":").append(number(r.probability())).append(",\"logprob\":").append(number(r.logProbability()))
                    .append(",\"surprisal\":").append(number(r.surprisal())).append(",\"rank\":").append(r.rank())
                    .append(",\"entropy\":").append(number(r.entropy())).append(",\"top\":[");
            for (int t = 0; t < r.top().size(); t++) {
                TopToken alt = r.top().get(t);
                out.append(t == 0 ? "" : ",").append("{\"id\":").append(alt.id()).append(",\"text\":").append(jsonString(alt.text()))
                        .append(",\"prob\":").append(number(alt.prob())).append('}');
            }
            out.append("]}");
        }
        return out.append("\n]}\n").toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null";
    }

    private static String csvField(String text) {
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") || text.startsWith(" ") || text.endsWith(" ");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** {@code text} as a quoted JSON string, escaped by Jackson's encoder. */
    static String jsonString(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
