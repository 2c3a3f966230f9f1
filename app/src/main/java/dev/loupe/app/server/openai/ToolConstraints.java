package dev.loupe.app.server.openai;

/** The output constraint of a request that offers tools. */
final class ToolConstraints {
    private ToolConstraints() {}

    /**
     * A forced call ({@code tool_choice} required or naming a function) is generated under the call schema, so it
     * always parses and its arguments validate. With {@code auto} the model may answer in text: nothing is
     * constrained, and a call in the answer is recognised afterwards ({@link Tools#parse}).
     */
    static OutputConstraint of(Tools tools) {
        return tools.forced() ? OutputConstraint.jsonSchema(tools.callSchema(), "tools") : OutputConstraint.NONE;
    }
}
