package dev.loupe.agents.mcp;

import dev.loupe.inference.LoupeException;

/** An MCP server could not be started, did not complete the handshake or could not list its tools. */
public class McpServerException extends LoupeException {
    public McpServerException(String message) {
        super(message);
    }

    public McpServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
