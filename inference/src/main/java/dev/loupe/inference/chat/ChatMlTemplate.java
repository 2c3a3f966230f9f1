package dev.loupe.inference.chat;

import dev.loupe.inference.ChatMessage;
import java.util.List;
import java.util.Locale;

/** ChatML, the fallback for chat models without a template of their own whose vocabulary has its markers. */
public final class ChatMlTemplate implements ChatTemplate {
    public static final String START = "<|im_start|>";
    public static final String END = "<|im_end|>";

    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : messages) {
            out.append(START).append(m.role().name().toLowerCase(Locale.ROOT)).append('\n')
                    .append(m.content()).append(END).append('\n');
        }
        if (addGenerationPrompt) {
            out.append(START).append("assistant\n");
        }
        return out.toString();
    }

    @Override
    public List<String> endOfTurnTokens() {
        return List.of(END);
    }
}
