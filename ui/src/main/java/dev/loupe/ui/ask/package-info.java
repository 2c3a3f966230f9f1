/**
 * Ask mode of the chat: questions answered from indexed document collections with numbered, clickable sources,
 * the passage viewer and the prompt viewer. The chat view-model runs the pipeline; this package holds what it
 * stores and shows.
 */
package dev.loupe.ui.ask;
