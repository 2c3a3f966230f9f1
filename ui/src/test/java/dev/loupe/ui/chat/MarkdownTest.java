package dev.loupe.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.ui.chat.Markdown.Block;
import dev.loupe.ui.chat.Markdown.CodeBlock;
import dev.loupe.ui.chat.Markdown.Heading;
import dev.loupe.ui.chat.Markdown.Item;
import dev.loupe.ui.chat.Markdown.ListBlock;
import dev.loupe.ui.chat.Markdown.Paragraph;
import dev.loupe.ui.chat.Markdown.Span;
import dev.loupe.ui.chat.Markdown.Style;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MarkdownTest {
    private static Span plain(String text) {
        return new Span(text, Set.of());
    }

    @Test
    void headingsParagraphsAndInlineStyles() {
        List<Block> blocks = Markdown.parse("# Title\n\nSome **bold** and *italic* with `code`.\nSecond line.");
        assertEquals(List.of(
                new Heading(1, List.of(plain("Title"))),
                new Paragraph(List.of(plain("Some "), new Span("bold", Set.of(Style.BOLD)), plain(" and "),
                        new Span("italic", Set.of(Style.ITALIC)), plain(" with "), new Span("code", Set.of(Style.CODE)),
                        plain(".\nSecond line.")))), blocks);
    }

    @Test
    void fencedCodeKeepsItsTextAndLanguage() {
        assertEquals(List.of(new Paragraph(List.of(plain("Run:"))), new CodeBlock("java", "int x = 1;\n  **not bold**", true),
                        new Paragraph(List.of(plain("Done")))),
                Markdown.parse("Run:\n```java\nint x = 1;\n  **not bold**\n```\nDone"));
    }

    @Test
    void anUnclosedFenceWhileStreamingIsCodeUpToTheEnd() {
        assertEquals(List.of(new CodeBlock("", "print(1)\nprint(", false)), Markdown.parse("```\nprint(1)\nprint("));
    }

    @Test
    void bulletAndNumberedListsWithNesting() {
        assertEquals(List.of(new ListBlock(false, List.of(new Item(0, "•", List.of(plain("one"))),
                        new Item(1, "•", List.of(plain("inner"))), new Item(0, "•", List.of(plain("two")))))),
                Markdown.parse("- one\n  - inner\n* two"));
        assertEquals(List.of(new ListBlock(true, List.of(new Item(0, "1.", List.of(plain("first"))),
                        new Item(0, "2.", List.of(plain("second")))))),
                Markdown.parse("1. first\n2) second"));
    }

    @Test
    void halfStreamedMarkersStayAsTyped() {
        assertEquals(List.of(new Paragraph(List.of(plain("This is **bol")))), Markdown.parse("This is **bol"));
        assertEquals(List.of(new Paragraph(List.of(plain("snake_case_name and 2 * 3 * 4")))),
                Markdown.parse("snake_case_name and 2 * 3 * 4"));
    }
}
