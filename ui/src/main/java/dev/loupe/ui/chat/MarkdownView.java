package dev.loupe.ui.chat;

import dev.loupe.ui.shell.LoupeStyles;
import java.util.ArrayList;
import java.util.List;
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
 * change keep their nodes, so only the growing last block is rebuilt.
 */
final class MarkdownView extends VBox {
    private List<Markdown.Block> shown = List.of();

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

    private static Node render(Markdown.Block block) {
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

    private static TextFlow flow(List<Markdown.Span> spans) {
        TextFlow flow = new TextFlow();
        for (Markdown.Span span : spans) {
            Text text = new Text(span.text());
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
            flow.getChildren().add(text);
        }
        return flow;
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

    private static Node list(Markdown.ListBlock block) {
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
