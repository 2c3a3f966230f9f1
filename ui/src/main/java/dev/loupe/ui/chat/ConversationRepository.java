package dev.loupe.ui.chat;

import dev.loupe.inference.TokenEvent;
import java.util.List;
import java.util.Optional;

/**
 * The conversations the chat workspace reads and writes: trees of messages that are never overwritten. Editing
 * or regenerating adds a sibling; the active branch is what the chat shows. The composition root implements it
 * over the app's storage.
 *
 * <p>Methods block on disk I/O: call them on the {@link dev.loupe.ui.task.TaskRunner.Lane#STORAGE} lane. Failures
 * are {@link dev.loupe.inference.LoupeException}s whose message can be shown as it is.
 */
public interface ConversationRepository {
    /** Characters of a title made from a first message. */
    int TITLE_CHARS = 60;

    /** The title a conversation gets from its first message: its first line, cut to {@link #TITLE_CHARS}. */
    static String titleFrom(String firstMessage) {
        String line = firstMessage.lines().findFirst().orElse(firstMessage).strip();
        return line.length() <= TITLE_CHARS ? line : line.substring(0, TITLE_CHARS - 1).strip() + "…";
    }


    /** Conversations whose title or any message contains {@code search} (ignoring case), most recent first; blank lists all. */
    List<ConversationSummary> list(String search);

    Optional<ConversationSummary> find(long conversationId);

    ConversationSummary create(String title, String systemPrompt, Optional<String> modelId);

    ConversationSummary rename(long conversationId, String title);

    ConversationSummary setSystemPrompt(long conversationId, String systemPrompt);

    /** Moves it to the trash, from where {@link #restore} takes it back unchanged. */
    void delete(long conversationId);

    void restore(long conversationId);

    /** The branch the chat shows, from the first message to the leaf. */
    List<StoredMessage> activePath(long conversationId);

    /** Adds a user message below {@code parentId} (or as the first message) and makes it active. */
    StoredMessage addUserMessage(long conversationId, Optional<Long> parentId, String content);

    /** Adds an edited copy of a message as its sibling and makes it active; the original stays. */
    StoredMessage edit(long messageId, String newContent);

    /** Adds an empty streaming reply below {@code parentId}, made active; a second one there is a regeneration. */
    StoredMessage startReply(long conversationId, long parentId, ReplySetup setup);

    /**
     * Saves the text so far and the tokens that arrived since the last save.
     *
     * @param newTokens continuing the saved ones: the first index equals the number saved so far
     */
    void saveProgress(long messageId, String contentSoFar, List<TokenEvent> newTokens);

    /** Saves the final text, the last tokens and the timings; the reply is complete and never changes again. */
    StoredMessage finishReply(long messageId, String content, List<TokenEvent> newTokens, ReplyTimings timings);

    /** Ends a reply whose generation failed, keeping what it had. */
    StoredMessage interruptReply(long messageId, String contentSoFar, List<TokenEvent> newTokens);

    /** The tokens stored for a reply, in order, with the probabilities and alternatives seen when it was generated. */
    List<TokenEvent> tokens(long messageId);

    /** The ids of the messages with the same parent as {@code messageId}, itself included, oldest first. */
    List<Long> siblingIds(long messageId);

    /** Makes {@code messageId} and every message above it the active one among their siblings. */
    void reveal(long messageId);

    /** The conversation a message belongs to. */
    Optional<Long> conversationOf(long messageId);

    /** The whole conversation, every branch, as Markdown (the active branch) and as Loupe's JSON (everything). */
    String exportMarkdown(long conversationId);

    String exportJson(long conversationId);

    /** Adds a conversation from Loupe's JSON export. */
    ConversationSummary importJson(String json);
}
