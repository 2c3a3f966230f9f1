/** Wiring of the agent runner: the built-in tools by name and the trace recorder. */
package dev.loupe.app.agent;
