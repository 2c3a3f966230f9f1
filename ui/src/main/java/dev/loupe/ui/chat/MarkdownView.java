package dev.loupe.ui.chat;

import dev.loupe.ui.shell.LoupeStyles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Shows Markdown as JavaFX nodes. {@link #show} may be called for every streamed update: blocks that did not
 * change keep their nodes, so only the growing last block is rebuilt. With {@link #linkCitations}, "[n]" markers
 * in the text become clickable.
 */
final class MarkdownView extends VBox {
    /** A single citation marker such as "[2]" in an Ask answer. */
    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,3})]");
    private List<Markdown.Block> shown = List.of();
    private IntConsumer citations;

    MarkdownView() {
        getStyleClass().add(LoupeStyles.MD);
        setFillWidth(true);
    }

    /** Shows {@code text}, rebuilding only the blocks that changed. */
    void show(String text) {
        List<Markdown.Block> blocks = Markdown.parse(text);
        int same = 0;
        while (same < blocks.size() && same < shown.size() && blocks.get(same).equals(shown.get(same))) {
            same++;
        }
        getChildren().remove(same, getChildren().size());
        List<Node> nodes = new ArrayList<>();
        for (Markdown.Block block : blocks.subList(same, blocks.size())) {
            nodes.add(render(block));
        }
        getChildren().addAll(nodes);
        shown = blocks;
    }

    /**
     * Makes every "[n]" marker clickable, calling {@code onCitation} with n; null turns it off. Rebuilds what is
     * shown.
     */
    void linkCitations(IntConsumer onCitation) {
        citations = onCitation;
        getChildren().setAll(shown.stream().map(this::render).toList());
    }

    private Node render(Markdown.Block block) {
        return switch (block) {
            case Markdown.Heading h -> {
                TextFlow flow = flow(h.spans());
                flow.getChildren().forEach(n -> n.getStyleClass().add(LoupeStyles.heading(h.level())));
                yield flow;
            }
            case Markdown.Paragraph p -> flow(p.spans());
            case Markdown.CodeBlock c -> code(c);
            case Markdown.ListBlock l -> list(l);
            case Markdown.Quote q -> {
                TextFlow flow = flow(q.spans());
                flow.getStyleClass().add(LoupeStyles.MD_QUOTE);
                yield flow;
            }
            case Markdown.Rule r -> {
                Region rule = new Region();
                rule.getStyleClass().add(LoupeStyles.MD_RULE);
                yield rule;
            }
        };
    }

    private TextFlow flow(List<Markdown.Span> spans) {
        TextFlow flow = new TextFlow();
        for (Markdown.Span span : spans) {
            if (citations != null && !span.styles().contains(Markdown.Style.CODE)) {
                addWithCitations(flow, span);
                continue;
            }
            flow.getChildren().add(text(span, span.text()));
        }
        return flow;
    }

    /** Adds a span's text with each "[n]" as a separate, clickable node. */
    private void addWithCitations(TextFlow flow, Markdown.Span span) {
        Matcher m = CITATION.matcher(span.text());
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                flow.getChildren().add(text(span, span.text().substring(at, m.start())));
            }
            Text marker = text(span, m.group());
            marker.getStyleClass().add(LoupeStyles.CITATION);
            int number = Integer.parseInt(m.group(1));
            IntConsumer target = citations;
            marker.setOnMouseClicked(e -> target.accept(number));
            flow.getChildren().add(marker);
            at = m.end();
        }
        if (at < span.text().length()) {
            flow.getChildren().add(text(span, span.text().substring(at)));
        }
    }

    private static Text text(Markdown.Span span, String value) {
        Text text = new Text(value);
        text.getStyleClass().add(LoupeStyles.MD_TEXT);
        if (span.styles().contains(Markdown.Style.BOLD)) {
            text.getStyleClass().add(LoupeStyles.MD_BOLD);
        }
        if (span.styles().contains(Markdown.Style.ITALIC)) {
            text.getStyleClass().add(LoupeStyles.MD_ITALIC);
        }
        if (span.styles().contains(Markdown.Style.CODE)) {
            text.getStyleClass().add(LoupeStyles.MD_INLINE_CODE);
        }
        return text;
    }

    private static Node code(Markdown.CodeBlock block) {
        VBox box = new VBox();
        box.getStyleClass().add(LoupeStyles.MD_CODE_BLOCK);
        if (!block.language().isEmpty()) {
            Label language = new Label(block.language());
            language.getStyleClass().add(LoupeStyles.MD_CODE_LANGUAGE);
            box.getChildren().add(language);
        }
        Text code = new Text(block.code());
        code.getStyleClass().add(LoupeStyles.MD_CODE);
        box.getChildren().add(new TextFlow(code));
        return box;
    }

    private Node list(Markdown.ListBlock block) {
        VBox box = new VBox(3);
        for (Markdown.Item item : block.items()) {
            Label marker = new Label(item.marker());
            marker.getStyleClass().add(LoupeStyles.MD_BULLET);
            TextFlow flow = flow(item.spans());
            HBox.setHgrow(flow, Priority.ALWAYS);
            HBox row = new HBox(marker, flow);
            row.setPadding(new Insets(0, 0, 0, item.depth() * 18));
            box.getChildren().add(row);
        }
        return box;
    }
}
