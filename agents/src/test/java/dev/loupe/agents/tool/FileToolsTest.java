package dev.loupe.agents.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.inference.CancellationToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileToolsTest {
    @TempDir
    Path temp;
    Path notes;
    FolderGrants grants;

    @BeforeEach
    void grantNotesNextToASecret() throws IOException {
        notes = Files.createDirectories(temp.resolve("notes"));
        Files.writeString(notes.resolve("todo.md"), "buy milk");
        Files.createDirectories(notes.resolve("2025"));
        Files.writeString(notes.resolve("2025/plan.txt"), "plan");
        Files.writeString(temp.resolve("secret.txt"), "top secret");
        Files.createDirectories(temp.resolve("private"));
        Files.writeString(temp.resolve("private/key"), "key");
        grants = FolderGrants.of(List.of(notes));
    }

    private static JsonNode path(String path) {
        return JsonNodeFactory.instance.objectNode().put("path", path);
    }

    private String read(String path) {
        return new ReadFile(grants, 1000).run(path(path), CancellationToken.none());
    }

    @Test
    void readsAFileNamedByGrantFolderAndRelativePath() {
        assertEquals("buy milk", read("notes/todo.md"));
        assertEquals("plan", read("notes/2025/../2025/plan.txt"));
        assertEquals("buy milk", read("notes\\todo.md"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"notes/../secret.txt", "../secret.txt", "notes/../../secret.txt", "..",
        "notes/2025/../../private/key", ""})
    void refusesDotDotEscapes(String escape) {
        ToolException error = assertThrows(ToolException.class, () -> read(escape));
        assertTrue(error.getMessage().contains("outside the granted folders"), error.getMessage());
    }

    @Test
    void tellsWhichFoldersAreGrantedWhenThePathNamesAnother() {
        ToolException error = assertThrows(ToolException.class, () -> read("private/key"));
        assertEquals("'private' is not a granted folder; use one of [notes].", error.getMessage());
    }

    @Test
    void refusesAbsolutePathsEvenInsideTheGrant() {
        ToolException error = assertThrows(ToolException.class,
                () -> read(notes.resolve("todo.md").toAbsolutePath().toString()));
        assertTrue(error.getMessage().startsWith("Absolute paths are not allowed"), error.getMessage());
    }

    @Test
    void refusesASymlinkedFileThatPointsOutside() throws IOException {
        Files.createSymbolicLink(notes.resolve("link.txt"), temp.resolve("secret.txt"));
        ToolException error = assertThrows(ToolException.class, () -> read("notes/link.txt"));
        assertTrue(error.getMessage().contains("outside the granted folders"), error.getMessage());
    }

    @Test
    void refusesAFileReachedThroughASymlinkedFolderThatPointsOutside() throws IOException {
        Files.createSymbolicLink(notes.resolve("elsewhere"), temp.resolve("private"));
        assertThrows(ToolException.class, () -> read("notes/elsewhere/key"));
        assertThrows(ToolException.class, () -> new ListFiles(grants).run(path("notes/elsewhere"),
                CancellationToken.none()));
    }

    @Test
    void followsASymlinkThatStaysInsideTheGrant() throws IOException {
        Files.createSymbolicLink(notes.resolve("alias.md"), notes.resolve("todo.md"));
        assertEquals("buy milk", read("notes/alias.md"));
    }

    @Test
    void refusesEverythingWhenNothingIsGranted() {
        ToolException error = assertThrows(ToolException.class,
                () -> new ReadFile(FolderGrants.none(), 10).run(path("notes/todo.md"), CancellationToken.none()));
        assertTrue(error.getMessage().startsWith("No folders are granted"), error.getMessage());
    }

    @Test
    void tellsWhenAFileDoesNotExist() {
        ToolException error = assertThrows(ToolException.class, () -> read("notes/missing.md"));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    @Test
    void cutsLongFilesAtTheCharacterLimitWithoutSplittingACharacter() throws IOException {
        Files.writeString(notes.resolve("long.txt"), "é".repeat(50) + "😀".repeat(50), StandardCharsets.UTF_8);
        String text = new ReadFile(grants, 51).run(path("notes/long.txt"), CancellationToken.none());
        assertTrue(text.startsWith("é".repeat(50) + "\n[cut:"), text);
    }

    @Test
    void refusesBinaryFiles() throws IOException {
        Files.write(notes.resolve("image.bin"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1});
        ToolException error = assertThrows(ToolException.class, () -> read("notes/image.bin"));
        assertTrue(error.getMessage().contains("not UTF-8 text"), error.getMessage());
    }

    @Test
    void listsAGrantSortedWithFoldersMarkedAndTheGrantsThemselvesForAnEmptyPath() {
        ListFiles list = new ListFiles(grants);
        assertEquals("notes/2025/\nnotes/todo.md", list.run(path("notes"), CancellationToken.none()));
        assertEquals("notes/", list.run(path(""), CancellationToken.none()));
    }

    @Test
    void refusesTwoGrantsWithTheSameName() throws IOException {
        Path other = Files.createDirectories(temp.resolve("private/notes"));
        assertThrows(ToolException.class, () -> FolderGrants.of(List.of(notes, other)));
    }

    @Test
    void fileToolsAreSensitiveAndTheOthersAreNot() {
        assertTrue(new ReadFile(grants, 10).sensitive());
        assertTrue(new ListFiles(grants).sensitive());
        assertEquals(false, new Calculator().sensitive());
    }
}
