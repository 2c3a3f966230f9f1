package dev.loupe.ui.agents;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One MCP server of the setup panel: how it starts, the tools it listed (chosen like built-in ones), and how its
 * last connection went, an error being one sentence on the row. UI thread only.
 */
public final class McpServerRow {
    private McpServerSetup server;
    private final ObservableList<ToolChoice> tools = FXCollections.observableArrayList();
    private final ObservableList<ToolChoice> toolsView = FXCollections.unmodifiableObservableList(tools);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper connecting = new ReadOnlyBooleanWrapper(this, "connecting");

    McpServerRow(McpServerSetup server) {
        this.server = Objects.requireNonNull(server, "server");
        status.set(server.tools().isEmpty() ? "Not connected yet: connect to list its tools."
                : listed(server.tools().size()) + " when last connected.");
    }

    /** The name the user gave, or the program's file name. */
    public String label() {
        return server.label();
    }

    public String commandLine() {
        return server.commandLine();
    }

    /** Whether its tools run without asking. */
    public boolean trusted() {
        return server.trusted();
    }

    /** The server as the setup stores it, with the tools it listed last. */
    McpServerSetup setup() {
        return server;
    }

    /** The tools it listed, as choices. */
    public ObservableList<ToolChoice> tools() {
        return toolsView;
    }

    void showTools(List<ToolChoice> choices) {
        tools.setAll(choices);
    }

    void connecting() {
        connecting.set(true);
        error.set("");
        status.set("Starting the server and listing its tools…");
    }

    void listed(McpServerSetup now) {
        server = now;
        connecting.set(false);
        error.set("");
        status.set(listed(now.tools().size()) + ".");
    }

    void failed(String sentence) {
        connecting.set(false);
        error.set(sentence);
        status.set("");
    }

    private static String listed(int count) {
        return count + (count == 1 ? " tool" : " tools") + " listed";
    }

    /** How the last connection went ("3 tools listed."); empty while there is an error. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last connection failed, in one sentence; empty when it did not. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectingProperty() {
        return connecting.getReadOnlyProperty();
    }
}
