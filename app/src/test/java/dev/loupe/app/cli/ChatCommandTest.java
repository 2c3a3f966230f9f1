package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.testing.SharedModels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The terminal chat as a user drives it: lines on standard input, answers and cache figures out. */
class ChatCommandTest {
    private static final Pattern TURN = Pattern.compile("prefilled (\\d+) new of (\\d+) prompt tokens \\((\\d+) reused from cache\\)");

    @Test
    void secondTurnPrefillsOnlyItsNewTokens() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"), "dev.loupe.app.Main",
                "chat", "--model", SharedModels.stories260K().toString(), "--temperature", "0", "--max-tokens", "20")).start();
        p.getOutputStream().write("Once upon a time\nThe next day\n\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertTrue(out.contains("model> , there was a little girl"), out);
        Matcher m = TURN.matcher(err);
        assertTrue(m.find(), err);
        assertEquals(0, Integer.parseInt(m.group(3)), "first turn: nothing cached");
        assertTrue(m.find(), err);
        int prefilled = Integer.parseInt(m.group(1));
        int reused = Integer.parseInt(m.group(3));
        assertTrue(reused >= 24, "second turn reuses the first turn's prompt and answer: " + reused);
        // New: the line break and "The next day" (about 5 tokens), the answer's last token (sampled, never fed
        // back), and a token or two where the text re-tokenizes differently across the turn boundary.
        assertTrue(prefilled <= 10, "second turn prefills only its new tokens: " + prefilled);
    }
}
