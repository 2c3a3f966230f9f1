package dev.loupe.ui.ask;

import atlantafx.base.theme.Styles;
import dev.loupe.rag.answer.AskMode;
import dev.loupe.rag.answer.Source;
import dev.loupe.rag.index.Passage;
import dev.loupe.rag.search.Hit;
import dev.loupe.ui.shell.LoupeStyles;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The numbered sources under an Ask answer: file, page, heading path and score of each, a click opening the
 * passage in its document; a note when retrieved passages were left out for the context; and "Show prompt".
 */
public final class SourcesView extends VBox {
    public static final String SOURCE = "ask-source";
    public static final String SHOW_PROMPT = "show-prompt";
    public static final String SUMMARY = "ask-sources-summary";

    /**
     * @param openPassage opens a passage in its document
     * @param showPrompt shows the record's prompt and retrieved passages
     */
    public SourcesView(AskRecord record, Consumer<Passage> openPassage, Consumer<AskRecord> showPrompt) {
        getStyleClass().add(LoupeStyles.SOURCES);
        Label summary = new Label(summary(record));
        summary.setId(SUMMARY);
        summary.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        summary.setWrapText(true);
        summary.setMinWidth(0);
        Button prompt = new Button("Show prompt");
        prompt.getStyleClass().addAll(Styles.SMALL, Styles.FLAT, SHOW_PROMPT);
        prompt.setTooltip(new Tooltip("The retrieved passages with their scores and the exact prompt the model saw."));
        prompt.setOnAction(e -> showPrompt.accept(record));
        prompt.setMinWidth(Region.USE_PREF_SIZE);
        HBox header = new HBox(8, summary, prompt);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().add(header);
        for (Source source : record.sources()) {
            Hit hit = record.retrieved().get(source.number() - 1);
            Hyperlink link = new Hyperlink(label(source, hit));
            link.getStyleClass().add(SOURCE);
            link.setWrapText(true);
            link.setTooltip(new Tooltip(source.passage().source() + "\n\n" + preview(source.passage().text())));
            link.setOnAction(e -> openPassage.accept(source.passage()));
            getChildren().add(link);
        }
    }

    /** "[2] notes.pdf, p. 3, Methods > Sampling · score 0.032". */
    static String label(Source source, Hit hit) {
        return "[" + source.number() + "] " + source.passage().location() + " · score "
                + String.format(Locale.ROOT, "%.3f", hit.score());
    }

    private static String summary(AskRecord record) {
        if (record.retrieved().isEmpty()) {
            return "No passages were found: the answer is not grounded in any source.";
        }
        if (record.sourceCount() == 0) {
            return "None of the " + record.retrieved().size() + " retrieved passages fitted the model's context next "
                    + "to the answer's token budget, so the answer is not grounded in any source; lower Max tokens "
                    + "and ask again.";
        }
        String text = "Sources (" + record.sourceCount() + " of " + record.retrieved().size() + " retrieved, "
                + (record.mode() == AskMode.HYDE ? "HyDE" : "plain") + ")";
        if (record.leftOut() > 0) {
            text += " · " + record.leftOut() + (record.leftOut() == 1 ? " passage" : " passages")
                    + " left out: it did not fit the model's context";
        }
        return text;
    }

    private static String preview(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 299) + "…";
    }
}
