package dev.loupe.inference;

import java.util.List;

/** What the model continues: plain text, a conversation rendered by the model's chat template, or token ids. */
public sealed interface Prompt {
    /** Plain completion of {@code text}; BOS is added when the model expects it. */
    record Text(String text) implements Prompt {
        public Text {
            if (text == null) {
                throw new IllegalArgumentException("prompt text must not be null");
            }
        }
    }

    /** A conversation; the model's chat template (or ChatML, or plain text for base models) renders it. */
    record Chat(List<ChatMessage> messages) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("a chat prompt needs at least one message");
            }
        }
    }

    /** Exact token ids, used as given. */
    record Tokens(int[] ids) implements Prompt {
        public Tokens {
            ids = ids.clone();
            if (ids.length == 0) {
                throw new IllegalArgumentException("a token prompt needs at least one token");
            }
        }
    }

    static Prompt text(String text) {
        return new Text(text);
    }

    static Prompt chat(List<ChatMessage> messages) {
        return new Chat(messages);
    }
}
