package dev.loupe.ui.chat;

import dev.loupe.inference.LoupeException;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.Notice;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.task.TaskRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's list of conversations: search, rename, delete with undo, export to Markdown and JSON, import JSON.
 * UI thread only; the repository is used on the storage lane.
 */
public final class ConversationListViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationListViewModel.class);

    /** Export formats. */
    public enum ExportFormat {
        MARKDOWN("Markdown", "md"),
        JSON("Loupe JSON (every branch and token)", "json");

        private final String description;
        private final String extension;

        ExportFormat(String description, String extension) {
            this.description = description;
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        public DialogService.FileType fileType() {
            return DialogService.FileType.of(description, extension);
        }
    }

    private final TaskRunner runner;
    private final ConversationRepository repository;
    private final DialogService dialogs;
    private final Consumer<UserError> errors;
    private final ObservableList<ConversationSummary> items = FXCollections.observableArrayList();
    /** The read-only view handed out; kept, since a view created per call would drop its listeners when collected. */
    private final ObservableList<ConversationSummary> itemsView = FXCollections.unmodifiableObservableList(items);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice");
    private LongConsumer onOpen = id -> {};
    private LongConsumer onDeleted = id -> {};
    private long querySerial;

    public ConversationListViewModel(TaskRunner runner, ConversationRepository repository, DialogService dialogs,
                                     Consumer<UserError> errors) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.errors = Objects.requireNonNull(errors, "errors");
        search.addListener((obs, old, value) -> refresh());
    }

    /** Wires the chat: what opening a conversation and deleting one mean for it. */
    void connect(LongConsumer open, LongConsumer deleted) {
        this.onOpen = Objects.requireNonNull(open, "open");
        this.onDeleted = Objects.requireNonNull(deleted, "deleted");
    }

    /** Reads the list again with the current search; results of an older search that arrive late are dropped. */
    public void refresh() {
        long serial = ++querySerial;
        String text = search.get();
        runner.submit(TaskRunner.Lane.STORAGE, () -> repository.list(text), list -> {
            if (serial == querySerial) {
                items.setAll(list);
            }
        }, failure -> report(failure, "list the conversations"));
    }

    /** Opens a conversation in the chat. */
    public void open(ConversationSummary conversation) {
        onOpen.accept(conversation.id());
    }

    /** Asks for a new title and renames. */
    public void rename(ConversationSummary conversation) {
        dialogs.askText("Rename conversation", "New title:", conversation.title())
                .map(String::strip)
                .filter(title -> !title.isEmpty())
                .ifPresent(title -> runner.submit(TaskRunner.Lane.STORAGE, () -> repository.rename(conversation.id(), title),
                        renamed -> refresh(), failure -> report(failure, "rename the conversation")));
    }

    /** Moves a conversation to the trash and offers to undo it. */
    public void delete(ConversationSummary conversation) {
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            repository.delete(conversation.id());
            return null;
        }, ignored -> {
            onDeleted.accept(conversation.id());
            notice.set(new Notice("Deleted “" + conversation.title() + "”.", "Undo", () -> restore(conversation)));
            refresh();
        }, failure -> report(failure, "delete the conversation"));
    }

    private void restore(ConversationSummary conversation) {
        notice.set(null);
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            repository.restore(conversation.id());
            return null;
        }, ignored -> {
            refresh();
            onOpen.accept(conversation.id());
        }, failure -> report(failure, "restore the conversation"));
    }

    /** Hides the notice without acting on it. */
    public void dismissNotice() {
        notice.set(null);
    }

    /** Asks where to save and writes the conversation there. */
    public void export(ConversationSummary conversation, ExportFormat format) {
        String name = conversation.title().replaceAll("[^\\p{L}\\p{N} ._-]", "").strip();
        name = (name.isEmpty() ? "conversation" : name) + "." + format.extension();
        dialogs.chooseFileToSave("Export conversation", name, List.of(format.fileType())).ifPresent(path ->
                runner.submit(TaskRunner.Lane.STORAGE, () -> {
                    String text = format == ExportFormat.MARKDOWN
                            ? repository.exportMarkdown(conversation.id())
                            : repository.exportJson(conversation.id());
                    write(path, text);
                    return path;
                }, written -> notice.set(new Notice("Exported to " + written + ".", "OK", () -> notice.set(null))),
                        failure -> report(failure, "export the conversation")));
    }

    /** Asks for a JSON export and adds it as a new conversation, then opens it. */
    public void importJson() {
        dialogs.chooseFileToOpen("Import conversation", List.of(ExportFormat.JSON.fileType())).ifPresent(path ->
                runner.submit(TaskRunner.Lane.STORAGE, () -> repository.importJson(read(path)), imported -> {
                    refresh();
                    onOpen.accept(imported.id());
                }, failure -> report(failure, "import " + path.getFileName())));
    }

    private void report(Throwable failure, String doing) {
        LOG.warn("Could not {}", doing, failure);
        errors.accept(UserError.from(failure, doing));
    }

    private static void write(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoupeException("Loupe could not write " + path + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoupeException("The file " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    public ObservableList<ConversationSummary> items() {
        return itemsView;
    }

    public StringProperty searchProperty() {
        return search;
    }

    /** The last delete (with its undo) or export, until dismissed. */
    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }
}
