package dev.loupe.ui.dialog;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** A {@link Notice} with its action button ("Deleted “Trip”. Undo"); hidden while there is none. */
public final class NoticeBar extends HBox {
    public NoticeBar(ObservableValue<Notice> notice, Runnable dismiss) {
        getStyleClass().add(LoupeStyles.NOTICE_BAR);
        Label message = new Label();
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Button action = new Button();
        action.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
        action.setOnAction(e -> {
            Notice value = notice.getValue();
            if (value != null) {
                value.action().run();
            }
        });
        Button close = new Button("×");
        close.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        close.setOnAction(e -> dismiss.run());
        getChildren().addAll(message, action, close);
        Runnable update = () -> {
            Notice value = notice.getValue();
            message.setText(value == null ? "" : value.message());
            action.setText(value == null ? "" : value.actionLabel());
            setVisible(value != null);
            setManaged(value != null);
        };
        notice.addListener(o -> update.run());
        update.run();
    }
}
