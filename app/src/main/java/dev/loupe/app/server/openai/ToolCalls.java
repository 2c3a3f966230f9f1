package dev.loupe.app.server.openai;

/** How a constrained output is turned into tool calls; {@link #NONE} when the request offers no tools. */
record ToolCalls(boolean active) {
    static final ToolCalls NONE = new ToolCalls(false);
}
