package dev.loupe.app.storage.conversation;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.SamplerSettingsJson;
import dev.loupe.app.storage.StorageException;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.TokenEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@link ConversationStore} in the H2 {@link Database}: tables {@code conversation}, {@code message} and
 * {@code message_tokens} (see {@code V1__conversations.sql}). Times come from the given clock, kept to the
 * millisecond. Thread-safe: it holds no state of its own besides the database and the clock.
 */
public final class H2ConversationStore implements ConversationStore {
    /** H2's limit for a text value; checked here so that the user hears about length, not about the disk. */
    static final int MAX_TEXT_CHARS = 1_000_000;

    private static final String CONVERSATION_COLUMNS =
            "id, title, system_prompt, model_id, created_at, updated_at, deleted_at";
    private static final String MESSAGE_COLUMNS = "id, conversation_id, parent_id, role, content, status, created_at, "
            + "model_id, settings_json, seed, preset_name, prompt_tokens, generated_tokens, ttft_millis, "
            + "tokens_per_second, finish_reason, active_child_id";

    private final Database db;
    private final Clock clock;

    public H2ConversationStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A message row with the branch choice stored beside it. */
    private record Row(Message message, Long activeChildId) {
        long id() {
            return message.id().value();
        }
    }

    // ---- conversations ----

