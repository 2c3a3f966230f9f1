package dev.loupe.app.server.openai;

/** The output constraint of a request that offers tools. */
final class ToolConstraints {
    private ToolConstraints() {}

    static OutputConstraint of(Tools tools) {
        return generator -> {
            throw new InvalidRequestException("tools", "Tool calls need constrained decoding, which this build of Loupe does not have yet.");
        };
    }
}
