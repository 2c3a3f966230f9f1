/**
 * Tools an agent can call: the {@link dev.loupe.agents.tool.Tool} role, the built-in tools and the folder grants
 * that confine the file tools.
 */
package dev.loupe.agents.tool;
