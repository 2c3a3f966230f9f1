package dev.loupe.rag.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.HashingEmbedder;
import dev.loupe.rag.document.FileType;
import dev.loupe.rag.embed.EmbeddingTokenizer;
import dev.loupe.rag.index.Passage;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentIndexerTest {
    private final EmbeddingTokenizer tokenizer = new HashingEmbedder(8, 20).tokenizer();

    private static Passage passage(String title, List<String> headings, String text) {
        return new Passage("c", "/f.txt", FileType.TEXT, title, headings, 0, 0, text.length(), 0, text);
    }

    @Test
    void embeddingInputPrefixesTitleAndHeadingsWhenTheyFit() {
        String input = DocumentIndexer.embeddingInput(passage("Guide", List.of("Install", "Linux"), "Run it."),
                tokenizer, 20);
        assertEquals("Guide\nInstall\nLinux\nRun it.", input);
    }

    @Test
    void embeddingInputCutsTheHeaderNeverTheChunk() {
        String text = "one two three four five six seven eight nine ten eleven twelve";
        String input = DocumentIndexer.embeddingInput(passage("A very long title with many words", List.of(), text),
                tokenizer, 16);
        assertTrue(input.endsWith("\n" + text), input);
        assertTrue(tokenizer.countTokens(input) <= 16, input);
        assertTrue(input.startsWith("A very"), input);
        assertEquals(text, DocumentIndexer.embeddingInput(passage("Title", List.of(), text), tokenizer, 12));
    }
}
