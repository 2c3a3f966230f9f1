package dev.loupe.app.storage.conversation;

import dev.loupe.inference.TokenEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Conversations as trees of messages that are never overwritten: editing a message or regenerating a reply adds
 * a sibling (a message with the same parent), and every branch point remembers which of its children is active.
 * The active path, from a first message down to a leaf, is what the chat shows; {@link #siblings} and
 * {@link #setActiveChild} drive its "2/3" switchers.
 *
 * <p>Streaming: {@link #startAssistantMessage} adds an empty {@link MessageStatus#STREAMING} reply,
 * {@link #saveProgress} saves its text and new tokens as they arrive, and {@link #finishAssistantMessage} makes it
 * {@link MessageStatus#COMPLETE}. Once complete, a message never changes.
 *
 * <p>Every method is one transaction: when it returns, what it wrote is on disk and survives a crash; when it
 * throws, nothing of it was written. Implementations are thread-safe and block on disk I/O, so call them off the
 * JavaFX thread. Failures are {@link dev.loupe.app.storage.StorageException}s with a message for the user;
 * ids that do not exist are reported the same way, since another window may have purged them.
 */
public interface ConversationStore {

    /** Creates an empty conversation. */
    Conversation create(String title, String systemPrompt, Optional<String> modelId);

    /** A conversation by id, whether or not it is in the trash. */
    Optional<Conversation> find(ConversationId id);

    /** Conversations not in the trash, the most recently updated first. */
    List<Conversation> list();

    /**
     * Conversations not in the trash whose title or any message (in any branch) contains {@code text},
     * ignoring case; the most recently updated first. Blank text lists them all. {@code %} and {@code _} are
     * matched literally.
     */
    List<Conversation> search(String text);

    Conversation rename(ConversationId id, String title);

    /** Sets the system prompt used for new generations; messages already generated keep theirs. */
    Conversation setSystemPrompt(ConversationId id, String systemPrompt);

    Conversation setModel(ConversationId id, Optional<String> modelId);

    /** Moves a conversation to the trash: it leaves {@link #list} and {@link #search} but keeps every message. */
    void delete(ConversationId id);

    /** Takes a conversation out of the trash, as it was; the undo of {@link #delete}. */
    void restore(ConversationId id);

    /** Conversations in the trash, the most recently deleted first. */
    List<Conversation> trash();

    /**
     * Removes for good the conversations that went to the trash before {@code cutoff}, with their messages and
     * tokens; runs that pointed at their messages keep their data but lose the link.
     *
     * @return how many conversations were removed
     */
    int purgeTrash(Instant cutoff);

    /**
     * Adds a complete message below {@code parent} (or as a first message) and makes it the active child there.
     * Use it for user and system messages and for assistant text the user wrote.
     */
    Message addMessage(ConversationId conversation, Optional<MessageId> parent, Role role, String content);

    /**
     * Adds a finished generated reply with its tokens, in one transaction, and makes it the active child of
     * {@code parent}.
     *
     * @param tokens the per-token data, indexes from 0, or empty
     */
    Message addAssistantMessage(ConversationId conversation, MessageId parent, String content, GenerationSetup setup,
                                Timings timings, List<TokenEvent> tokens);

    /**
     * Edits by adding: a new message with the same parent and role as {@code original} and {@code newContent},
     * made active. The original stays, one switch away. Its replies stay below it; the edit starts with none.
     *
     * @throws IllegalStateException when {@code original} is still streaming
     */
    Message edit(MessageId original, String newContent);

    /**
     * Adds an empty {@link MessageStatus#STREAMING} assistant reply below {@code parent}, made active. To
     * regenerate a reply, start another one below the same parent: it becomes a sibling of the first.
     */
    Message startAssistantMessage(ConversationId conversation, MessageId parent, GenerationSetup setup);

    /**
     * Saves the text generated so far and the tokens that arrived since the last save; call it every few tokens
     * or few hundred milliseconds while streaming. Tokens are appended, never rewritten.
     *
     * @param contentSoFar the whole text so far, replacing the previously saved text
     * @param newTokens tokens continuing the saved ones: the first index equals the number of tokens saved so far
     * @throws IllegalStateException when the message is not streaming
     * @throws IllegalArgumentException when the token indexes do not continue the saved ones
     */
    void saveProgress(MessageId message, String contentSoFar, List<TokenEvent> newTokens);

    /**
     * Saves the final text, the last tokens and the timings, and makes the message {@link MessageStatus#COMPLETE}.
     * A cancelled generation is finished too, with {@link dev.loupe.inference.FinishReason#CANCELLED}.
     *
     * @throws IllegalStateException when the message is not streaming
     * @throws IllegalArgumentException when the token indexes do not continue the saved ones
     */
    Message finishAssistantMessage(MessageId message, String content, List<TokenEvent> newTokens, Timings timings);

    /**
     * Ends a streaming message that failed: saves the text and tokens so far and marks it
     * {@link MessageStatus#INTERRUPTED}.
     */
    Message interruptAssistantMessage(MessageId message, String contentSoFar, List<TokenEvent> newTokens);

    /**
     * Marks every message still {@link MessageStatus#STREAMING} as {@link MessageStatus#INTERRUPTED}. Call it once
     * at startup, before any generation starts: a message streaming then was cut off by a crash or kill.
     *
     * @return how many messages were marked
     */
    int markStreamingInterrupted();

    Optional<Message> message(MessageId id);

    /** Every message of a conversation, every branch, in the order they were added. */
    List<Message> messages(ConversationId conversation);

    /** The messages with the same parent as {@code message} (itself included), in the order they were added. */
    List<Message> siblings(MessageId message);

    /**
     * The branch the chat shows, from a first message to a leaf: at each level the active child, or the most
     * recently added child where none was chosen. Empty for a conversation without messages.
     */
    List<PathEntry> activePath(ConversationId conversation);

    /**
     * Makes {@code message} the active one among its siblings. Below it, the path follows the choices remembered
     * there, so switching back and forth never loses a deeper choice.
     */
    void setActiveChild(MessageId message);

    /** The per-token data of a message in index order; empty when it has none. */
    List<TokenEvent> tokens(MessageId message);

    /** The whole conversation, every branch and token, for export. */
    ConversationTree exportTree(ConversationId id);

    /**
     * Adds a conversation from a tree (as read from an export) with new ids and the tree's times, in one
     * transaction. A message exported while it was streaming is imported as interrupted.
     */
    Conversation importTree(ConversationTree tree);
}
