package dev.loupe.inference.constrain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegularLanguageTest {
    private static boolean matches(ByteAutomaton automaton, String text) {
        return automaton.matches(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonWrappedInMarkersOrTextIsOneLanguage() throws Exception {
        RegularLanguage call = RegularLanguage.literal("<call>")
                .then(RegularLanguage.jsonSchema(new ObjectMapper().readTree(
                        "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 3}}, \"required\": [\"n\"]}")),
                        RegularLanguage.literal("</call>"));
        ByteAutomaton automaton = RegularLanguage.anyOf(call, RegularLanguage.regex("[^<][a-z ]{0,5}")).compile();

        assertTrue(matches(automaton, "<call>{\"n\": 2}</call>"));
        assertTrue(matches(automaton, "hello"));
        assertFalse(matches(automaton, "<call>{\"n\": 4}</call>"));
        assertFalse(matches(automaton, "<call>{\"n\": 2}"));
        assertFalse(matches(automaton, "<b>"));
        assertThrows(IllegalArgumentException.class, RegularLanguage::anyOf);
        assertThrows(InvalidConstraintException.class, () -> RegularLanguage.regex("(a"));
    }
}
