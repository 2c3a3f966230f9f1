/**
 * Tools from Model Context Protocol servers: a server is started as a child process and spoken to over stdio
 * with the official MCP Java SDK; each of its tools becomes a {@link dev.loupe.agents.tool.Tool}.
 */
package dev.loupe.agents.mcp;
