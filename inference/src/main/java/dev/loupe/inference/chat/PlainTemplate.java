package dev.loupe.inference.chat;

import dev.loupe.inference.ChatMessage;
import java.util.List;

/**
 * For base models that were never trained on conversations (stories260K): the messages are joined into one text
 * the model simply continues. System messages come first as a preamble; nothing is added between turns but a
 * line break, so a single user message is exactly a plain completion prompt.
 */
public final class PlainTemplate implements ChatTemplate {
    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : messages) {
            if (m.content().isEmpty()) {
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n' && m.role() != ChatMessage.Role.ASSISTANT) {
                out.append('\n');
            }
            out.append(m.content());
        }
        return out.toString();
    }

    @Override
    public List<String> endOfTurnTokens() {
        return List.of();
    }
}
