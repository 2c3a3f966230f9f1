package dev.loupe.ui.agents;

import dev.loupe.agents.tool.Tool;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/** One row of the tool picker: a tool as the catalog describes it, and whether the user chose it. UI thread only. */
public final class ToolChoice {
    private final String name;
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper(this, "description", "");
    private final boolean sensitive;
    private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected");

    ToolChoice(Tool tool) {
        this(tool.name(), tool.description(), tool.sensitive());
    }

    /** A tool known by what it listed (an MCP server's), before its server runs. */
    ToolChoice(String name, String description, boolean sensitive) {
        this.name = Objects.requireNonNull(name, "name");
        this.description.set(description);
        this.sensitive = sensitive;
    }

    public String name() {
        return name;
    }

    /** The tool's one line, as the model reads it; the file tools' line names the granted folders. */
    public ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    /** Shows how the same tool describes itself for other grants. */
    void describe(Tool tool) {
        description.set(tool.description());
    }

    /** Whether each call waits for the user's approval. */
    public boolean sensitive() {
        return sensitive;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }

    @Override
    public String toString() {
        return name;
    }
}
