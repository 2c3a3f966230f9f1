package dev.loupe.rag.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The specialised bge-small graph against the stock one, both run on ONNX Runtime as the embedder runs them. */
class SingleTextGraphTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static byte[] stockBytes;
    private static OrtSession stock;
    private static OrtSession specialised;
    private static HuggingFaceTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException, OrtException {
        try (InputStream model = SingleTextGraphTest.class.getResourceAsStream("/bge-small-en-v1.5-q.onnx");
                InputStream vocab = SingleTextGraphTest.class.getResourceAsStream(
                        "/bge-small-en-v1.5-q-tokenizer.json")) {
            stockBytes = model.readAllBytes();
            tokenizer = HuggingFaceTokenizer.newInstance(vocab, Map.of("truncation", "false", "padding", "false"));
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        stock = ENV.createSession(stockBytes, options);
        specialised = ENV.createSession(SingleTextGraph.specialize(stockBytes, "attention_mask", 12), options);
    }

    @AfterAll
    static void close() throws OrtException {
        stock.close();
        specialised.close();
        tokenizer.close();
    }

    @Test
    void clsVectorsMatchTheStockGraphAndOnlyTheClsRowIsComputed() throws OrtException {
        List<String> texts = List.of(
                "otters",
                "Alterations of the architecture of cerebral white matter in the developing human brain can affect"
                        + " cortical development and result in functional disabilities. A line scan diffusion-weighted"
                        + " magnetic resonance imaging sequence was used to assess water diffusion.",
                "東京の天気は晴れです。 I ❤️ 🦦 otters, and they hold hands while they sleep.",
                "a long passage that fills the whole window ".repeat(80)); // truncated to 512 positions
        for (String text : texts) {
            long[] ids = ids(text);
            long[] mask = new long[ids.length];
            Arrays.fill(mask, 1L);
            Output full = run(stock, ids, mask);
            Output cls = run(specialised, ids, mask);
            assertArrayEquals(new long[] {1, ids.length, 384}, full.shape());
            assertArrayEquals(new long[] {1, 1, 384}, cls.shape());
            double cosine = cosine(full.firstRow(), cls.firstRow());
            assertTrue(cosine > 1 - 3e-3, "cosine " + cosine + " for: " + text); // quantization steps, see the class
        }
    }

    @Test
    void theMaskAdditionsAreGoneSinceRunsAreNeverPadded() throws OrtException {
        long[] ids = ids("The kitten is sleeping on the sofa while the dog watches the door.");
        long[] ones = new long[ids.length];
        Arrays.fill(ones, 1L);
        long[] lastMasked = ones.clone();
        lastMasked[lastMasked.length - 2] = 0L;

        assertTrue(cosine(run(stock, ids, ones).firstRow(), run(stock, ids, lastMasked).firstRow()) < 1 - 1e-6,
                "the stock graph reads the mask");
        assertArrayEquals(run(specialised, ids, ones).firstRow(), run(specialised, ids, lastMasked).firstRow(),
                "the specialised graph does not");
    }

    @Test
    void aGraphOfAnotherShapeIsRefusedWithAReason() {
        byte[] once = SingleTextGraph.specialize(stockBytes, "attention_mask", 12);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> SingleTextGraph.specialize(once, "attention_mask", 12));
        assertEquals("The last layer's query projection does not read a dynamically quantized input.",
                twice.getMessage());

        IllegalArgumentException noMask = assertThrows(IllegalArgumentException.class,
                () -> SingleTextGraph.specialize(stockBytes, "padding_mask", 12));
        assertEquals("The graph has no input named padding_mask.", noMask.getMessage());

        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> SingleTextGraph.specialize(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, "attention_mask", 12));
        assertTrue(garbage.getMessage().startsWith("The model is not a readable ONNX file"), garbage.getMessage());
    }

    private static long[] ids(String text) {
        long[] ids = tokenizer.encode(text).getIds(); // [CLS] ... [SEP]
        if (ids.length > 512) {
            long sep = ids[ids.length - 1];
            ids = Arrays.copyOf(ids, 512);
            ids[511] = sep;
        }
        return ids;
    }

    private record Output(long[] shape, float[] firstRow) {
    }

    private static Output run(OrtSession session, long[] ids, long[] mask) throws OrtException {
        try (OnnxTensor idTensor = OnnxTensor.createTensor(ENV, new long[][] {ids});
                OnnxTensor maskTensor = OnnxTensor.createTensor(ENV, new long[][] {mask});
                OnnxTensor types = OnnxTensor.createTensor(ENV, new long[][] {new long[ids.length]});
                OrtSession.Result result = session.run(Map.of(
                        "input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", types))) {
            long[] shape = ((TensorInfo) result.get(0).getInfo()).getShape();
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            return new Output(shape, hidden[0][0].clone());
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
