package dev.loupe.agents.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.agents.tool.Tool;
import dev.loupe.inference.CancellationToken;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Locale;

/**
 * One tool of an MCP server as a Loupe {@link Tool}. The name is the server's, in lower case with every character
 * other than a letter, digit or underscore written as {@code _} (the model writes names the runner can match);
 * the call uses the server's own name. The schema is the server's input schema, with
 * {@code additionalProperties: false} when it says nothing, so the model does not invent arguments. Thread-safe.
 */
final class McpTool implements Tool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final McpConnection server;
    private final String serverName;
    private final String name;
    private final String description;
    private final ObjectNode schema;
    private final boolean sensitive;

    private McpTool(McpConnection server, String serverName, String name, String description, ObjectNode schema,
                    boolean sensitive) {
        this.server = server;
        this.serverName = serverName;
        this.name = name;
        this.description = description;
        this.schema = schema;
        this.sensitive = sensitive;
    }

    static McpTool of(McpConnection server, McpSchema.Tool tool, boolean sensitive) {
        String name = tool.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String description = firstLine(tool.description());
        if (description.isEmpty()) {
            description = firstLine(tool.title());
        }
        if (description.isEmpty()) {
            description = "Tool " + tool.name() + " of the MCP server " + server.spec().label() + ".";
        }
        ObjectNode schema = tool.inputSchema() == null ? JSON.createObjectNode() : JSON.valueToTree(tool.inputSchema());
        schema.put("type", "object");
        if (!schema.has("additionalProperties")) {
            schema.put("additionalProperties", false);
        }
        return new McpTool(server, tool.name(), name, description, schema, sensitive);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("").strip();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public ObjectNode argumentsSchema() {
        return schema.deepCopy();
    }

    @Override
    public boolean sensitive() {
        return sensitive;
    }

    @Override
    public String run(JsonNode arguments, CancellationToken cancel) {
        return server.call(serverName, name, arguments, cancel);
    }

    @Override
    public String toString() {
        return "mcp:" + server.spec().label() + "/" + serverName;
    }
}
