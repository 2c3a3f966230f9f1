package dev.loupe.ui.ask;

import dev.loupe.rag.answer.AskMode;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.documents.DocumentLibrarySource;
import dev.loupe.ui.settings.AskSettings;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.task.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's Chat / Ask documents switch and the Ask options: the collections to search (listed from the
 * documents library), top-k and plain or HyDE retrieval. Every change is remembered through {@link UiSettings}.
 * The library is only opened once Ask mode is on, since opening it loads the embedding model.
 *
 * <p>UI thread only; the settings are read and written on the storage lane, collections listed on the documents
 * lane.
 */
public final class AskOptionsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(AskOptionsViewModel.class);
    /** Said when Ask mode is on and the library has no collection. */
    public static final String NO_COLLECTIONS = "There are no document collections yet; add a folder in the Documents "
            + "workspace, then ask.";

    private final TaskRunner runner;
    private final DocumentLibrarySource documents;
    private final UiSettings settings;
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");
    private final ObjectProperty<AskMode> mode = new SimpleObjectProperty<>(this, "mode", AskMode.PLAIN);
    private final IntegerProperty k = new SimpleIntegerProperty(this, "k", AskSettings.DEFAULTS.k());
    private final ObservableList<String> available = FXCollections.observableArrayList();
    private final ObservableList<String> availableView = FXCollections.unmodifiableObservableList(available);
    private final ObservableList<String> selected = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    /** True while {@link #apply} sets the properties, so that reading the settings does not write them back. */
    private boolean applying;
    private boolean listed;

    public AskOptionsViewModel(TaskRunner runner, DocumentLibrarySource documents, UiSettings settings) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.settings = Objects.requireNonNull(settings, "settings");
        enabled.addListener((obs, old, on) -> {
            if (on && !listed) {
                refresh();
            }
            save();
        });
        mode.addListener(o -> save());
        k.addListener(o -> save());
        selected.addListener((ListChangeListener<String>) c -> save());
    }

    /** Reads the remembered choices; lists the collections when Ask mode was on. */
    public void start() {
        runner.submit(TaskRunner.Lane.STORAGE, settings::askSettings, this::apply,
                failure -> LOG.warn("Reading the Ask settings failed", failure));
    }

    /** Shows {@code value}'s choices without saving them again; turning Ask mode on lists the collections. */
    public void apply(AskSettings value) {
        applying = true;
        try {
            mode.set(value.mode());
            k.set(value.k());
            selected.setAll(value.collections());
            enabled.set(value.enabled());
        } finally {
            applying = false;
        }
    }

    /**
     * Lists the collections of the documents library again (opening it the first time), keeping the selection of
     * those that still exist; with a single collection and none chosen, chooses it.
     */
    public void refresh() {
        listed = true;
        runner.submit(TaskRunner.Lane.DOCUMENTS, () -> documents.library().collections().stream()
                .map(CollectionSettings::name).toList(), names -> {
            available.setAll(names);
            List<String> kept = new ArrayList<>(selected.stream().filter(names::contains).toList());
            if (kept.isEmpty() && names.size() == 1) {
                kept.add(names.getFirst());
            }
            if (!kept.equals(selected)) {
                selected.setAll(kept);
            }
            status.set(names.isEmpty() ? NO_COLLECTIONS : "");
        }, failure -> {
            LOG.warn("Listing the document collections failed", failure);
            available.clear();
            status.set(UserError.from(failure, "open the documents library").message());
        });
    }

    /** Adds or removes a collection from the ones searched. */
    public void choose(String collection, boolean chosen) {
        if (chosen && !selected.contains(collection)) {
            selected.add(collection);
        } else if (!chosen) {
            selected.remove(collection);
        }
    }

    /** The choices as they are now; read on the UI thread when a question is sent. */
    public AskSettings snapshot() {
        return new AskSettings(enabled.get(), List.copyOf(selected), k.get(), mode.get());
    }

    private void save() {
        if (applying) {
            return;
        }
        AskSettings value = snapshot();
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            settings.saveAskSettings(value);
            return null;
        }, ignored -> {}, failure -> LOG.warn("Saving the Ask settings failed", failure));
    }

    /** Whether the composer asks the documents instead of chatting. */
    public BooleanProperty enabledProperty() {
        return enabled;
    }

    public ObjectProperty<AskMode> modeProperty() {
        return mode;
    }

    /** Passages to retrieve, {@link AskSettings#MIN_K} to {@link AskSettings#MAX_K}. */
    public IntegerProperty kProperty() {
        return k;
    }

    /** The collections of the documents library, by name, once listed. */
    public ObservableList<String> available() {
        return availableView;
    }

    /** The collections questions search. */
    public ObservableList<String> selected() {
        return selected;
    }

    /** Why asking cannot work yet (no collections, library unreadable); empty when it can. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
