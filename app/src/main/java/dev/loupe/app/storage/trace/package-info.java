/** Agent traces: every agent run with each of its steps, for reopening and replaying a run. */
package dev.loupe.app.storage.trace;
