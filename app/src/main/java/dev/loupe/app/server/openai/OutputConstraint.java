package dev.loupe.app.server.openai;

import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenConstraint;

/**
 * How a request restricts its output ({@code response_format}, forced tool calls). Built on the generation
 * thread, since compiling a schema against the vocabulary can take a while and must not hold a network thread.
 */
@FunctionalInterface
interface OutputConstraint {
    OutputConstraint NONE = generator -> TokenConstraint.NONE;

    /** @throws InvalidRequestException when the schema or pattern cannot be used; the error names the field */
    TokenConstraint build(TextGenerator generator);

}
