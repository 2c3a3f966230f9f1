/**
 * The agents workspace: a run's setup (tools, granted folders, limits, sampler), its timeline streaming in with
 * inline approvals, and the stored traces to reopen, replay and run again.
 */
package dev.loupe.ui.agents;
