package dev.loupe.app.desktop;

import dev.loupe.app.storage.conversation.Conversation;
import dev.loupe.app.storage.conversation.ConversationId;
import dev.loupe.app.storage.conversation.ConversationJson;
import dev.loupe.app.storage.conversation.ConversationMarkdown;
import dev.loupe.app.storage.conversation.ConversationStore;
import dev.loupe.app.storage.conversation.GenerationSetup;
import dev.loupe.app.storage.conversation.Message;
import dev.loupe.app.storage.conversation.MessageId;
import dev.loupe.app.storage.conversation.Role;
import dev.loupe.app.storage.conversation.Timings;
import dev.loupe.app.storage.StorageException;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.TokenEvent;
import dev.loupe.ui.chat.ConversationRepository;
import dev.loupe.ui.chat.ConversationSummary;
import dev.loupe.ui.chat.MessageState;
import dev.loupe.ui.chat.ReplySetup;
import dev.loupe.ui.chat.ReplyTimings;
import dev.loupe.ui.chat.StoredMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The chat's {@link ConversationRepository} over the H2 {@link ConversationStore}: a translation of ids and records. */
public final class StoredConversations implements ConversationRepository {
    private final ConversationStore store;

    public StoredConversations(ConversationStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public List<ConversationSummary> list(String search) {
        List<Conversation> found = search == null || search.isBlank() ? store.list() : store.search(search.strip());
        return found.stream().map(StoredConversations::summary).toList();
    }

    @Override
    public Optional<ConversationSummary> find(long conversationId) {
        return store.find(new ConversationId(conversationId)).filter(c -> !c.isDeleted()).map(StoredConversations::summary);
    }

    @Override
    public ConversationSummary create(String title, String systemPrompt, Optional<String> modelId) {
        return summary(store.create(title, systemPrompt, modelId));
    }

    @Override
    public ConversationSummary rename(long conversationId, String title) {
        return summary(store.rename(new ConversationId(conversationId), title));
    }

    @Override
    public ConversationSummary setSystemPrompt(long conversationId, String systemPrompt) {
        return summary(store.setSystemPrompt(new ConversationId(conversationId), systemPrompt));
    }

    @Override
    public void delete(long conversationId) {
        store.delete(new ConversationId(conversationId));
    }

    @Override
    public void restore(long conversationId) {
        store.restore(new ConversationId(conversationId));
    }

    @Override
    public List<StoredMessage> activePath(long conversationId) {
        return store.activePath(new ConversationId(conversationId)).stream()
                .map(entry -> stored(entry.message(), entry.siblingIndex(), entry.siblingCount()))
                .toList();
    }

    @Override
    public StoredMessage addUserMessage(long conversationId, Optional<Long> parentId, String content) {
        return withSiblings(store.addMessage(new ConversationId(conversationId), parentId.map(MessageId::new), Role.USER, content));
    }

    @Override
    public StoredMessage edit(long messageId, String newContent) {
        return withSiblings(store.edit(new MessageId(messageId), newContent));
    }

    @Override
    public StoredMessage startReply(long conversationId, long parentId, ReplySetup setup) {
        GenerationSetup generation = new GenerationSetup(setup.modelId(), setup.settings(), setup.seed(), setup.presetName());
        return withSiblings(store.startAssistantMessage(new ConversationId(conversationId), new MessageId(parentId), generation));
    }

    @Override
    public void saveProgress(long messageId, String contentSoFar, List<TokenEvent> newTokens) {
        store.saveProgress(new MessageId(messageId), contentSoFar, newTokens);
    }

    @Override
    public StoredMessage finishReply(long messageId, String content, List<TokenEvent> newTokens, ReplyTimings timings) {
        Timings stored = new Timings(timings.promptTokens(), timings.generatedTokens(), timings.ttftMillis(),
                timings.tokensPerSecond(), timings.finishReason());
        return withSiblings(store.finishAssistantMessage(new MessageId(messageId), content, newTokens, stored));
    }

    @Override
    public StoredMessage interruptReply(long messageId, String contentSoFar, List<TokenEvent> newTokens) {
        return withSiblings(store.interruptAssistantMessage(new MessageId(messageId), contentSoFar, newTokens));
    }

    @Override
    public List<TokenEvent> tokens(long messageId) {
        return store.tokens(new MessageId(messageId));
    }

    @Override
    public List<Long> siblingIds(long messageId) {
        return store.siblings(new MessageId(messageId)).stream().map(m -> m.id().value()).toList();
    }

    @Override
    public void reveal(long messageId) {
        Optional<Message> message = store.message(new MessageId(messageId));
        if (message.isEmpty()) {
            throw new StorageException("That message is no longer stored; its conversation was deleted.");
        }
        while (message.isPresent()) {
            store.setActiveChild(message.get().id());
            message = message.get().parentId().flatMap(store::message);
        }
    }

    @Override
    public Optional<Long> conversationOf(long messageId) {
        return store.message(new MessageId(messageId))
                .filter(m -> store.find(m.conversationId()).filter(c -> !c.isDeleted()).isPresent())
                .map(m -> m.conversationId().value());
    }

    @Override
    public String exportMarkdown(long conversationId) {
        return ConversationMarkdown.write(store.exportTree(new ConversationId(conversationId)));
    }

    @Override
    public String exportJson(long conversationId) {
        return ConversationJson.write(store.exportTree(new ConversationId(conversationId)));
    }

    @Override
    public ConversationSummary importJson(String json) {
        return summary(store.importTree(ConversationJson.read(json)));
    }

    private StoredMessage withSiblings(Message message) {
        List<Message> siblings = store.siblings(message.id());
        int index = 0;
        for (int i = 0; i < siblings.size(); i++) {
            if (siblings.get(i).id().equals(message.id())) {
                index = i;
            }
        }
        return stored(message, index, Math.max(1, siblings.size()));
    }

    private static StoredMessage stored(Message message, int siblingIndex, int siblingCount) {
        return new StoredMessage(message.id().value(), message.parentId().map(MessageId::value), role(message.role()),
                message.content(), state(message), message.generation().map(StoredConversations::setup),
                message.timings().map(StoredConversations::timings), siblingIndex, siblingCount);
    }

    private static ChatMessage.Role role(Role role) {
        return switch (role) {
            case SYSTEM -> ChatMessage.Role.SYSTEM;
            case USER -> ChatMessage.Role.USER;
            case ASSISTANT -> ChatMessage.Role.ASSISTANT;
        };
    }

    private static MessageState state(Message message) {
        return switch (message.status()) {
            case STREAMING -> MessageState.STREAMING;
            case COMPLETE -> MessageState.COMPLETE;
            case INTERRUPTED -> MessageState.INTERRUPTED;
        };
    }

    private static ReplySetup setup(GenerationSetup setup) {
        return new ReplySetup(setup.modelId(), setup.settings(), setup.seed(), setup.presetName());
    }

    private static ReplyTimings timings(Timings timings) {
        return new ReplyTimings(timings.promptTokens(), timings.generatedTokens(), timings.ttftMillis(),
                timings.tokensPerSecond(), timings.finishReason());
    }

    private static ConversationSummary summary(Conversation conversation) {
        return new ConversationSummary(conversation.id().value(), conversation.title(), conversation.systemPrompt(),
                conversation.updatedAt());
    }
}
