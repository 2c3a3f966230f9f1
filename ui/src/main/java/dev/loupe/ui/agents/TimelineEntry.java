package dev.loupe.ui.agents;

import dev.loupe.agents.run.AgentStep;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.agents.run.StepType;
import dev.loupe.ui.format.Figures;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One card of the timeline: a thought, an action with its arguments, an observation or the answer. Its figures
 * (tokens, timings) and the step's full record arrive when the step is done; the record is kept by the last card of
 * the step, which shows it as the step's details. UI thread only.
 */
public final class TimelineEntry {
    private final AgentStep step;
    private final String argumentsJson;
    private final ReadOnlyStringWrapper figures = new ReadOnlyStringWrapper(this, "figures", "");
    private final ReadOnlyObjectWrapper<StepRecord> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyStringWrapper unparsedOutput = new ReadOnlyStringWrapper(this, "unparsedOutput", "");

    TimelineEntry(AgentStep step) {
        this.step = Objects.requireNonNull(step, "step");
        this.argumentsJson = step.arguments() == null ? "" : PrettyJson.write(step.arguments());
    }

    /**
     * Shows the figures of the finished step; {@code last} makes this card hold the step's details, and
     * {@code noAction} (the model's output named no tool that could run) shows what the model wrote on it.
     */
    void finish(StepRecord record, boolean last, boolean noAction) {
        // The observation of a step without an action stands for the whole step: it shows the step's generation.
        figures.set(figuresOf(noAction ? StepType.THOUGHT : step.type(), record));
        if (last) {
            details.set(record);
            if (noAction && step.type() == StepType.OBSERVATION) {
                unparsedOutput.set(record.rawOutput());
            }
        }
    }

    private static String figuresOf(StepType type, StepRecord record) {
        if (type == StepType.OBSERVATION) {
            return record.toolMillis() > 0 ? "tool " + Figures.millis(record.toolMillis()) : "";
        }
        return record.generatedTokens() + " tokens · " + Figures.millis(record.generationMillis()) + " · prompt "
                + record.promptTokens() + " tokens";
    }

    public int step() {
        return step.step();
    }

    public StepType type() {
        return step.type();
    }

    /** The tool of an action or observation, or null. */
    public String tool() {
        return step.tool();
    }

    /** An action's arguments as indented JSON; empty for the other kinds. */
    public String argumentsJson() {
        return argumentsJson;
    }

    /** The thought, observation or answer; empty for an action. */
    public String text() {
        return step.text();
    }

    /** Tokens and timings, once the step is done. */
    public ReadOnlyStringProperty figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    /** What the model wrote, on the observation of a step that was not a valid action; empty otherwise. */
    public ReadOnlyStringProperty unparsedOutputProperty() {
        return unparsedOutput.getReadOnlyProperty();
    }

    /** The whole step (prompt, raw output, parsed action, observation) on its last card; null elsewhere. */
    public ReadOnlyObjectProperty<StepRecord> detailsProperty() {
        return details.getReadOnlyProperty();
    }
}
