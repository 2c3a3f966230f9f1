package dev.loupe.ui.testing;

import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.TokenEvent;
import dev.loupe.ui.chat.ConversationRepository;
import dev.loupe.ui.chat.ConversationSummary;
import dev.loupe.ui.chat.MessageState;
import dev.loupe.ui.chat.ReplySetup;
import dev.loupe.ui.chat.ReplyTimings;
import dev.loupe.ui.chat.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Conversation trees in memory with the rules of the real store (never overwrite; a sibling per edit and
 * regeneration; the active child per branch point), for view-model tests. The real store is tested in app.
 */
public final class MemoryConversations implements ConversationRepository {
    private record Conv(long id, String title, String systemPrompt, Instant updatedAt, boolean deleted) {}

    /** A message and what was saved of it. */
    public static final class Msg {
        final long id;
        final long conversation;
        final Optional<Long> parent;
        final ChatMessage.Role role;
        String content;
        MessageState state;
        Optional<ReplySetup> setup = Optional.empty();
        Optional<ReplyTimings> timings = Optional.empty();
        public final List<TokenEvent> tokens = new ArrayList<>();

        Msg(long id, long conversation, Optional<Long> parent, ChatMessage.Role role, String content, MessageState state) {
            this.id = id;
            this.conversation = conversation;
            this.parent = parent;
            this.role = role;
            this.content = content;
            this.state = state;
        }

        public String content() {
            return content;
        }

        public MessageState state() {
            return state;
        }

        public Optional<ReplyTimings> timings() {
            return timings;
        }

        public Optional<ReplySetup> setup() {
            return setup;
        }
    }

    private final Map<Long, Conv> conversations = new LinkedHashMap<>();
    private final Map<Long, Msg> messages = new LinkedHashMap<>();
    /** Active child per parent id; key 0 per conversation is stored under -conversationId. */
    private final Map<Long, Long> active = new HashMap<>();
    private long nextId = 1;
    private long clock = 1_000;
    public int progressSaves;

    public synchronized Msg message(long id) {
        return Objects.requireNonNull(messages.get(id), "no message " + id);
    }

    public synchronized List<Msg> all(long conversationId) {
        return messages.values().stream().filter(m -> m.conversation == conversationId).toList();
    }

    @Override
    public synchronized List<ConversationSummary> list(String search) {
        String needle = search == null ? "" : search.strip().toLowerCase();
        return conversations.values().stream().filter(c -> !c.deleted())
                .filter(c -> needle.isEmpty() || c.title().toLowerCase().contains(needle)
                        || all(c.id()).stream().anyMatch(m -> m.content.toLowerCase().contains(needle)))
                .sorted((a, b) -> b.updatedAt().compareTo(a.updatedAt()))
                .map(MemoryConversations::summary).toList();
    }

    @Override
    public synchronized Optional<ConversationSummary> find(long conversationId) {
        return Optional.ofNullable(conversations.get(conversationId)).filter(c -> !c.deleted()).map(MemoryConversations::summary);
    }

    @Override
    public synchronized ConversationSummary create(String title, String systemPrompt, Optional<String> modelId) {
        Conv c = new Conv(nextId++, title, systemPrompt, tick(), false);
        conversations.put(c.id(), c);
        return summary(c);
    }

    @Override
    public synchronized ConversationSummary rename(long conversationId, String title) {
        Conv c = conv(conversationId);
        return summary(put(new Conv(c.id(), title, c.systemPrompt(), tick(), c.deleted())));
    }

    @Override
    public synchronized ConversationSummary setSystemPrompt(long conversationId, String systemPrompt) {
        Conv c = conv(conversationId);
        return summary(put(new Conv(c.id(), c.title(), systemPrompt, tick(), c.deleted())));
    }

    @Override
    public synchronized void delete(long conversationId) {
        Conv c = conv(conversationId);
        put(new Conv(c.id(), c.title(), c.systemPrompt(), c.updatedAt(), true));
    }

    @Override
    public synchronized void restore(long conversationId) {
        Conv c = conv(conversationId);
        put(new Conv(c.id(), c.title(), c.systemPrompt(), c.updatedAt(), false));
    }

    @Override
    public synchronized List<StoredMessage> activePath(long conversationId) {
        List<StoredMessage> path = new ArrayList<>();
        Optional<Long> parent = Optional.empty();
        while (true) {
            List<Msg> children = children(conversationId, parent);
            if (children.isEmpty()) {
                return path;
            }
            Long chosen = active.get(key(conversationId, parent));
            Msg next = children.stream().filter(m -> chosen != null && m.id == chosen).findFirst().orElse(children.getLast());
            path.add(stored(next));
            parent = Optional.of(next.id);
        }
    }

    @Override
    public synchronized StoredMessage addUserMessage(long conversationId, Optional<Long> parentId, String content) {
        return stored(add(conversationId, parentId, ChatMessage.Role.USER, content, MessageState.COMPLETE));
    }

