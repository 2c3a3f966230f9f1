package dev.loupe.agents.run;

import dev.loupe.agents.tool.Tool;
import dev.loupe.inference.TokenConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loupe's own step format: one JSON object per step, validated against {@link StepSchema}. Works with any model,
 * since the constraint writes the JSON even for a model that has never seen it. Stateless.
 */
public final class ReactFormat implements ToolFormat {
    ReactFormat() {
    }

    @Override
    public String systemPrompt(List<Tool> tools) {
        StringBuilder text = new StringBuilder("""
                Solve the task step by step. Write each step as one JSON object:
                {"thought": "...", "action": "tool", "arguments": {...}} to use a tool, or
                {"thought": "...", "answer": "..."} to finish. Tools:
                """);
        for (Tool tool : tools) {
            List<String> parameters = new ArrayList<>();
            tool.argumentsSchema().path("properties").properties().forEach(p ->
                    parameters.add(p.getKey() + ": " + p.getValue().path("type").asText("any")));
            text.append("- ").append(tool.name()).append('(').append(String.join(", ", parameters)).append("): ")
                    .append(tool.description()).append('\n');
        }
        return text.toString();
    }

    /**
     * Below {@link #SMALL_CONTEXT_TOKENS}, the step's two shapes and each tool's name and parameters, without
     * descriptions: about a fifth of the full prompt on stories260K. The constraint writes the JSON anyway; the
     * names and parameters are what the model can still pick from.
     */
    @Override
    public String systemPrompt(List<Tool> tools, int contextTokens) {
        if (contextTokens >= SMALL_CONTEXT_TOKENS) {
            return systemPrompt(tools);
        }
        List<String> signatures = tools.stream().map(t -> t.name() + "(" + parameterNames(t) + ")").toList();
        return "Steps: {\"thought\",\"action\",\"arguments\"} or {\"thought\",\"answer\"}. Tools: "
                + (signatures.isEmpty() ? "none" : String.join(", ", signatures)) + ".\n";
    }

    private static String parameterNames(Tool tool) {
        return tool.argumentsSchema().path("properties").properties().stream().map(Map.Entry::getKey)
                .collect(Collectors.joining(", "));
    }

    @Override
    public ParsedStep parse(String raw, Map<String, Tool> tools) {
        return ParsedStep.parse(raw, tools);
    }

    @Override
    public String observationMessage(String observation) {
        return "Observation: " + observation;
    }

    @Override
    public TokenConstraint constraint(StepConstraints constraints, List<Tool> tools) {
        return constraints.forSchema(StepSchema.forTools(tools));
    }

    @Override
    public String toString() {
        return "react";
    }
}
