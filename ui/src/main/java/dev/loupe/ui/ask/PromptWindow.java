package dev.loupe.ui.ask;

import atlantafx.base.theme.Styles;
import dev.loupe.rag.answer.AskMode;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.RetrieverScore;
import dev.loupe.ui.shell.LoupeStyles;
import java.util.Locale;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Everything an Ask answer was made from, in one window: the question and settings, the HyDE draft, every
 * retrieved passage with its fused and per-retriever scores (marked when it was left out of the prompt), and the
 * system and user prompt exactly as the model was given them. Closed with Esc.
 */
public final class PromptWindow {
    public static final String SYSTEM = "prompt-system";
    public static final String USER = "prompt-user";
    public static final String RETRIEVED = "prompt-retrieved";
    public static final String DRAFT = "prompt-draft";

    private PromptWindow() {}

    /** Opens the window over {@code owner}. UI thread. */
    public static Stage show(Window owner, AskRecord record) {
        VBox content = new VBox();
        content.getStyleClass().add(LoupeStyles.PROMPT_VIEW);
        content.getChildren().add(title("Question"));
        content.getChildren().add(wrapped(record.question() + "\n" + (record.mode() == AskMode.HYDE ? "HyDE" : "Plain")
                + " retrieval · top-k " + record.k() + " · collections " + String.join(", ", record.collections())));
        record.draft().ifPresent(draft -> {
            content.getChildren().add(title("HyDE draft (embedded to search)"));
            content.getChildren().add(area(DRAFT, draft, 4));
        });
        content.getChildren().add(title("Retrieved passages (" + record.retrieved().size() + ")"));
        VBox retrieved = new VBox(6);
        retrieved.setId(RETRIEVED);
        for (int i = 0; i < record.retrieved().size(); i++) {
            retrieved.getChildren().add(passage(i, record));
        }
        content.getChildren().add(retrieved);
        content.getChildren().add(title("System prompt"));
        content.getChildren().add(area(SYSTEM, record.systemPrompt(), 5));
        content.getChildren().add(title("User prompt: the numbered sources and the question"));
        content.getChildren().add(area(USER, record.userPrompt(), 16));
        Label how = new Label("Both are sent as chat messages through the model's chat template.");
        how.getStyleClass().add(LoupeStyles.HINT);
        content.getChildren().add(how);

        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Prompt of: " + record.question());
        Scene scene = new Scene(scroll, 760, 640);
        scene.getStylesheets().add(LoupeStyles.stylesheet());
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setScene(scene);
        stage.show();
        return stage;
    }

    private static Node passage(int index, AskRecord record) {
        Hit hit = record.retrieved().get(index);
        boolean inPrompt = index < record.sourceCount();
        String head = "#" + (index + 1) + (inPrompt ? "  [" + (index + 1) + "] " : "  (left out: did not fit the context) ")
                + hit.passage().location() + " · score " + format(hit.score()) + " · bm25 " + score(hit.bm25())
                + " · dense " + score(hit.dense());
        Label label = new Label(head);
        label.getStyleClass().add(Styles.TEXT_SMALL);
        label.setWrapText(true);
        Label text = wrapped(hit.passage().text().strip());
        text.getStyleClass().add(Styles.TEXT_MUTED);
        return new VBox(2, label, text);
    }

    private static String score(Optional<RetrieverScore> score) {
        return score.map(s -> format(s.score()) + " (#" + s.rank() + ")").orElse("–");
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static Label title(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    private static TextArea area(String id, String text, int rows) {
        TextArea area = new TextArea(text);
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(rows);
        return area;
    }
}
