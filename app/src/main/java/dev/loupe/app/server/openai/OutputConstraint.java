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

    /**
     * Output that validates against {@code schema}: compiled now, so a schema the compiler cannot use is a 400
     * naming {@code field}, and bound to the model's vocabulary on the generation thread.
     */
    static OutputConstraint jsonSchema(com.fasterxml.jackson.databind.JsonNode schema, String field) {
        dev.loupe.inference.constrain.ByteAutomaton language;
        try {
            language = dev.loupe.inference.constrain.JsonSchemaCompiler.compile(schema);
        } catch (dev.loupe.inference.LoupeException e) {
            throw new InvalidRequestException(field, e.getMessage());
        }
        return generator -> new dev.loupe.inference.constrain.AutomatonConstraint(language, generator.pieces(), generator.stopTokens());
    }
}
