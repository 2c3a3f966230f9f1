package dev.loupe.inference.chat;

import dev.loupe.inference.ChatMessage;
import java.util.List;

/** Renders a conversation into the text a model was trained to continue. */
public interface ChatTemplate {
    /**
     * @param messages the conversation, oldest first
     * @param addGenerationPrompt end with the opening of an assistant turn, so the model answers next
     */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);

    /** Texts of special tokens that end an assistant turn in this format (e.g. {@code <|im_end|>}). */
    List<String> endOfTurnTokens();
}
