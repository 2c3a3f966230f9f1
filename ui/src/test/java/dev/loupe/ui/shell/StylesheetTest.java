package dev.loupe.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.css.CssParser;
import javafx.css.Rule;
import javafx.css.Selector;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;

/**
 * loupe.css as JavaFX reads it. A syntax error makes JavaFX drop the whole stylesheet at run time with only a log
 * line, and every view then renders unstyled; here it fails the build instead.
 */
class StylesheetTest {

    @Test
    void theStylesheetParsesWithoutErrorsAndStylesEveryClassTheCodeUses() throws IOException, IllegalAccessException {
        CssParser.errorsProperty().clear();
        Stylesheet sheet = new CssParser().parse(URI.create(LoupeStyles.stylesheet()).toURL());
        List<String> errors = CssParser.errorsProperty().stream().map(Object::toString).toList();
        assertEquals(List.of(), errors, "loupe.css has parse errors");

        Set<String> selectors = sheet.getRules().stream()
                .map(Rule::getSelectors).flatMap(List::stream)
                .map(Selector::toString)
                .collect(Collectors.toSet());
        List<String> unstyled = new ArrayList<>();
        for (Field field : LoupeStyles.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String styleClass = (String) field.get(null);
                if (styleClass.startsWith("loupe-") && selectors.stream().noneMatch(s -> mentions(s, styleClass))) {
                    unstyled.add(field.getName() + " = " + styleClass);
                }
            }
        }
        assertTrue(unstyled.isEmpty(), "style classes with no rule in loupe.css: " + unstyled);
    }

    /** Whether the selector's text names the class {@code styleClass} itself, not a longer one starting with it. */
    private static boolean mentions(String selector, String styleClass) {
        int from = 0;
        while ((from = selector.indexOf(styleClass, from)) >= 0) {
            int end = from + styleClass.length();
            if (end == selector.length() || !(Character.isLetterOrDigit(selector.charAt(end)) || selector.charAt(end) == '-')) {
                return true;
            }
            from = end;
        }
        return false;
    }
}
