package dev.loupe.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The page of a workspace whose issue is not done yet: what it will hold, and nothing pretending to work. */
public final class ComingSoonView extends VBox {
    public ComingSoonView(Workspace workspace) {
        getStyleClass().add(LoupeStyles.COMING);
        Label title = new Label(workspace.title());
        title.getStyleClass().add(Styles.TITLE_2);
        Label soon = new Label("Not built yet");
        soon.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_BOLD);
        Label text = new Label(workspace.description());
        text.getStyleClass().add(LoupeStyles.COMING_TEXT);
        text.setMaxWidth(640);
        Label meanwhile = new Label(meanwhile(workspace));
        meanwhile.getStyleClass().add(LoupeStyles.COMING_TEXT);
        meanwhile.setMaxWidth(640);
        getChildren().addAll(title, soon, text, meanwhile);
    }

    private static String meanwhile(Workspace workspace) {
        return switch (workspace) {
            case COMPARE -> "Meanwhile, regenerate an answer in Chat with other settings and switch between the alternatives.";
            case DOCUMENTS -> "Meanwhile, paste the passage you want to ask about into a Chat message.";
            default -> "";
        };
    }
}
