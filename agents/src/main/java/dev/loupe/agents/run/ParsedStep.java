package dev.loupe.agents.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.agents.tool.Tool;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the runner made of one raw model output. */
public sealed interface ParsedStep {
    /** The model asked to run a tool it knows, with arguments valid for it. */
    record Action(String thought, String tool, JsonNode arguments) implements ParsedStep {
        public Action {
            Objects.requireNonNull(thought, "thought");
            Objects.requireNonNull(tool, "tool");
            arguments = arguments.deepCopy();
        }
    }

    /** The model gave its final answer. */
    record Answer(String thought, String answer) implements ParsedStep {
        public Answer {
            Objects.requireNonNull(thought, "thought");
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * The output is not a valid step. {@code thought} is kept when it could be read; {@code tool} and
     * {@code arguments} when the model named a tool.
     */
    record Invalid(String thought, String tool, JsonNode arguments, String problem) implements ParsedStep {
        public Invalid {
            Objects.requireNonNull(problem, "problem");
            thought = thought == null ? "" : thought;
        }
    }

    ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Reads the first JSON object in {@code raw} (text before it is ignored, text after it too, so that an
     * unconstrained model's chatter does not spoil a good step) and checks it against the step schema of
     * {@code tools}.
     */
    static ParsedStep parse(String raw, Map<String, Tool> tools) {
        int start = raw.indexOf('{');
        if (start < 0) {
            return new Invalid(null, null, null, "The step is not a JSON object.");
        }
        JsonNode node;
        try (JsonParser parser = JSON.createParser(raw.substring(start))) {
            node = JSON.readTree(parser);
        } catch (JsonProcessingException e) {
            return new Invalid(null, null, null, "The step is not valid JSON: " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            return new Invalid(null, null, null, "The step cannot be read: " + e.getMessage() + ".");
        }
        if (node == null || !node.isObject()) {
            return new Invalid(null, null, null, "The step is not a JSON object.");
        }
        String thought = node.path("thought").isTextual() ? node.get("thought").asText() : null;
        if (node.has("answer") && !node.has("action")) {
            List<String> problems = SchemaValidator.problems(node, answerSchema());
            return problems.isEmpty() ? new Answer(thought, node.get("answer").asText())
                    : new Invalid(thought, null, null, String.join("; ", problems) + ".");
        }
        if (!node.path("action").isTextual()) {
            return new Invalid(thought, null, null,
                    "The step needs either \"action\" with \"arguments\" or \"answer\".");
        }
        String name = node.get("action").asText();
        Tool tool = tools.get(name);
        JsonNode arguments = node.get("arguments");
        if (tool == null) {
            return new Invalid(thought, name, arguments, "There is no tool named '" + name + "'; the tools are "
                    + String.join(", ", tools.keySet()) + ".");
        }
        List<String> problems = SchemaValidator.problems(node, StepSchema.forTools(List.of(tool)).get("anyOf").get(0));
        return problems.isEmpty() ? new Action(thought, name, arguments)
                : new Invalid(thought, name, arguments, String.join("; ", problems) + ".");
    }

    private static JsonNode answerSchema() {
        JsonNode all = StepSchema.forTools(List.of()).get("anyOf");
        return all.get(all.size() - 1);
    }
}
