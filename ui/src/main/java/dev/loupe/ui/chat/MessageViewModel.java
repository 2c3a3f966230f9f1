package dev.loupe.ui.chat;

import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.FinishReason;
import dev.loupe.ui.ask.AskRecord;
import dev.loupe.ui.format.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One message of the chat as its view shows it: text (growing while it streams), the badge with its figures,
 * and its place among its alternatives. Changed only by {@link ChatViewModel}, on the UI thread.
 */
public final class MessageViewModel {
    private final long id;
    private final Optional<Long> parentId;
    private final ChatMessage.Role role;
    private final ReadOnlyStringWrapper content = new ReadOnlyStringWrapper(this, "content", "");
    private final ReadOnlyObjectWrapper<MessageState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyStringWrapper badge = new ReadOnlyStringWrapper(this, "badge", "");
    private final ReadOnlyIntegerWrapper siblingIndex = new ReadOnlyIntegerWrapper(this, "siblingIndex");
    private final ReadOnlyIntegerWrapper siblingCount = new ReadOnlyIntegerWrapper(this, "siblingCount");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper streaming = new ReadOnlyBooleanWrapper(this, "streaming");
    private final ReadOnlyObjectWrapper<AskRecord> ask = new ReadOnlyObjectWrapper<>(this, "ask");
    private Optional<ReplySetup> setup;
    private Optional<ReplyTimings> timings;

    MessageViewModel(StoredMessage stored) {
        this.id = stored.id();
        this.parentId = stored.parentId();
        this.role = stored.role();
        update(stored);
    }

    /** Shows the stored state of this message. */
    void update(StoredMessage stored) {
        if (stored.id() != id) {
            throw new IllegalArgumentException("message " + stored.id() + " is not message " + id);
        }
        content.set(stored.content());
        state.set(stored.state());
        streaming.set(stored.state() == MessageState.STREAMING);
        setup = stored.setup();
        timings = stored.timings();
        siblingIndex.set(stored.siblingIndex());
        siblingCount.set(stored.siblingCount());
        badge.set(finalBadge());
    }

    /** Shows the text and figures of a reply still streaming. */
    void showLive(String text, int tokens, double tokensPerSecond) {
        content.set(text);
        List<String> parts = new ArrayList<>();
        parts.add(tokens + (tokens == 1 ? " token" : " tokens"));
        if (tokensPerSecond > 0) {
            parts.add(Figures.tokensPerSecond(tokensPerSecond));
        }
        setup.ifPresent(s -> parts.add(s.presetName().orElse("custom settings")));
        setup.ifPresent(s -> parts.add("seed " + s.seed()));
        badge.set(String.join(" · ", parts));
    }

    /** Shows what this Ask answer was made from; null for a chat reply. */
    void showAsk(AskRecord record) {
        ask.set(record);
    }

    /** Shows why the generation of this reply failed, next to what it had produced. */
    void showProblem(String sentence) {
        problem.set(sentence);
    }

    private String finalBadge() {
        if (role != ChatMessage.Role.ASSISTANT || setup.isEmpty()) {
            return "";
        }
        ReplySetup s = setup.get();
        List<String> parts = new ArrayList<>();
        if (timings.isPresent()) {
            ReplyTimings t = timings.get();
            parts.add(t.generatedTokens() + (t.generatedTokens() == 1 ? " token" : " tokens"));
            parts.add(Figures.tokensPerSecond(t.tokensPerSecond()));
            parts.add("first token " + Figures.millis(t.ttftMillis()));
        }
        parts.add(s.presetName().orElse("custom settings"));
        parts.add("seed " + s.seed());
        timings.map(ReplyTimings::finishReason).map(MessageViewModel::ending).ifPresent(parts::add);
        if (state.get() == MessageState.INTERRUPTED) {
            parts.add("interrupted");
        }
        return String.join(" · ", parts);
    }

    private static String ending(FinishReason reason) {
        return switch (reason) {
            case EOS, STOP_STRING -> null;
            case MAX_TOKENS -> "max tokens reached";
            case CONTEXT_FULL -> "context full";
            case CANCELLED -> "stopped";
        };
    }

    public long id() {
        return id;
    }

    public Optional<Long> parentId() {
        return parentId;
    }

    public ChatMessage.Role role() {
        return role;
    }

    public Optional<ReplySetup> setup() {
        return setup;
    }

    public Optional<ReplyTimings> timings() {
        return timings;
    }

    public String content() {
        return content.get();
    }

    public ReadOnlyStringProperty contentProperty() {
        return content.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<MessageState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Tokens, tok/s, time to first token, preset and seed of a reply; empty for other messages. */
    public ReadOnlyStringProperty badgeProperty() {
        return badge.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty siblingIndexProperty() {
        return siblingIndex.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty siblingCountProperty() {
        return siblingCount.getReadOnlyProperty();
    }

    /** Why generating this reply failed; empty when it did not. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The sources, retrieved passages and prompt of an Ask answer; null for other messages. */
    public ReadOnlyObjectProperty<AskRecord> askProperty() {
        return ask.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty streamingProperty() {
        return streaming.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return role + " " + id + ": " + Objects.toString(content.get());
    }
}