    @Override
    public synchronized StoredMessage edit(long messageId, String newContent) {
        Msg original = message(messageId);
        if (original.state == MessageState.STREAMING) {
            throw new IllegalStateException("still streaming");
        }
        return stored(add(original.conversation, original.parent, original.role, newContent, MessageState.COMPLETE));
    }

    @Override
    public synchronized StoredMessage startReply(long conversationId, long parentId, ReplySetup setup) {
        Msg reply = add(conversationId, Optional.of(parentId), ChatMessage.Role.ASSISTANT, "", MessageState.STREAMING);
        reply.setup = Optional.of(setup);
        return stored(reply);
    }

    @Override
    public synchronized void saveProgress(long messageId, String contentSoFar, List<TokenEvent> newTokens) {
        Msg m = streaming(messageId);
        append(m, newTokens);
        m.content = contentSoFar;
        progressSaves++;
    }

    @Override
    public synchronized StoredMessage finishReply(long messageId, String content, List<TokenEvent> newTokens, ReplyTimings timings) {
        Msg m = streaming(messageId);
        append(m, newTokens);
        m.content = content;
        m.timings = Optional.of(timings);
        m.state = MessageState.COMPLETE;
        return stored(m);
    }

    @Override
    public synchronized StoredMessage interruptReply(long messageId, String contentSoFar, List<TokenEvent> newTokens) {
        Msg m = streaming(messageId);
        append(m, newTokens);
        m.content = contentSoFar;
        m.state = MessageState.INTERRUPTED;
        return stored(m);
    }

    @Override
    public synchronized List<TokenEvent> tokens(long messageId) {
        return List.copyOf(message(messageId).tokens);
    }

    @Override
    public synchronized List<Long> siblingIds(long messageId) {
        Msg m = message(messageId);
        return children(m.conversation, m.parent).stream().map(x -> x.id).toList();
    }

    @Override
    public synchronized void reveal(long messageId) {
        Optional<Long> id = Optional.of(messageId);
        while (id.isPresent()) {
            Msg m = message(id.get());
            active.put(key(m.conversation, m.parent), m.id);
            id = m.parent;
        }
    }

    @Override
    public synchronized Optional<Long> conversationOf(long messageId) {
        return Optional.ofNullable(messages.get(messageId)).map(m -> m.conversation)
                .filter(c -> !conversations.get(c).deleted());
    }

    @Override
    public String exportMarkdown(long conversationId) {
        throw new UnsupportedOperationException("export is tested against the real store in the app module");
    }

    @Override
    public String exportJson(long conversationId) {
        throw new UnsupportedOperationException("export is tested against the real store in the app module");
    }

    @Override
    public ConversationSummary importJson(String json) {
        throw new UnsupportedOperationException("import is tested against the real store in the app module");
    }

    private Msg add(long conversationId, Optional<Long> parent, ChatMessage.Role role, String content, MessageState state) {
        conv(conversationId);
        Msg m = new Msg(nextId++, conversationId, parent, role, content, state);
        messages.put(m.id, m);
        active.put(key(conversationId, parent), m.id);
        Conv c = conv(conversationId);
        put(new Conv(c.id(), c.title(), c.systemPrompt(), tick(), c.deleted()));
        return m;
    }

    private Msg streaming(long id) {
        Msg m = message(id);
        if (m.state != MessageState.STREAMING) {
            throw new IllegalStateException("message " + id + " is not streaming");
        }
        return m;
    }

    private static void append(Msg m, List<TokenEvent> tokens) {
        if (!tokens.isEmpty() && tokens.getFirst().index() != m.tokens.size()) {
            throw new IllegalArgumentException("tokens must continue at " + m.tokens.size() + ", got " + tokens.getFirst().index());
        }
        m.tokens.addAll(tokens);
    }

    private List<Msg> children(long conversationId, Optional<Long> parent) {
        return messages.values().stream().filter(m -> m.conversation == conversationId && m.parent.equals(parent)).toList();
    }

    private StoredMessage stored(Msg m) {
        List<Msg> siblings = children(m.conversation, m.parent);
        return new StoredMessage(m.id, m.parent, m.role, m.content, m.state, m.setup, m.timings, siblings.indexOf(m), siblings.size());
    }

    private static long key(long conversationId, Optional<Long> parent) {
        return parent.orElse(-conversationId);
    }

    private Conv conv(long id) {
        Conv c = conversations.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no conversation " + id);
        }
        return c;
    }

    private Conv put(Conv c) {
        conversations.put(c.id(), c);
        return c;
    }

    private Instant tick() {
        return Instant.ofEpochSecond(clock++);
    }

    private static ConversationSummary summary(Conv c) {
        return new ConversationSummary(c.id(), c.title(), c.systemPrompt(), c.updatedAt());
    }
}
