package dev.loupe.app.server.openai;

/** The output constraint of a request that offers tools. */
final class ToolConstraints {
    private ToolConstraints() {}

    /**
     * A forced call ({@code tool_choice} required or naming a function) is generated under the call schema, so it
     * always parses and its arguments validate. With {@code auto} the model may answer in text that does not open
     * with '{', or open a call, which the same schema then keeps valid to its end ({@link TextOrCall}).
     */
    static OutputConstraint of(Tools tools, ConstraintCache cache) {
        OutputConstraint call = cache.jsonSchema(tools.callSchema(), "tools");
        return tools.forced() ? call : generator -> new TextOrCall(call.build(generator), generator.pieces());
    }
}
