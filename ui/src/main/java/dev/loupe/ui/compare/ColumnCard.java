package dev.loupe.ui.compare;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.chat.SamplerPreset;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One column of the Compare workspace: its letter, model, preset, the four sampler fields, the seed, and the answer
 * as it streams in. Ids end with the column's letter ({@code #compare-answer-B}) and follow it when columns move.
 */
final class ColumnCard extends VBox {
    static final String ANSWER = "compare-answer-";
    static final String MODEL = "compare-model-";
    static final String PRESET = "compare-preset-";
    static final String TEMPERATURE = "compare-temperature-";
    static final String SEED = "compare-seed-";
    static final String REMOVE = "compare-remove-";
    static final String SEND = "compare-send-";

    ColumnCard(CompareViewModel compare, CompareColumnViewModel column) {
        getStyleClass().add(LoupeStyles.COMPARE_COLUMN);
        ObservableValue<String> letter = column.labelProperty();

        Label name = new Label();
        name.textProperty().bind(letter);
        name.getStyleClass().add(LoupeStyles.COMPARE_LETTER);
        Label status = new Label();
        status.textProperty().bind(column.statusProperty());
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button send = new Button("To chat");
        send.idProperty().bind(letter.map(l -> SEND + l));
        send.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        send.setTooltip(new Tooltip("Start a chat with the prompt and this answer, and open it."));
        send.disableProperty().bind(column.metricsProperty().isNull());
        send.setOnAction(e -> compare.sendToChat(column));
        Button remove = new Button("✕");
        remove.idProperty().bind(letter.map(l -> REMOVE + l));
        remove.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        remove.setTooltip(new Tooltip("Remove this column (at least two stay)."));
        remove.disableProperty().bind(compare.canRemoveColumnProperty().not());
        remove.setOnAction(e -> compare.removeColumn(column));
        HBox header = new HBox(8, name, status, spacer, send, remove);
        header.setAlignment(Pos.CENTER_LEFT);

        ComboBox<ModelChoice> model = new ComboBox<>(compare.models());
        model.idProperty().bind(letter.map(l -> MODEL + l));
        model.setMaxWidth(Double.MAX_VALUE);
        model.valueProperty().bindBidirectional(column.modelProperty());
        model.setTooltip(new Tooltip("The model of this column. Columns on the same model share the prompt's prefill; "
                + "another model is loaded for its columns and closed afterwards."));
        ComboBox<SamplerPreset> preset = new ComboBox<>(compare.presets());
        preset.idProperty().bind(letter.map(l -> PRESET + l));
        preset.setMaxWidth(Double.MAX_VALUE);
        preset.setPromptText("Preset");
        preset.setValue(column.presetProperty().get());
        column.presetProperty().addListener((obs, old, now) -> preset.setValue(now));
        preset.setOnAction(e -> {
            SamplerPreset chosen = preset.getValue();
            if (chosen != null && chosen != column.presetProperty().get()) {
                column.applyPreset(chosen);
            }
        });
        preset.setTooltip(new Tooltip("Fills the fields below; penalties and the rest come from the preset."));

        GridPane fields = new GridPane();
        fields.setHgap(6);
        fields.setVgap(4);
        for (int i = 0; i < 4; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setHgrow(i % 2 == 1 ? Priority.ALWAYS : Priority.NEVER);
            fields.getColumnConstraints().add(c);
        }
        field(fields, 0, 0, "Temp", TEMPERATURE, letter, column.temperatureProperty(), "Temperature: 0 is greedy, higher varies more.");
        field(fields, 2, 0, "Top-p", "compare-topP-", letter, column.topPProperty(), "Keep the fewest tokens whose probabilities add up to P; 1 turns it off.");
        field(fields, 0, 1, "Top-k", "compare-topK-", letter, column.topKProperty(), "Keep the K most probable tokens; 0 turns it off.");
        field(fields, 2, 1, "Min-p", "compare-minP-", letter, column.minPProperty(), "Drop tokens less than P times as probable as the best; 0 turns it off.");
        TextField seed = field(fields, 0, 2, "Seed", SEED, letter, column.seedProperty(), "This column's seed; the locked seed replaces it while the lock is on.");
        seed.disableProperty().bind(compare.seedLockedProperty());

        TextArea answer = new TextArea();
        answer.idProperty().bind(letter.map(l -> ANSWER + l));
        answer.setEditable(false);
        answer.setWrapText(true);
        answer.textProperty().bind(column.answerProperty());
        answer.setPromptText("The answer streams in here.");
        answer.getStyleClass().add(LoupeStyles.COMPARE_ANSWER);
        VBox.setVgrow(answer, Priority.ALWAYS);

        getChildren().addAll(header, model, preset, fields, answer);
        setMinWidth(200);
        setMaxWidth(Double.MAX_VALUE);
    }

    private static TextField field(GridPane grid, int col, int row, String name, String idPrefix, ObservableValue<String> letter,
                              StringProperty value, String help) {
        Label label = new Label(name);
        label.getStyleClass().add(LoupeStyles.FIELD_LABEL);
        TextField field = new TextField();
        field.idProperty().bind(letter.map(l -> idPrefix + l));
        field.textProperty().bindBidirectional(value);
        field.setPrefColumnCount(4);
        Tooltip tip = new Tooltip(help);
        field.setTooltip(tip);
        label.setTooltip(tip);
        grid.add(label, col, row);
        grid.add(field, col + 1, row);
        return field;
    }
}
