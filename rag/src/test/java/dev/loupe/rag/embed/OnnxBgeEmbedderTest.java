package dev.loupe.rag.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.SharedBge;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OnnxBgeEmbedderTest {
    private final OnnxBgeEmbedder bge = SharedBge.get();

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void vectorsHave384UnitLengthComponents() {
        List<float[]> vs = bge.embedDocuments(List.of("A cat sat on the mat.", "Stock markets fell sharply."));
        assertEquals(2, vs.size());
        for (float[] v : vs) {
            assertEquals(384, v.length);
            assertEquals(1.0, dot(v, v), 1e-4);
        }
    }

    @Test
    void aFailedTextFailsItsBatchWithItsOwnErrorWhileAnEarlierTextStillRuns() {
        var running = new CompletableFuture<float[]>();
        var failing = new CompletableFuture<float[]>();
        var queued = new CompletableFuture<float[]>();
        CompletableFuture<List<float[]>> batch = OnnxBgeEmbedder.inOrder(List.of(running, failing, queued));
        var failure = new EmbeddingException("The embedding model failed on a passage: broken input");
        failing.completeExceptionally(failure);

        assertSame(failure, assertThrows(EmbeddingException.class, () -> Embedder.await(batch)));
        assertTrue(running.isCancelled() && queued.isCancelled(), "the rest of the batch is skipped");
    }

    @Test
    void aBatchKeepsTheOrderOfItsTextsAndCancellingItCancelsThem() {
        var first = new CompletableFuture<float[]>();
        var second = new CompletableFuture<float[]>();
        CompletableFuture<List<float[]>> batch = OnnxBgeEmbedder.inOrder(List.of(first, second));
        float[] a = {1f};
        float[] b = {2f};
        second.complete(b);
        first.complete(a);
        assertEquals(List.of(a, b), Embedder.await(batch));

        var pending = new CompletableFuture<float[]>();
        OnnxBgeEmbedder.inOrder(List.of(pending)).cancel(false);
        assertTrue(pending.isCancelled());
    }

    @Test
    void relatedTextsAreCloserThanUnrelatedOnes() {
        List<float[]> vs = bge.embedDocuments(List.of("The kitten is sleeping on the sofa.",
                "A young cat naps on the couch.", "Interest rates were raised by the central bank."));
        assertTrue(dot(vs.get(0), vs.get(1)) > dot(vs.get(0), vs.get(2)) + 0.1);
    }

    @Test
    void batchEmbeddingEqualsOneByOne() {
        List<String> texts = List.of("first text", "second, longer text about something else", "third");
        List<float[]> batch = bge.embedDocuments(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] single = bge.embedDocuments(List.of(texts.get(i))).getFirst();
            assertEquals(1.0, dot(batch.get(i), single), 1e-5);
        }
    }

    @Test
    void queriesGetTheRetrievalInstruction() {
        float[] query = bge.embedQuery("what do otters eat");
        float[] plain = bge.embedDocuments(List.of("what do otters eat")).getFirst();
        float[] prefixed = bge.embedDocuments(List.of(OnnxBgeEmbedder.BGE_QUERY_INSTRUCTION + "what do otters eat"))
                .getFirst();
        assertEquals(1.0, dot(query, prefixed), 1e-5);
        assertTrue(dot(query, plain) < 0.999);
    }

    @Test
    void djlIsToldToStayOfflineSoItNeverProbesTheNetwork() {
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertEquals("true", System.getProperty("OPT_OUT_TRACKING"));
    }

    @Test
    void tokenCountsAreNotTruncatedAtTheModelLimit() {
        assertEquals(0, bge.tokenizer().countTokens(""));
        assertTrue(bge.tokenizer().countTokens("word ".repeat(2000)) >= 2000);
    }

    @Test
    void tokenSpansAreUtf16OffsetsEvenAfterEmoji() {
        String text = "I ❤️ 🦦 otters, 東京!";
        List<TokenSpan> spans = bge.tokenizer().tokenSpans(text);
        TokenSpan last = spans.getLast();
        assertEquals("!", text.substring(last.start(), last.end()));
        // "otters" is the word pieces "otter" + "##s"; after the surrogate pair of 🦦 the offsets must still fit.
        assertTrue(spans.stream().anyMatch(s -> text.substring(s.start(), s.end()).equals("otter")));
        assertTrue(spans.stream().anyMatch(s -> text.substring(s.start(), s.end()).equals("東")));
    }

    @Test
    void theSpecialisedGraphRunsByDefaultAndTheStockOneGivesNearlyTheSameVectors() {
        assertEquals(OnnxBgeEmbedder.Graph.SPECIALISED, bge.graph());
        List<String> texts = List.of("Sea otters eat urchins and crabs.", "A comet's tail points away from the sun.");
        List<float[]> specialised = bge.embedDocuments(texts);
        try (OnnxBgeEmbedder stock = OnnxBgeEmbedder.load(OnnxBgeEmbedder.BGE_QUERY_INSTRUCTION, 1,
                OnnxBgeEmbedder.Graph.STOCK)) {
            assertEquals(OnnxBgeEmbedder.Graph.STOCK, stock.graph());
            List<float[]> reference = stock.embedDocuments(texts);
            for (int i = 0; i < texts.size(); i++) {
                double cosine = dot(reference.get(i), specialised.get(i));
                assertTrue(cosine > 1 - 3e-3 && cosine < 1 + 1e-5, "cosine " + cosine);
            }
        }
    }
}
