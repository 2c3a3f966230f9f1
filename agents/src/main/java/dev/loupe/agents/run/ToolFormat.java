package dev.loupe.agents.run;

import dev.loupe.agents.tool.Tool;
import dev.loupe.inference.TokenConstraint;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the model is told about the tools, how it writes a step and how it is shown an observation.
 * {@link ReactFormat} is Loupe's own JSON step and works with any model; {@link NativeToolFormat} is the
 * {@code <tool_call>} convention that chat templates of tool-trained models expect. Both produce the same
 * {@link ParsedStep}s, so the runner, the approval gate and the traces do not depend on the format. Stateless.
 */
public sealed interface ToolFormat permits ReactFormat, NativeToolFormat {
    /** Loupe's JSON step: {@code {"thought","action","arguments"}} or {@code {"thought","answer"}}. */
    ToolFormat REACT = new ReactFormat();
    /**
     * Contexts below this many tokens (stories260K has 512) get a compact system prompt and short step strings: the
     * full instructions would leave room for two steps at most.
     */
    int SMALL_CONTEXT_TOKENS = 1024;

    /**
     * The format an option asks for: {@code react}, {@code native} or {@code auto} (native when the model's chat
     * template handles tools, otherwise react).
     *
     * @param chatTemplate the Jinja source of the model's tokenizer_config.json, if it has one
     * @throws IllegalArgumentException for an unknown option, or {@code native} for a model whose template does not
     *                                  handle tools
     */
    static ToolFormat choose(String option, Optional<String> chatTemplate) {
        Optional<NativeToolFormat> supported = chatTemplate.flatMap(NativeToolFormat::detect);
        return switch (option.strip().toLowerCase(Locale.ROOT)) {
            case "react" -> REACT;
            case "auto" -> supported.<ToolFormat>map(f -> f).orElse(REACT);
            case "native" -> supported.orElseThrow(() -> new IllegalArgumentException("The model has no chat template"
                    + " that handles tools with <tool_call> tags; use --tool-format react or auto."));
            default -> throw new IllegalArgumentException("Unknown tool format '" + option
                    + "'; use react, native or auto.");
        };
    }

    /** The system message that explains the tools and how to call them. */
    String systemPrompt(List<Tool> tools);

    /**
     * The system message for a model with {@code contextTokens}: {@link #systemPrompt(List)} unless a format has a
     * compact one for contexts below {@link #SMALL_CONTEXT_TOKENS}.
     */
    default String systemPrompt(List<Tool> tools, int contextTokens) {
        return systemPrompt(tools);
    }

    /** What the runner makes of one raw model output. */
    ParsedStep parse(String raw, Map<String, Tool> tools);

    /** The user message that shows the model the result of its last step. */
    String observationMessage(String observation);

    /** The constraint on every step's output, built by {@code constraints} for these tools. */
    TokenConstraint constraint(StepConstraints constraints, List<Tool> tools);
}
