package dev.loupe.ui.chat;

import atlantafx.base.theme.Styles;
import dev.loupe.inference.ChatMessage;
import dev.loupe.ui.ask.AskRecord;
import dev.loupe.ui.ask.PromptWindow;
import dev.loupe.ui.ask.SourcesView;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One message card: who wrote it, its text as Markdown, the switcher between its alternatives ("‹ 2/3 ›"), its
 * badge, and copy, edit (user messages) and regenerate (replies). An Ask answer also lists its sources, and its
 * "[n]" markers open the cited passage.
 */
final class MessageView extends VBox {
    static final String SIBLING_LABEL = "sibling-label";
    static final String PREVIOUS = "previous-sibling";
    static final String NEXT = "next-sibling";
    static final String EDIT = "edit-message";
    static final String REGENERATE = "regenerate-message";
    static final String COPY = "copy-message";
    static final String INSPECT = "inspect-message";
    static final String BADGE = "message-badge";
    static final String CONTENT = "message-content";
    static final String EDITOR = "message-editor";
    static final String SAVE_EDIT = "save-edit";

    private final MessageViewModel message;
    private final MarkdownView content = new MarkdownView();

    MessageView(MessageViewModel message, ChatViewModel chat, String modelName) {
        this.message = message;
        getStyleClass().addAll(LoupeStyles.MESSAGE,
                message.role() == ChatMessage.Role.USER ? LoupeStyles.MESSAGE_USER : LoupeStyles.MESSAGE_ASSISTANT);
        setMaxWidth(900);
        getProperties().put(MessageViewModel.class, message);

        Label role = new Label(switch (message.role()) {
            case USER -> "You";
            case ASSISTANT -> message.setup().map(ReplySetup::modelId).orElse(modelName == null ? "Assistant" : modelName);
            case SYSTEM -> "System";
        });
        role.getStyleClass().add(LoupeStyles.MESSAGE_ROLE);
        Region headerSpacer = new Region();
        HBox.setHgrow(headerSpacer, Priority.ALWAYS);
        HBox header = new HBox(8, role, headerSpacer, switcher(chat));
        header.setAlignment(Pos.CENTER_LEFT);

        content.getStyleClass().add(CONTENT);
        content.show(message.content());
        message.contentProperty().addListener((obs, old, now) -> content.show(now));

        Label problem = new Label();
        problem.getStyleClass().add(LoupeStyles.MESSAGE_PROBLEM);
        problem.setWrapText(true);
        problem.textProperty().bind(message.problemProperty());
        problem.visibleProperty().bind(message.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        Label badge = new Label();
        badge.getStyleClass().addAll(LoupeStyles.MESSAGE_BADGE, BADGE);
        badge.textProperty().bind(message.badgeProperty());
        badge.setTooltip(new Tooltip("Generated tokens, decoding speed, time to first token, preset and seed."));
        badge.setMinWidth(0);
        badge.setWrapText(true);
        Region footerSpacer = new Region();
        HBox.setHgrow(footerSpacer, Priority.ALWAYS);
        HBox actions = new HBox(4);
        actions.getStyleClass().add(LoupeStyles.MESSAGE_ACTIONS);
        Button copy = small("Copy", COPY, "Copy the text of this message.");
        copy.setOnAction(e -> {
            ClipboardContent clip = new ClipboardContent();
            clip.putString(message.content());
            Clipboard.getSystemClipboard().setContent(clip);
        });
        actions.getChildren().add(copy);
        if (message.role() == ChatMessage.Role.USER) {
            Button edit = small("Edit", EDIT, "Edit and resend; the original stays as an alternative.");
            edit.setOnAction(e -> startEditing(chat));
            edit.disableProperty().bind(busy(chat));
            actions.getChildren().add(edit);
        } else {
            Button regenerate = small("Regenerate", REGENERATE, "Generate another answer; this one stays as an alternative.");
            regenerate.setOnAction(e -> chat.regenerate(message));
            regenerate.disableProperty().bind(chat.canRegenerateProperty().not().or(message.streamingProperty()));
            Button inspect = small("Inspect", INSPECT, "Open this answer token by token in the Inspect workspace.");
            inspect.setOnAction(e -> chat.inspect(message));
            inspect.disableProperty().bind(message.streamingProperty());
            actions.getChildren().addAll(inspect, regenerate);
        }
        HBox footer = new HBox(8, badge, footerSpacer, actions);
        footer.setAlignment(Pos.CENTER_LEFT);
        VBox sources = new VBox();
        message.askProperty().addListener((obs, old, now) -> showSources(now, sources, chat));
        showSources(message.askProperty().get(), sources, chat);
        getChildren().addAll(header, content, problem, sources, footer);
    }

    private void showSources(AskRecord record, VBox sources, ChatViewModel chat) {
        if (record == null) {
            sources.getChildren().clear();
            content.linkCitations(null);
            return;
        }
        sources.getChildren().setAll(new SourcesView(record, chat::openPassage,
                r -> PromptWindow.show(getScene() == null ? null : getScene().getWindow(), r)));
        content.linkCitations(n -> record.source(n).ifPresent(source -> chat.openPassage(source.passage())));
    }

    MessageViewModel message() {
        return message;
    }

    private HBox switcher(ChatViewModel chat) {
        Button previous = small("‹", PREVIOUS, "Show the previous alternative.");
        Button next = small("›", NEXT, "Show the next alternative.");
        previous.getStyleClass().add(Styles.FLAT);
        next.getStyleClass().add(Styles.FLAT);
        Label position = new Label();
        position.getStyleClass().add(SIBLING_LABEL);
        position.textProperty().bind(message.siblingIndexProperty().add(1).asString().concat("/").concat(message.siblingCountProperty().asString()));
        previous.setOnAction(e -> chat.showSibling(message, -1));
        next.setOnAction(e -> chat.showSibling(message, +1));
        previous.disableProperty().bind(message.siblingIndexProperty().isEqualTo(0).or(busy(chat)));
        next.disableProperty().bind(message.siblingIndexProperty().add(1).isEqualTo(message.siblingCountProperty())
                .or(busy(chat)));
        HBox box = new HBox(2, previous, position, next);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add(LoupeStyles.SIBLING_SWITCHER);
        box.visibleProperty().bind(message.siblingCountProperty().greaterThan(1));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private void startEditing(ChatViewModel chat) {
        TextArea editor = new TextArea(message.content());
        editor.setId(EDITOR);
        editor.setWrapText(true);
        editor.setPrefRowCount(3);
        Button save = new Button("Save & send");
        save.setId(SAVE_EDIT);
        save.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
        Button cancel = new Button("Cancel");
        cancel.getStyleClass().add(Styles.SMALL);
        HBox buttons = new HBox(6, save, cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox editing = new VBox(6, editor, buttons);
        int index = getChildren().indexOf(content);
        getChildren().set(index, editing);
        cancel.setOnAction(e -> getChildren().set(getChildren().indexOf(editing), content));
        save.setOnAction(e -> {
            getChildren().set(getChildren().indexOf(editing), content);
            chat.editAndResend(message, editor.getText());
        });
        editor.requestFocus();
    }

    private static BooleanBinding busy(ChatViewModel chat) {
        return Bindings.createBooleanBinding(() -> chat.stateProperty().get().isBusy(), chat.stateProperty());
    }

    private static Button small(String text, String id, String tooltip) {
        Button button = new Button(text);
        button.getStyleClass().addAll(Styles.SMALL, Styles.FLAT, id);
        button.setTooltip(new Tooltip(tooltip));
        button.setFocusTraversable(false);
        button.setMinWidth(Region.USE_PREF_SIZE);
        return button;
    }
}
