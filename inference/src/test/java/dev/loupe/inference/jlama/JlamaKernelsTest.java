package dev.loupe.inference.jlama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JlamaKernelsTest {
    @TempDir
    static Path dir;

    static Path wideModel;

    /** One layer 576 wide, SmolLM2-135M's width, with random weights. */
    @BeforeAll
    static void buildWideModel() throws IOException {
        wideModel = SharedModels.randomModelWithSmolTokenizer(dir, """
                {"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":576,"intermediate_size":1536,
                 "num_attention_heads":9,"num_key_value_heads":3,"num_hidden_layers":1,"vocab_size":49152,
                 "max_position_embeddings":64,"rms_norm_eps":1e-5,"rope_theta":100000,"tie_word_embeddings":true,
                 "bos_token_id":1,"eos_token_id":2,"hidden_act":"silu"}""", 7);
    }

    @Test
    void nativeSplitOf128SkipsRowsOfCommonWidthsAndCoreSplitsDoNot() {
        assertFalse(JlamaKernels.coversAllRows(576, 128), "SmolLM2's width");
        assertFalse(JlamaKernels.coversAllRows(172, 128));
        assertTrue(JlamaKernels.coversAllRows(512, 128));
        for (int width = 4; width < 70_000; width++) {
            assertTrue(JlamaKernels.coversAllRows(width, 2), "2 chunks cover a width of " + width);
        }
    }

    @Test
    void nativeKernelsRefuseAModelTheyWouldComputeWrongly() {
        var e = assertThrows(ModelLoadException.class, () -> JlamaTextGenerator.load(wideModel).close());
        assertTrue(e.getMessage().contains("576 wide") && e.getMessage().contains("LOUPE_KERNELS=panama"), e.getMessage());
    }

    @Test
    void panamaKernelsRunTheSameModelExactly() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Djlama.force_panama_tensor_operations=true",
                "-cp", System.getProperty("java.class.path"), PanamaAgreementMain.class.getName(), wideModel.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        String line = out.lines().filter(l -> l.startsWith("kernels=")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertTrue(line.contains("Panama"), line);
        double worst = Double.parseDouble(line.substring(line.indexOf("worst=") + 6));
        assertTrue(worst < 1e-5, "largest probability difference against the naive pass: " + worst);
    }
}
