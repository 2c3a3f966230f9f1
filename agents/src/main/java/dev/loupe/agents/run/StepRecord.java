package dev.loupe.agents.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Everything about one model step, as a trace keeps it.
 *
 * @param step 1-based step number
 * @param prompt the prompt the model saw, rendered as role-tagged messages
 * @param rawOutput the text the model wrote
 * @param thought the thought read from the output, empty if none
 * @param tool the tool named by the action, or null
 * @param arguments the arguments the tool ran with, or the ones the model wrote if it did not run, or null
 * @param answer the final answer, or null
 * @param observation what the model is told next (tool output, error, rejection), or null after an answer
 * @param promptTokens tokens in the prompt
 * @param generatedTokens tokens the model wrote
 * @param generationMillis time the model took for this step
 * @param toolMillis time the tool took, 0 when none ran
 */
public record StepRecord(int step, String prompt, String rawOutput, String thought, String tool, JsonNode arguments,
                         String answer, String observation, int promptTokens, int generatedTokens,
                         double generationMillis, double toolMillis) {
    public StepRecord {
        if (step < 1) {
            throw new IllegalArgumentException("step numbers start at 1, got " + step);
        }
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(rawOutput, "rawOutput");
        thought = thought == null ? "" : thought;
        arguments = arguments == null ? null : arguments.deepCopy();
    }
}
