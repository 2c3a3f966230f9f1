package dev.loupe.agents.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.CancellationToken;

/**
 * Something an agent can do: a name the model writes, a one-line description it reads, a JSON Schema for the
 * arguments and a {@link #run} that returns text.
 *
 * <p>Implementations must be thread-safe: the runner calls {@link #run} on a worker thread of its own and may
 * abandon the call when it times out.
 */
public interface Tool {
    /** The name the model uses to call the tool: lower-case letters, digits and underscores. */
    String name();

    /** One line telling the model what the tool does. */
    String description();

    /**
     * The JSON Schema of the arguments object: {@code type: object} with {@code properties}, {@code required}
     * and {@code additionalProperties: false}. The runner validates arguments against it before {@link #run}.
     */
    ObjectNode argumentsSchema();

    /** True if the tool touches the user's files or the outside world and so waits for the user's approval. */
    default boolean sensitive() {
        return false;
    }

    /**
     * Does the work.
     *
     * @param arguments an object already validated against {@link #argumentsSchema()}
     * @param cancel checked between units of work; a cancelled call may return early with what it has
     * @return the observation shown to the model
     * @throws ToolException when the request cannot be carried out; its message becomes the observation
     */
    String run(JsonNode arguments, CancellationToken cancel);
}
