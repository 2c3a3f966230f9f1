package dev.loupe.ui.agents;

import dev.loupe.agents.run.StepRecord;
import dev.loupe.agents.run.StepType;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One timeline card: step number, kind, figures and content; the last card of a step can be expanded to the step's
 * prompt, raw output, parsed action and observation.
 */
final class TimelineCardView extends VBox {
    static final String DETAILS = "step-details";

    TimelineCardView(TimelineEntry entry) {
        getStyleClass().addAll(LoupeStyles.AGENT_CARD, kindClass(entry.type()));
        getStyleClass().add("agent-" + entry.type().jsonName());
        Label step = new Label("Step " + entry.step());
        step.getStyleClass().add(LoupeStyles.AGENT_STEP);
        step.setMinWidth(Region.USE_PREF_SIZE);
        Label kind = new Label(kindText(entry));
        kind.getStyleClass().add(LoupeStyles.AGENT_KIND);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label figures = new Label();
        figures.getStyleClass().add(LoupeStyles.AGENT_FIGURES);
        figures.textProperty().bind(entry.figuresProperty());
        HBox header = new HBox(8, step, kind, spacer, figures);
        header.setAlignment(Pos.CENTER_LEFT);
        getChildren().add(header);
        if (entry.type() == StepType.ACTION) {
            getChildren().add(code(entry.argumentsJson()));
        } else {
            Label text = new Label(entry.text());
            text.setWrapText(true);
            text.setMinHeight(Region.USE_PREF_SIZE);
            if (entry.type() == StepType.OBSERVATION) {
                text.getStyleClass().add(LoupeStyles.AGENT_CODE);
            }
            getChildren().add(text);
        }
        if (entry.type() == StepType.OBSERVATION) {
            Label wrote = new Label("The model wrote:");
            wrote.getStyleClass().add(LoupeStyles.AGENT_FIGURES);
            Label output = new Label();
            output.getStyleClass().add(LoupeStyles.AGENT_CODE);
            output.setWrapText(true);
            output.setMinHeight(Region.USE_PREF_SIZE);
            output.textProperty().bind(entry.unparsedOutputProperty().map(String::strip));
            VBox unparsed = new VBox(2, wrote, output);
            unparsed.visibleProperty().bind(entry.unparsedOutputProperty().isNotEmpty());
            unparsed.managedProperty().bind(unparsed.visibleProperty());
            getChildren().add(unparsed);
        }
        entry.detailsProperty().addListener((obs, old, now) -> showDetails(now));
        showDetails(entry.detailsProperty().get());
    }

    private void showDetails(StepRecord record) {
        getChildren().removeIf(n -> DETAILS.equals(n.getId()));
        if (record != null) {
            getChildren().add(details(record));
        }
    }

    /** The whole step, collapsed until asked for. */
    private static Node details(StepRecord r) {
        VBox body = new VBox(6);
        body.getChildren().add(new Label(r.promptTokens() + " prompt tokens · " + r.generatedTokens()
                + " generated tokens · generation " + Figures.millis(r.generationMillis())
                + (r.toolMillis() > 0 ? " · tool " + Figures.millis(r.toolMillis()) : "")));
        section(body, "Prompt", r.prompt(), 8);
        section(body, "Raw model output", r.rawOutput(), 4);
        String parsed = r.answer() != null ? "answer: " + r.answer()
                : r.tool() == null ? "(no action: the output was not a valid step)"
                : r.tool() + " " + PrettyJson.write(r.arguments());
        section(body, "Parsed", (r.thought().isBlank() ? "" : "thought: " + r.thought() + "\n") + parsed, 3);
        if (r.observation() != null) {
            section(body, "Observation", r.observation(), 3);
        }
        TitledPane pane = new TitledPane("Step " + r.step() + " details: prompt, raw output, parsed action", body);
        pane.setExpanded(false);
        pane.setAnimated(false);
        VBox holder = new VBox(pane);
        holder.setId(DETAILS);
        holder.getStyleClass().add(LoupeStyles.AGENT_DETAILS);
        return holder;
    }

    private static void section(VBox body, String title, String text, int rows) {
        Label label = new Label(title);
        label.getStyleClass().add(LoupeStyles.SECTION_TITLE);
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(rows);
        body.getChildren().addAll(label, area);
    }

    static TextArea code(String json) {
        TextArea area = new TextArea(json);
        area.setEditable(false);
        area.getStyleClass().add(LoupeStyles.AGENT_CODE);
        area.setPrefRowCount((int) Math.min(10, Math.max(2, json.lines().count())));
        return area;
    }

    private static String kindText(TimelineEntry entry) {
        return switch (entry.type()) {
            case THOUGHT -> "Thought";
            case ACTION -> "Action · " + entry.tool();
            case OBSERVATION -> entry.tool() == null ? "Observation" : "Observation · " + entry.tool();
            case ANSWER -> "Answer";
        };
    }

    private static String kindClass(StepType type) {
        return switch (type) {
            case THOUGHT -> LoupeStyles.AGENT_THOUGHT;
            case ACTION -> LoupeStyles.AGENT_ACTION;
            case OBSERVATION -> LoupeStyles.AGENT_OBSERVATION;
            case ANSWER -> LoupeStyles.AGENT_ANSWER;
        };
    }
}
