package dev.loupe.inference;

/** The prompt plus the requested new tokens do not fit in the model's context window. */
public class PromptTooLongException extends LoupeException {
    private final int promptTokens;
    private final int maxNewTokens;
    private final int contextTokens;

    public PromptTooLongException(int promptTokens, int maxNewTokens, int contextTokens) {
        super("The prompt has %d tokens and %d new tokens were asked for, but the model's context holds %d tokens; shorten the prompt or ask for fewer tokens."
                .formatted(promptTokens, maxNewTokens, contextTokens));
        this.promptTokens = promptTokens;
        this.maxNewTokens = maxNewTokens;
        this.contextTokens = contextTokens;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int maxNewTokens() {
        return maxNewTokens;
    }

    public int contextTokens() {
        return contextTokens;
    }
}
