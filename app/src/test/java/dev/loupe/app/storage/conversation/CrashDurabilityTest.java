package dev.loupe.app.storage.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.DatabaseInUseException;
import dev.loupe.app.storage.Storage;
import dev.loupe.inference.TokenEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed while streaming loses nothing it reported as saved: a child JVM writes a conversation and
 * streams a reply into it, printing a line after each commit; this test kills it without warning after a number
 * of commits, reopens the database and checks every reported write.
 */
class CrashDurabilityTest {
    private static final int SAVES_BEFORE_KILL = 30;

    @TempDir
    Path home;

    private Path stderr() {
        return home.resolve("child-stderr.txt");
    }

    /** Starts {@link StreamingWriterProcess} on the same JVM binary and class path as this test. */
    private Process startWriter() throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), StreamingWriterProcess.class.getName(), home.toString())
                .redirectError(stderr().toFile())
                .start();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyWriteReportedBeforeAKillIsThereAfterReopening() throws Exception {
        Path stderr = stderr();
        Process child = startWriter();
        long conversation;
        long user;
        long reply;
        int reportedTokens = 0;
        try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            conversation = value(lines, "conversation", stderr);
            user = value(lines, "user", stderr);
            reply = value(lines, "reply", stderr);
            for (int saves = 0; saves < SAVES_BEFORE_KILL; saves++) {
                reportedTokens = (int) value(lines, "saved", stderr);
            }
            // Killed while it keeps writing: SIGKILL, no shutdown hooks, no chance to close the database.
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
        } finally {
            child.destroyForcibly();
        }

        try (Storage storage = Storage.open(new AppPaths(home, Optional.empty()))) {
            ConversationStore store = storage.conversations();
            Conversation c = store.find(new ConversationId(conversation)).orElseThrow();
            assertEquals("Crash test", c.title());
            assertEquals("Tell me everything.", store.message(new MessageId(user)).orElseThrow().content());

            Message saved = store.message(new MessageId(reply)).orElseThrow();
            List<TokenEvent> tokens = store.tokens(saved.id());
            assertTrue(tokens.size() >= reportedTokens,
                    "reported " + reportedTokens + " tokens saved, found " + tokens.size());
            assertEquals(0, tokens.size() % StreamingWriterProcess.TOKENS_PER_SAVE, "a save is all or nothing");
            assertEquals(TestTokens.generate(0, tokens.size(), StreamingWriterProcess.ALTERNATIVES), tokens,
                    "every saved token is intact");
            assertEquals(TestTokens.text(tokens), saved.content(), "text and tokens come from the same commit");
            assertEquals(MessageStatus.INTERRUPTED, saved.status(), "opening marks the cut-off reply");
            assertEquals(List.of(user, reply),
                    store.activePath(c.id()).stream().map(e -> e.message().id().value()).toList());

            Message more = store.addMessage(c.id(), Optional.of(saved.id()), Role.USER, "Still there?");
            assertEquals(more, store.message(more.id()).orElseThrow(), "the reopened database takes new writes");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSecondProcessIsRefusedWhileTheFirstHasTheDatabaseOpen() throws Exception {
        Process child = startWriter();
        try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            value(lines, "conversation", stderr());
            value(lines, "user", stderr());
            value(lines, "reply", stderr());
            value(lines, "saved", stderr());

            var e = assertThrows(DatabaseInUseException.class, () -> Storage.open(new AppPaths(home, Optional.empty())));

            assertTrue(e.getMessage().contains("is open in another Loupe process"), e.getMessage());
            value(lines, "saved", stderr()); // the first process goes on writing, undisturbed
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Reads the next report line, which must be {@code "<key> <number>"}. */
    private static long value(BufferedReader lines, String key, Path stderr) throws IOException {
        String line = lines.readLine();
        if (line == null) {
            throw new AssertionError("the child ended before reporting '" + key + "'; its stderr:\n"
                    + (Files.exists(stderr) ? Files.readString(stderr) : "(none)"));
        }
        String[] parts = line.split(" ");
        assertNotNull(parts);
        assertEquals(key, parts[0], "unexpected report line: " + line);
        return Long.parseLong(parts[1]);
    }
}
