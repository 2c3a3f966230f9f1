package dev.loupe.rag.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.CountingEmbedder;
import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.ingest.IngestOptions;
import dev.loupe.rag.ingest.IngestReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class KillAndResumeTest {
    private static final int FILES = 20;

    @TempDir
    Path home;

    @TempDir
    Path docs;

    private Process child;

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    // A child that never reaches the kill point must not hang the build: the test fails after two minutes and
    // stopChild() kills the child, which also ends the blocked read.
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killingTheProcessMidRunLeavesACommittedConsistentIndexThatResumes() throws Exception {
        for (int i = 0; i < FILES; i++) {
            Files.writeString(docs.resolve(String.format("doc%02d.txt", i)),
                    "Document " + i + " is about topic" + i + ".\n\nIt has a second paragraph, number " + i + ".");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        child = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), KillableIndexing.class.getName(),
                home.toString(), docs.toString())
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.equals("BLOCKED")) {
                    break;
                }
            }
            assertTrue(output.contains("BLOCKED"), () -> "the child never reached the kill point: " + output);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no final commit
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
        assertFalse(output.contains("FINISHED"));

        CountingEmbedder embedder = new CountingEmbedder(KillableIndexing.embedder());
        try (DocumentLibrary library = DocumentLibrary.open(home, embedder, IngestOptions.defaults())) {
            // The last commit happened after file 6; file 7 was written but not committed; file 8 was embedding.
            Map<String, FileRecord> files = library.index().files(KillableIndexing.COLLECTION);
            int committed = (KillableIndexing.BLOCK_AT_CALL - 2) / KillableIndexing.COMMIT_EVERY
                    * KillableIndexing.COMMIT_EVERY;
            assertEquals(committed, files.size(), "files in the index after the kill: " + files.keySet());
            int chunksPerFile = 2;
            assertEquals(committed * chunksPerFile, library.index().chunkCount(SearchFilter.none()),
                    "every committed file has all its chunks and nothing else is there");
            assertNotNull(library.collection(KillableIndexing.COLLECTION).orElse(null));

            IngestReport resumed = library.index(KillableIndexing.COLLECTION, p -> {}, () -> false);
            assertEquals(FILES - committed, resumed.filesIndexed());
            assertEquals(committed, resumed.filesUnchanged());
            assertEquals((FILES - committed) * chunksPerFile, embedder.embedded().size(),
                    "only the files missing after the kill were embedded");
            assertEquals(FILES * chunksPerFile, library.index().chunkCount(SearchFilter.none()));
        }
    }

}
