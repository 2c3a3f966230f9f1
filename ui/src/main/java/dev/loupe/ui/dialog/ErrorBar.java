package dev.loupe.ui.dialog;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * An error's one sentence in a red bar, with "Details" when there are any and a button to dismiss it. Hidden
 * while there is no error.
 */
public final class ErrorBar extends HBox {
    public static final String ID_SUFFIX = "-error";

    public ErrorBar(ObservableValue<UserError> error, Runnable dismiss, DialogService dialogs) {
        getStyleClass().add(LoupeStyles.ERROR_BAR);
        Label message = new Label();
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Button details = new Button("Details");
        details.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        details.setOnAction(e -> {
            if (error.getValue() != null) {
                dialogs.showError(error.getValue());
            }
        });
        Button close = new Button("Dismiss");
        close.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        close.setOnAction(e -> dismiss.run());
        getChildren().addAll(message, details, close);
        Runnable update = () -> {
            UserError value = error.getValue();
            message.setText(value == null ? "" : value.message());
            details.setVisible(value != null && value.hasDetails());
            details.setManaged(details.isVisible());
            setVisible(value != null);
            setManaged(value != null);
        };
        error.addListener(o -> update.run());
        update.run();
    }
}