    @Override
    public Conversation create(String title, String systemPrompt, Optional<String> modelId) {
        checkTitle(title);
        checkText(systemPrompt, "system prompt");
        Objects.requireNonNull(modelId, "modelId");
        Instant now = now();
        return db.transaction("create the conversation", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO conversation (title, system_prompt, model_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, title);
                ps.setString(2, systemPrompt);
                ps.setString(3, modelId.orElse(null));
                ps.setObject(4, now);
                ps.setObject(5, now);
                ps.executeUpdate();
                id = generatedId(ps);
            }
            return requireConversation(c, new ConversationId(id));
        });
    }

    @Override
    public Optional<Conversation> find(ConversationId id) {
        return db.read("load the conversation", c -> conversation(c, id));
    }

    @Override
    public List<Conversation> list() {
        return db.read("list the conversations", c -> conversations(c,
                "SELECT " + CONVERSATION_COLUMNS + " FROM conversation WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC"));
    }

    @Override
    public List<Conversation> search(String text) {
        if (text == null || text.isBlank()) {
            return list();
        }
        String pattern = "%" + likeEscape(text.strip().toLowerCase(Locale.ROOT)) + "%";
        return db.read("search the conversations", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CONVERSATION_COLUMNS + " FROM conversation c "
                    + "WHERE c.deleted_at IS NULL AND (LOWER(c.title) LIKE ? ESCAPE '\\' OR EXISTS ("
                    + "SELECT 1 FROM message m WHERE m.conversation_id = c.id AND LOWER(m.content) LIKE ? ESCAPE '\\')) "
                    + "ORDER BY c.updated_at DESC, c.id DESC")) {
                ps.setString(1, pattern);
                ps.setString(2, pattern);
                return conversations(ps);
            }
        });
    }

    @Override
    public Conversation rename(ConversationId id, String title) {
        checkTitle(title);
        return updateConversation(id, "rename the conversation", "title = ?", ps -> ps.setString(1, title));
    }

    @Override
    public Conversation setSystemPrompt(ConversationId id, String systemPrompt) {
        checkText(systemPrompt, "system prompt");
        return updateConversation(id, "save the system prompt", "system_prompt = ?", ps -> ps.setString(1, systemPrompt));
    }

    @Override
    public Conversation setModel(ConversationId id, Optional<String> modelId) {
        Objects.requireNonNull(modelId, "modelId");
        return updateConversation(id, "save the model choice", "model_id = ?", ps -> ps.setString(1, modelId.orElse(null)));
    }

    @Override
    public void delete(ConversationId id) {
        Instant now = now();
        db.transaction("move the conversation to the trash", c -> {
            requireConversation(c, id);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE conversation SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
                ps.setObject(1, now);
                ps.setLong(2, id.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void restore(ConversationId id) {
        db.transaction("restore the conversation", c -> {
            requireConversation(c, id);
            try (PreparedStatement ps = c.prepareStatement("UPDATE conversation SET deleted_at = NULL WHERE id = ?")) {
                ps.setLong(1, id.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Conversation> trash() {
        return db.read("list the trash", c -> conversations(c, "SELECT " + CONVERSATION_COLUMNS
                + " FROM conversation WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC"));
    }

    @Override
    public int purgeTrash(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return db.transaction("empty the trash", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM conversation WHERE deleted_at IS NOT NULL AND deleted_at < ?")) {
                ps.setObject(1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    // ---- adding messages ----

    @Override
    public Message addMessage(ConversationId conversation, Optional<MessageId> parent, Role role, String content) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(role, "role");
        checkText(content, "message");
        Instant now = now();
        return db.transaction("save the message", c -> {
            requireConversation(c, conversation);
            Long parentId = parent.isPresent() ? requireParent(c, conversation, parent.get()) : null;
            long id = insertMessage(c, conversation, parentId, role, content, MessageStatus.COMPLETE, now, null, null);
            makeActive(c, conversation, parentId, id);
            touch(c, conversation, now);
            return requireMessage(c, new MessageId(id)).message();
        });
    }

    @Override
    public Message addAssistantMessage(ConversationId conversation, MessageId parent, String content,
                                       GenerationSetup setup, Timings timings, List<TokenEvent> tokens) {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(timings, "timings");
        checkText(content, "reply");
        List<TokenChunks.Chunk> chunks = encodeFrom(0, tokens);
        Instant now = now();
        return db.transaction("save the reply", c -> {
            requireConversation(c, conversation);
            long parentId = requireParent(c, conversation, parent);
            long id = insertMessage(c, conversation, parentId, Role.ASSISTANT, content, MessageStatus.COMPLETE, now, setup, timings);
            insertChunks(c, id, chunks);
            makeActive(c, conversation, parentId, id);
            touch(c, conversation, now);
            return requireMessage(c, new MessageId(id)).message();
        });
    }

    @Override
    public Message edit(MessageId original, String newContent) {
        checkText(newContent, "message");
        Instant now = now();
        return db.transaction("save the edited message", c -> {
            Message old = requireMessage(c, original).message();
            if (old.status() == MessageStatus.STREAMING) {
                throw new IllegalStateException(original + " is still streaming; finish or interrupt it before editing");
            }
            Long parentId = old.parentId().map(MessageId::value).orElse(null);
            long id = insertMessage(c, old.conversationId(), parentId, old.role(), newContent, MessageStatus.COMPLETE, now, null, null);
            makeActive(c, old.conversationId(), parentId, id);
            touch(c, old.conversationId(), now);
            return requireMessage(c, new MessageId(id)).message();
        });
    }

    // ---- streaming ----

    @Override
    public Message startAssistantMessage(ConversationId conversation, MessageId parent, GenerationSetup setup) {
        Objects.requireNonNull(setup, "setup");
        Instant now = now();
        return db.transaction("start saving the reply", c -> {
            requireConversation(c, conversation);
            long parentId = requireParent(c, conversation, parent);
            long id = insertMessage(c, conversation, parentId, Role.ASSISTANT, "", MessageStatus.STREAMING, now, setup, null);
            makeActive(c, conversation, parentId, id);
            touch(c, conversation, now);
            return requireMessage(c, new MessageId(id)).message();
        });
    }

    @Override
    public void saveProgress(MessageId message, String contentSoFar, List<TokenEvent> newTokens) {
        checkText(contentSoFar, "reply");
        Objects.requireNonNull(newTokens, "newTokens");
        db.transaction("save the reply so far", c -> {
            lockStreaming(c, message);
            appendTokens(c, message, newTokens);
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET content = ? WHERE id = ?")) {
                ps.setString(1, contentSoFar);
                ps.setLong(2, message.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Message finishAssistantMessage(MessageId message, String content, List<TokenEvent> newTokens, Timings timings) {
        checkText(content, "reply");
        Objects.requireNonNull(newTokens, "newTokens");
        Objects.requireNonNull(timings, "timings");
        Instant now = now();
        return db.transaction("save the finished reply", c -> {
            ConversationId conversation = lockStreaming(c, message);
            appendTokens(c, message, newTokens);
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET content = ?, status = 'COMPLETE', "
                    + "prompt_tokens = ?, generated_tokens = ?, ttft_millis = ?, tokens_per_second = ?, finish_reason = ? "
                    + "WHERE id = ?")) {
                ps.setString(1, content);
                ps.setInt(2, timings.promptTokens());
                ps.setInt(3, timings.generatedTokens());
                ps.setLong(4, timings.ttftMillis());
                ps.setDouble(5, timings.tokensPerSecond());
                ps.setString(6, timings.finishReason().name());
                ps.setLong(7, message.value());
                ps.executeUpdate();
            }
            touch(c, conversation, now);
            return requireMessage(c, message).message();
        });
    }

    @Override
    public Message interruptAssistantMessage(MessageId message, String contentSoFar, List<TokenEvent> newTokens) {
        checkText(contentSoFar, "reply");
        Objects.requireNonNull(newTokens, "newTokens");
        Instant now = now();
        return db.transaction("save the interrupted reply", c -> {
            ConversationId conversation = lockStreaming(c, message);
            appendTokens(c, message, newTokens);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE message SET content = ?, status = 'INTERRUPTED' WHERE id = ?")) {
                ps.setString(1, contentSoFar);
                ps.setLong(2, message.value());
                ps.executeUpdate();
            }
            touch(c, conversation, now);
            return requireMessage(c, message).message();
        });
    }

    @Override
    public int markStreamingInterrupted() {
        return db.transaction("mark cut-off replies", c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("UPDATE message SET status = 'INTERRUPTED' WHERE status = 'STREAMING'");
            }
        });
    }

    // ---- reading the tree ----

    @Override
    public Optional<Message> message(MessageId id) {
        return db.read("load the message", c -> messageRow(c, id).map(Row::message));
    }

    @Override
    public List<Message> messages(ConversationId conversation) {
        return db.read("load the conversation", c -> {
            requireConversation(c, conversation);
            return rows(c, conversation).stream().map(Row::message).toList();
        });
    }

    @Override
    public List<Message> siblings(MessageId message) {
        return db.read("load the alternatives", c -> {
            Message m = requireMessage(c, message).message();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM message "
                    + "WHERE conversation_id = ? AND parent_id IS NOT DISTINCT FROM ? ORDER BY id")) {
                ps.setLong(1, m.conversationId().value());
                ps.setObject(2, m.parentId().map(MessageId::value).orElse(null), Types.BIGINT);
                return rows(ps).stream().map(Row::message).toList();
            }
        });
    }

    @Override
    public List<PathEntry> activePath(ConversationId conversation) {
        return db.read("load the conversation", c -> {
            Long activeRoot = activeRoot(c, conversation);
            Map<Long, List<Row>> children = byParent(rows(c, conversation));
            List<PathEntry> path = new ArrayList<>();
            List<Row> level = children.getOrDefault(0L, List.of());
            Long pointer = activeRoot;
            while (!level.isEmpty()) {
                int index = level.size() - 1;
                for (int i = 0; i < level.size(); i++) {
                    if (Objects.equals(level.get(i).id(), pointer)) {
                        index = i;
                    }
                }
                Row chosen = level.get(index);
                path.add(new PathEntry(chosen.message(), index, level.size()));
                pointer = chosen.activeChildId();
                level = children.getOrDefault(chosen.id(), List.of());
            }
            return path;
        });
    }

    @Override
    public void setActiveChild(MessageId message) {
        db.transaction("switch to the alternative", c -> {
            Message m = requireMessage(c, message).message();
            makeActive(c, m.conversationId(), m.parentId().map(MessageId::value).orElse(null), message.value());
            return null;
        });
    }

    @Override
    public List<TokenEvent> tokens(MessageId message) {
        return db.read("load the token data", c -> {
            List<TokenEvent> tokens = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT first_index, data FROM message_tokens WHERE message_id = ? ORDER BY first_index")) {
                ps.setLong(1, message.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        decodeChunk(rs.getInt(1), rs.getBytes(2), tokens);
                    }
                }
            }
            return tokens;
        });
    }

    // ---- export and import ----

    @Override
    public ConversationTree exportTree(ConversationId id) {
        return db.read("export the conversation", c -> {
            Conversation conversation = requireConversation(c, id);
            Long activeRoot = activeRoot(c, id);
            List<Row> rows = rows(c, id);
            Map<Long, List<TokenEvent>> tokens = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT t.message_id, t.first_index, t.data "
                    + "FROM message_tokens t JOIN message m ON m.id = t.message_id "
                    + "WHERE m.conversation_id = ? ORDER BY t.message_id, t.first_index")) {
                ps.setLong(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        decodeChunk(rs.getInt(2), rs.getBytes(3), tokens.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()));
                    }
                }
            }
            Map<Long, Integer> refs = new HashMap<>();
            Map<Long, Row> byId = new HashMap<>();
            List<ConversationTree.Node> nodes = new ArrayList<>();
            for (Row row : rows) {
                int ref = nodes.size() + 1;
                refs.put(row.id(), ref);
                byId.put(row.id(), row);
                Message m = row.message();
                Long parent = m.parentId().map(MessageId::value).orElse(null);
                Long activeAtParent = parent == null ? activeRoot : byId.get(parent).activeChildId();
                nodes.add(new ConversationTree.Node(ref,
                        parent == null ? OptionalInt.empty() : OptionalInt.of(refs.get(parent)),
                        m.role(), m.content(), m.status(), m.createdAt(), m.generation(), m.timings(),
                        tokens.getOrDefault(row.id(), List.of()), Objects.equals(activeAtParent, row.id())));
            }
            return new ConversationTree(conversation.title(), conversation.systemPrompt(), conversation.modelId(),
                    conversation.createdAt(), conversation.updatedAt(), nodes);
        });
    }

    @Override
    public Conversation importTree(ConversationTree tree) {
        checkTitle(tree.title());
        checkText(tree.systemPrompt(), "system prompt");
        List<List<TokenChunks.Chunk>> chunks = new ArrayList<>();
        for (ConversationTree.Node node : tree.nodes()) {
            checkText(node.content(), "message");
            chunks.add(encodeFrom(0, node.tokens()));
        }
        return db.transaction("import the conversation", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO conversation (title, system_prompt, model_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, tree.title());
                ps.setString(2, tree.systemPrompt());
                ps.setString(3, tree.modelId().orElse(null));
                ps.setObject(4, tree.createdAt());
                ps.setObject(5, tree.updatedAt());
                ps.executeUpdate();
                id = generatedId(ps);
            }
            ConversationId conversation = new ConversationId(id);
            Map<Integer, Long> ids = new HashMap<>();
            for (int i = 0; i < tree.nodes().size(); i++) {
                ConversationTree.Node node = tree.nodes().get(i);
                Long parentId = node.parentRef().isPresent() ? ids.get(node.parentRef().getAsInt()) : null;
                // Nothing streams into an imported message: one exported mid-stream arrives interrupted.
                MessageStatus status = node.status() == MessageStatus.STREAMING ? MessageStatus.INTERRUPTED : node.status();
                long messageId = insertMessage(c, conversation, parentId, node.role(), node.content(), status,
                        node.createdAt(), node.generation().orElse(null), node.timings().orElse(null));
                ids.put(node.ref(), messageId);
                insertChunks(c, messageId, chunks.get(i));
                if (node.active()) {
                    makeActive(c, conversation, parentId, messageId);
                }
            }
            return requireConversation(c, conversation);
        });
    }

    // ---- helpers (all run inside the caller's transaction) ----

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Sets one column (bound as parameter 1) and {@code updated_at}, and returns the conversation after. */
    private Conversation updateConversation(ConversationId id, String action, String assignment, Binder binder) {
        Instant now = now();
        return db.transaction(action, c -> {
            requireConversation(c, id);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE conversation SET " + assignment + ", updated_at = ? WHERE id = ?")) {
                binder.bind(ps);
                ps.setObject(2, now);
                ps.setLong(3, id.value());
                ps.executeUpdate();
            }
            return requireConversation(c, id);
        });
    }

    private static long insertMessage(Connection c, ConversationId conversation, Long parentId, Role role, String content,
                                      MessageStatus status, Instant createdAt, GenerationSetup setup, Timings timings)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (conversation_id, parent_id, role, content, "
                + "status, created_at, model_id, settings_json, seed, preset_name, prompt_tokens, generated_tokens, "
                + "ttft_millis, tokens_per_second, finish_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, conversation.value());
            ps.setObject(2, parentId, Types.BIGINT);
            ps.setString(3, role.name());
            ps.setString(4, content);
            ps.setString(5, status.name());
            ps.setObject(6, createdAt);
            ps.setString(7, setup == null ? null : setup.modelId());
            ps.setString(8, setup == null ? null : SamplerSettingsJson.toJson(setup.settings()));
            ps.setObject(9, setup == null ? null : setup.seed(), Types.BIGINT);
            ps.setString(10, setup == null ? null : setup.presetName().orElse(null));
            ps.setObject(11, timings == null ? null : timings.promptTokens(), Types.INTEGER);
            ps.setObject(12, timings == null ? null : timings.generatedTokens(), Types.INTEGER);
            ps.setObject(13, timings == null ? null : timings.ttftMillis(), Types.BIGINT);
            ps.setObject(14, timings == null ? null : timings.tokensPerSecond(), Types.DOUBLE);
            ps.setString(15, timings == null ? null : timings.finishReason().name());
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    /** Records {@code childId} as the active child of {@code parentId}, or as the active root when it is null. */
    private static void makeActive(Connection c, ConversationId conversation, Long parentId, long childId) throws SQLException {
        String sql = parentId == null
                ? "UPDATE conversation SET active_root_id = ? WHERE id = ?"
                : "UPDATE message SET active_child_id = ? WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, childId);
            ps.setLong(2, parentId == null ? conversation.value() : parentId);
            ps.executeUpdate();
        }
    }

    private static void touch(Connection c, ConversationId conversation, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE conversation SET updated_at = ? WHERE id = ?")) {
            ps.setObject(1, now);
            ps.setLong(2, conversation.value());
            ps.executeUpdate();
        }
    }

    /** Locks a streaming message's row for this transaction and returns its conversation. */
    private static ConversationId lockStreaming(Connection c, MessageId message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT conversation_id, status FROM message WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, message.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw missingMessage(message);
                }
                MessageStatus status = MessageStatus.valueOf(rs.getString(2));
                if (status != MessageStatus.STREAMING) {
                    throw new IllegalStateException(message + " is " + status + ", not streaming; a finished reply never changes");
                }
                return new ConversationId(rs.getLong(1));
            }
        }
    }

    private static void appendTokens(Connection c, MessageId message, List<TokenEvent> newTokens) throws SQLException {
        if (newTokens.isEmpty()) {
            return;
        }
        int saved;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(first_index + token_count), 0) FROM message_tokens WHERE message_id = ?")) {
            ps.setLong(1, message.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                saved = rs.getInt(1);
            }
        }
        insertChunks(c, message.value(), encodeFrom(saved, newTokens));
    }

    private static List<TokenChunks.Chunk> encodeFrom(int expectedFirstIndex, List<TokenEvent> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        if (!tokens.isEmpty() && tokens.getFirst().index() != expectedFirstIndex) {
            throw new IllegalArgumentException("new tokens must continue the saved ones: expected index "
                    + expectedFirstIndex + ", got " + tokens.getFirst().index());
        }
        return TokenChunks.encode(tokens);
    }

    private static void insertChunks(Connection c, long messageId, List<TokenChunks.Chunk> chunks) throws SQLException {
        if (chunks.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO message_tokens (message_id, first_index, token_count, data) VALUES (?, ?, ?, ?)")) {
            for (TokenChunks.Chunk chunk : chunks) {
                ps.setLong(1, messageId);
                ps.setInt(2, chunk.firstIndex());
                ps.setInt(3, chunk.count());
                ps.setBytes(4, chunk.data());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void decodeChunk(int firstIndex, byte[] data, List<TokenEvent> into) {
        if (firstIndex != into.size()) {
            throw new StorageException("Loupe could not read the token data of a message because a part of it is "
                    + "missing; the message text itself is unaffected.");
        }
        TokenChunks.decode(data, firstIndex, into);
    }

    private static long requireParent(Connection c, ConversationId conversation, MessageId parent) throws SQLException {
        Message m = requireMessage(c, parent).message();
        if (!m.conversationId().equals(conversation)) {
            throw new IllegalArgumentException(parent + " belongs to " + m.conversationId() + ", not " + conversation);
        }
        return parent.value();
    }

    private static Conversation requireConversation(Connection c, ConversationId id) throws SQLException {
        return conversation(c, id).orElseThrow(H2ConversationStore::missingConversation);
    }

    private static StorageException missingConversation() {
        return new StorageException(
                "This conversation no longer exists; it may have been emptied from the trash in another window.");
    }

    private static Row requireMessage(Connection c, MessageId id) throws SQLException {
        return messageRow(c, id).orElseThrow(() -> missingMessage(id));
    }

    private static StorageException missingMessage(MessageId id) {
        return new StorageException("This message no longer exists (" + id
                + "); its conversation may have been emptied from the trash in another window.");
    }

    private static Long activeRoot(Connection c, ConversationId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT active_root_id FROM conversation WHERE id = ?")) {
            ps.setLong(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw missingConversation();
                }
                return rs.getObject(1, Long.class);
            }
        }
    }

    private static Optional<Conversation> conversation(Connection c, ConversationId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CONVERSATION_COLUMNS + " FROM conversation WHERE id = ?")) {
            ps.setLong(1, id.value());
            List<Conversation> found = conversations(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    private static List<Conversation> conversations(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return conversations(ps);
        }
    }

    private static List<Conversation> conversations(PreparedStatement ps) throws SQLException {
        List<Conversation> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new Conversation(
                        new ConversationId(rs.getLong("id")),
                        rs.getString("title"),
                        rs.getString("system_prompt"),
                        Optional.ofNullable(rs.getString("model_id")),
                        rs.getObject("created_at", Instant.class),
                        rs.getObject("updated_at", Instant.class),
                        Optional.ofNullable(rs.getObject("deleted_at", Instant.class))));
            }
        }
        return result;
    }

    private static Optional<Row> messageRow(Connection c, MessageId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM message WHERE id = ?")) {
            ps.setLong(1, id.value());
            List<Row> found = rows(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    private static List<Row> rows(Connection c, ConversationId conversation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + MESSAGE_COLUMNS + " FROM message WHERE conversation_id = ? ORDER BY id")) {
            ps.setLong(1, conversation.value());
            return rows(ps);
        }
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Optional<GenerationSetup> setup = Optional.empty();
                String settingsJson = rs.getString("settings_json");
                if (settingsJson != null) {
                    setup = Optional.of(new GenerationSetup(rs.getString("model_id"), SamplerSettingsJson.fromJson(settingsJson),
                            rs.getLong("seed"), Optional.ofNullable(rs.getString("preset_name"))));
                }
                Optional<Timings> timings = Optional.empty();
                String finish = rs.getString("finish_reason");
                if (finish != null) {
                    timings = Optional.of(new Timings(rs.getInt("prompt_tokens"), rs.getInt("generated_tokens"),
                            rs.getLong("ttft_millis"), rs.getDouble("tokens_per_second"), FinishReason.valueOf(finish)));
                }
                Long parent = rs.getObject("parent_id", Long.class);
                Message message = new Message(
                        new MessageId(rs.getLong("id")),
                        new ConversationId(rs.getLong("conversation_id")),
                        Optional.ofNullable(parent).map(MessageId::new),
                        Role.valueOf(rs.getString("role")),
                        rs.getString("content"),
                        MessageStatus.valueOf(rs.getString("status")),
                        rs.getObject("created_at", Instant.class),
                        setup,
                        timings);
                result.add(new Row(message, rs.getObject("active_child_id", Long.class)));
            }
        }
        return result;
    }

    /** Children lists keyed by parent id, 0 for the first messages, each in the order they were added. */
    private static Map<Long, List<Row>> byParent(List<Row> rows) {
        Map<Long, List<Row>> children = new HashMap<>();
        for (Row row : rows) {
            long parent = row.message().parentId().map(MessageId::value).orElse(0L);
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(row);
        }
        return children;
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("The database returned no id for the new row");
            }
            return keys.getLong(1);
        }
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static void checkTitle(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a conversation title must not be blank");
        }
        checkText(title, "title");
    }

    static void checkText(String text, String what) {
        Objects.requireNonNull(text, what);
        if (text.length() > MAX_TEXT_CHARS) {
            throw new StorageException("The " + what + " is too long to save (" + text.length()
                    + " characters; Loupe keeps at most " + MAX_TEXT_CHARS + " in one " + what + ").");
        }
    }
}
