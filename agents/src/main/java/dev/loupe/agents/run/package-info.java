/**
 * The agent runner: a ReAct loop in which the model writes one JSON step at a time (a thought and either an action
 * or an answer), constrained by a schema built from the tools, with limits, approvals and a step-by-step record.
 */
package dev.loupe.agents.run;
