package dev.loupe.ui.shell;

import javafx.beans.property.StringProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/**
 * The labelled setting fields of the side panels (chat sampler, agent setup): a two-column grid whose field column
 * takes the width, rows of a label and a text field bound to a view-model property, and section titles. One place,
 * so the panels look alike.
 */
public final class FieldGrid {
    private FieldGrid() {}

    /** An empty grid whose label column is at least {@code labelWidth} wide. */
    public static GridPane create(double labelWidth) {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(labelWidth);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, fields);
        return grid;
    }

    /** Adds a label and a field with id {@code id} bound both ways to {@code value}; both show {@code help}. */
    public static TextField row(GridPane grid, int row, String name, String id, StringProperty value, String help) {
        Label label = label(name);
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        Tooltip tooltip = new Tooltip(help);
        field.setTooltip(tooltip);
        label.setTooltip(tooltip);
        grid.add(label, 0, row);
        grid.add(field, 1, row);
        return field;
    }

    /** A field's label. */
    public static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(LoupeStyles.FIELD_LABEL);
        return label;
    }

    /** A section's title, as written (the panels write them in capitals). */
    public static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(LoupeStyles.SECTION_TITLE);
        return label;
    }
}
