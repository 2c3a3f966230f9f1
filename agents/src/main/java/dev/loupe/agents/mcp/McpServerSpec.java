package dev.loupe.agents.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start one local MCP server and how far to trust it.
 *
 * @param command the program and its arguments, started as a child process that speaks MCP on stdin/stdout
 * @param startTimeout longest the start, the handshake and the listing of tools may take
 * @param callTimeout longest one tool call may take; the agent's own tool timeout may be shorter
 * @param sensitive whether its tools wait for the user's approval, as file tools do (the default: a server can
 *                  do anything its process can)
 */
public record McpServerSpec(List<String> command, Duration startTimeout, Duration callTimeout, boolean sensitive) {
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    public McpServerSpec {
        command = List.copyOf(command);
        if (command.isEmpty() || command.getFirst().isBlank()) {
            throw new IllegalArgumentException("An MCP server needs a command to start, e.g. \"npx my-server\".");
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero() || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("MCP timeouts must be positive.");
        }
    }

    /** A sensitive server started by {@code commandLine} with the default timeouts. */
    public static McpServerSpec of(String commandLine) {
        return new McpServerSpec(split(commandLine), DEFAULT_START_TIMEOUT, DEFAULT_CALL_TIMEOUT, true);
    }

    public McpServerSpec withSensitive(boolean value) {
        return new McpServerSpec(command, startTimeout, callTimeout, value);
    }

    public McpServerSpec withTimeouts(Duration start, Duration call) {
        return new McpServerSpec(command, start, call, sensitive);
    }

    /** A short name for messages: the program's file name. */
    public String label() {
        Path program = Path.of(command.getFirst()).getFileName();
        return program == null ? command.getFirst() : program.toString();
    }

    /** The command line for messages, with very long arguments (class paths) shortened. */
    public String display() {
        return String.join(" ", command.stream().map(part -> part.length() > 60 ? part.substring(0, 28) + "..."
                + part.substring(part.length() - 28) : part).toList());
    }

    /**
     * Splits a command line at white space; single or double quotes keep a part together (no escapes, no shell).
     *
     * @throws IllegalArgumentException when it is empty or a quote is not closed
     */
    static List<String> split(String commandLine) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean inPart = false;
        char quote = 0;
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    part.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inPart = true;
            } else if (Character.isWhitespace(c)) {
                if (inPart) {
                    parts.add(part.toString());
                    part.setLength(0);
                    inPart = false;
                }
            } else {
                part.append(c);
                inPart = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("The MCP command line has an unclosed " + quote + " quote: " + commandLine);
        }
        if (inPart) {
            parts.add(part.toString());
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("An MCP server needs a command to start, e.g. \"npx my-server\".");
        }
        return parts;
    }
}
