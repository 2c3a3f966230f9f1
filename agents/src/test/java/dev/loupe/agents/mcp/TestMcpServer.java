package dev.loupe.agents.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small MCP server for tests, run as a child process over stdio: {@code add(a, b)}, {@code reverse(text)},
 * {@code fail(message)} (reports a tool error), {@code crash()} (the process dies mid-call) and {@code slow(millis)}.
 * With {@code --exit-at-start} it exits before the handshake, with {@code --mute} it never answers.
 */
public final class TestMcpServer {
    private TestMcpServer() {
    }

    /** The command line that starts this server with the test class path. */
    public static List<String> command(String... options) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TestMcpServer.class.getName()));
        command.addAll(List.of(options));
        return command;
    }

    public static void main(String[] args) throws InterruptedException {
        // Standard output carries the protocol: whatever else prints (a logger on the class path) goes to stderr.
        OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        List<String> options = List.of(args);
        if (options.contains("--exit-at-start")) {
            System.err.println("test server: refusing to start");
            System.exit(3);
        }
        if (options.contains("--mute")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        JsonSchemaValidator accept = (schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null);
        McpServer.sync(new StdioServerTransportProvider(mapper, System.in, protocolOut))
                .serverInfo("loupe-test-server", "1")
                .jsonMapper(mapper)
                .jsonSchemaValidator(accept)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .toolCall(tool(mapper, "add", "Adds two numbers.\nA second line the model does not need.", """
                        {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
                         "required": ["a", "b"]}"""), (exchange, request) -> {
                    double sum = number(request.arguments(), "a") + number(request.arguments(), "b");
                    return text(sum == Math.rint(sum) ? Long.toString((long) sum) : Double.toString(sum), false);
                })
                .toolCall(tool(mapper, "reverse", "Reverses a text.", """
                        {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}"""),
                        (exchange, request) -> text(new StringBuilder(String.valueOf(request.arguments().get("text")))
                                .reverse().toString(), false))
                .toolCall(tool(mapper, "fail", "Always fails.", """
                        {"type": "object", "properties": {"message": {"type": "string"}}}"""),
                        (exchange, request) -> text("It failed: " + request.arguments().get("message"), true))
                .toolCall(tool(mapper, "crash", "Kills the server.", "{\"type\": \"object\", \"properties\": {}}"),
                        (exchange, request) -> {
                            System.err.println("test server: crashing on purpose");
                            Runtime.getRuntime().halt(7);
                            return text("unreachable", true);
                        })
                .toolCall(tool(mapper, "slow", "Sleeps.", """
                        {"type": "object", "properties": {"millis": {"type": "integer"}}, "required": ["millis"]}"""),
                        (exchange, request) -> {
                            try {
                                Thread.sleep((long) number(request.arguments(), "millis"));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return text("slept", false);
                        })
                .build();
        // The transport's threads serve the session; the client ends this process when it is done.
        Thread.currentThread().join();
    }

    private static McpSchema.Tool tool(JacksonMcpJsonMapper mapper, String name, String description, String schema) {
        return McpSchema.Tool.builder().name(name).description(description).inputSchema(mapper, schema).build();
    }

    private static McpSchema.CallToolResult text(String text, boolean error) {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(error).build();
    }

    private static double number(Map<String, Object> arguments, String name) {
        return ((Number) arguments.get(name)).doubleValue();
    }
}
