package dev.loupe.app.storage.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.StorageException;
import dev.loupe.app.storage.TickingClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2SystemPromptStoreTest {
    @TempDir
    Path home;
    private Database db;
    private SystemPromptStore prompts;

    @BeforeEach
    void open() {
        db = Database.open(home.resolve("loupe"));
        prompts = new H2SystemPromptStore(db, TickingClock.startingAt("2025-06-01T00:00:00Z"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void savedPromptsAreListedByNameIgnoringCase() {
        prompts.save("pirate", "Talk like a pirate.");
        prompts.save("Concise", "Answer in one sentence.");

        assertEquals(List.of("Concise", "pirate"), prompts.list().stream().map(SystemPrompt::name).toList());
        assertEquals("Talk like a pirate.", prompts.find("PIRATE").orElseThrow().text());
    }

    @Test
    void savingAnExistingNameReplacesItsText() {
        prompts.save("Tutor", "Explain simply.");

        SystemPrompt saved = prompts.save("tutor", "Explain step by step.");

        assertEquals(1, prompts.list().size());
        assertEquals("Explain step by step.", prompts.find("Tutor").orElseThrow().text());
        assertEquals(Instant.parse("2025-06-01T00:00:01Z"), saved.updatedAt());
    }

    @Test
    void renameRefusesATakenNameAndKeepsTheText() {
        prompts.save("A", "first");
        prompts.save("B", "second");

        var e = assertThrows(StorageException.class, () -> prompts.rename("A", "b"));
        assertEquals("A system prompt named \"B\" already exists; choose another name.", e.getMessage());

        prompts.rename("A", "C");
        assertEquals(Optional.empty(), prompts.find("A"));
        assertEquals("first", prompts.find("C").orElseThrow().text());
        assertThrows(StorageException.class, () -> prompts.rename("missing", "D"));
    }

    @Test
    void deleteRemovesOnlyThatPrompt() {
        prompts.save("keep", "k");
        prompts.save("drop", "d");

        prompts.delete("DROP");
        prompts.delete("never existed");

        assertEquals(List.of("keep"), prompts.list().stream().map(SystemPrompt::name).toList());
    }

    @Test
    void blankNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> prompts.save("  ", "text"));
    }
}
