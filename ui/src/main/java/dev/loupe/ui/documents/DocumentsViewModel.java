package dev.loupe.ui.documents;

import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.index.FileRecord;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.ingest.IngestProgress;
import dev.loupe.rag.ingest.IngestReport;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchRequest;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.task.TaskRunner;
import dev.loupe.ui.task.UiCoalescer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents workspace: collections and their folders, each file's status (indexed, or skipped and why),
 * indexing with progress and cancel, and a hybrid search showing each retriever's score. UI thread only; the
 * library is opened and searched on the documents lane, indexed on the files lane.
 */
public final class DocumentsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentsViewModel.class);
    /** Hits a search shows. */
    public static final int SEARCH_HITS = 10;

    private final TaskRunner runner;
    private final DocumentLibrarySource source;
    private final DialogService dialogs;
    private final ObservableList<CollectionSettings> collections = FXCollections.observableArrayList();
    private final ObservableList<CollectionSettings> collectionsView = FXCollections.unmodifiableObservableList(collections);
    private final ObservableList<FileRecord> files = FXCollections.observableArrayList();
    private final ObservableList<FileRecord> filesView = FXCollections.unmodifiableObservableList(files);
    private final ObservableList<Hit> hits = FXCollections.observableArrayList();
    private final ObservableList<Hit> hitsView = FXCollections.unmodifiableObservableList(hits);
    private final ReadOnlyObjectWrapper<DocumentsState> state = new ReadOnlyObjectWrapper<>(this, "state", DocumentsState.OPENING);
    private final ReadOnlyObjectWrapper<CollectionSettings> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyObjectWrapper<IngestProgress> progress = new ReadOnlyObjectWrapper<>(this, "progress");
    private final ReadOnlyObjectWrapper<IngestReport> lastReport = new ReadOnlyObjectWrapper<>(this, "lastReport");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    /** Latest progress from the indexing thread, shown through the coalescer: one UI update per frame at most. */
    private final AtomicReference<IngestProgress> latest = new AtomicReference<>();
    private final UiCoalescer progressUpdates;
    private AtomicBoolean cancelRequested = new AtomicBoolean();
    private DocumentLibrary library;
    private boolean started;

    public DocumentsViewModel(TaskRunner runner, DocumentLibrarySource source, DialogService dialogs) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.source = Objects.requireNonNull(source, "source");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.progressUpdates = new UiCoalescer(runner, () -> progress.set(latest.get()));
    }

    /** Opens the library in the background and lists the collections; later calls do nothing. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        state.set(DocumentsState.OPENING);
        runner.submit(TaskRunner.Lane.DOCUMENTS, () -> {
            DocumentLibrary opened = source.library();
            return new Listing(opened, opened.collections());
        }, listing -> {
            library = listing.library();
            state.set(DocumentsState.IDLE);
            showCollections(listing.collections(), null);
        }, failure -> fail(failure, "open the documents library"));
    }

    /** Shows a collection's folders and files. */
    public void select(CollectionSettings collection) {
        selected.set(collection);
        files.clear();
        if (collection != null && library != null) {
            DocumentLibrary lib = library;
            String name = collection.name();
            runner.submit(TaskRunner.Lane.DOCUMENTS, () -> lib.files(name), files::setAll,
                    failure -> fail(failure, "list the files of " + name));
        }
    }

    /** Asks for a folder and a name, creates the collection and indexes it. */
    public void createCollection() {
        dialogs.chooseFolder("Choose a folder of documents").ifPresent(folder -> {
            String suggested = folder.getFileName() == null ? "documents" : folder.getFileName().toString();
            dialogs.askText("New collection", "Name of the collection:", suggested).map(String::strip)
                    .filter(name -> !name.isEmpty()).ifPresent(name -> createCollection(name, folder));
        });
    }

    /** Creates (or replaces the folders of) collection {@code name} with {@code folder} and indexes it. */
    public void createCollection(String name, Path folder) {
        if (!ready()) {
            return;
        }
        List<Path> sources = List.of(folder);
        saveAndIndex(CollectionSettings.of(name, sources));
    }

    /** Asks for a folder and adds it to the selected collection, then indexes what is new. */
    public void addFolder() {
        CollectionSettings current = selected.get();
        if (current == null || !ready()) {
            return;
        }
        dialogs.chooseFolder("Add a folder to " + current.name()).ifPresent(folder -> {
            List<Path> sources = new ArrayList<>(current.sources());
            if (!sources.contains(folder)) {
                sources.add(folder);
            }
            saveAndIndex(new CollectionSettings(current.name(), sources, current.chunking(), current.maxFileBytes()));
        });
    }

    /** Removes a folder from the selected collection; its files leave the index at the re-index that follows. */
    public void removeFolder(Path folder) {
        CollectionSettings current = selected.get();
        if (current == null || !ready()) {
            return;
        }
        List<Path> sources = new ArrayList<>(current.sources());
        sources.remove(folder);
        if (sources.isEmpty()) {
            error.set(UserError.of("A collection needs at least one folder; delete the collection instead."));
            return;
        }
        saveAndIndex(new CollectionSettings(current.name(), sources, current.chunking(), current.maxFileBytes()));
    }

    /** Deletes the selected collection and its chunks, after asking. */
    public void deleteCollection() {
        CollectionSettings current = selected.get();
        if (current == null || !ready()) {
            return;
        }
        if (!dialogs.confirm("Delete collection", "Delete the collection " + current.name()
                + " and its index? The documents themselves stay where they are.")) {
            return;
        }
        DocumentLibrary lib = library;
        runner.submit(TaskRunner.Lane.DOCUMENTS, () -> {
            lib.deleteCollection(current.name());
            return lib.collections();
        }, list -> showCollections(list, null), failure -> fail(failure, "delete " + current.name()));
    }

    /** Indexes the selected collection again (only what changed). */
    public void reindex() {
        CollectionSettings current = selected.get();
        if (current != null && ready()) {
            saveAndIndex(current);
        }
    }

    /** Stops the indexing run after the file it is on; what was indexed so far stays. */
    public void cancel() {
        if (state.get() == DocumentsState.INDEXING) {
            cancelRequested.set(true);
            state.set(DocumentsState.CANCELLING);
        }
    }

    /**
     * Searches the selected collection (all collections when none is selected) with the hybrid retriever.
     * Blank queries clear the hits.
     */
    public void search(String query) {
        if (query == null || query.isBlank()) {
            hits.clear();
            return;
        }
        if (library == null) {
            return;
        }
        CollectionSettings current = selected.get();
        SearchRequest request = new SearchRequest(query.strip(), SEARCH_HITS, SearchMode.HYBRID,
                current == null ? SearchFilter.none() : SearchFilter.collection(current.name()), true);
        DocumentLibrary lib = library;
        DocumentsState before = state.get();
        if (before == DocumentsState.IDLE) {
            state.set(DocumentsState.SEARCHING);
        }
        runner.submit(TaskRunner.Lane.DOCUMENTS, () -> lib.searcher().search(request), found -> {
            hits.setAll(found);
            if (state.get() == DocumentsState.SEARCHING) {
                state.set(DocumentsState.IDLE);
            }
        }, failure -> fail(failure, "search the documents"));
    }

    /** Hides the error. */
    public void dismissError() {
        error.set(null);
        if (state.get() == DocumentsState.ERROR) {
            state.set(library == null ? DocumentsState.OPENING : DocumentsState.IDLE);
        }
    }

    private void saveAndIndex(CollectionSettings snapshot) {
        DocumentLibrary lib = library;
        AtomicBoolean cancelled = new AtomicBoolean();
        cancelRequested = cancelled;
        error.set(null);
        lastReport.set(null);
        latest.set(null);
        progress.set(null);
        state.set(DocumentsState.INDEXING);
        runner.submit(TaskRunner.Lane.FILES, () -> {
            CollectionSettings saved = lib.saveCollection(snapshot);
            IngestReport report = lib.index(saved.name(), p -> {
                latest.set(p);
                progressUpdates.request();
            }, cancelled::get);
            return new Indexed(report, lib.collections(), lib.collection(saved.name()).orElse(saved));
        }, indexed -> {
            lastReport.set(indexed.report());
            state.set(DocumentsState.IDLE);
            showCollections(indexed.collections(), indexed.collection().name());
        }, failure -> fail(failure, "index " + snapshot.name()));
    }

    private boolean ready() {
        if (library == null) {
            error.set(UserError.of("The documents library is still opening; try again in a moment."));
            return false;
        }
        if (state.get() == DocumentsState.INDEXING || state.get() == DocumentsState.CANCELLING) {
            error.set(UserError.of("Wait for the indexing run to finish, or cancel it."));
            return false;
        }
        return true;
    }

    private void showCollections(List<CollectionSettings> list, String select) {
        collections.setAll(list);
        String wanted = select != null ? select : selected.get() == null ? null : selected.get().name();
        CollectionSettings match = list.stream().filter(c -> c.name().equals(wanted)).findFirst()
                .orElse(list.isEmpty() ? null : list.getFirst());
        select(match);
    }

    private void fail(Throwable failure, String doing) {
        LOG.warn("Could not {}", doing, failure);
        error.set(UserError.from(failure, doing));
        state.set(DocumentsState.ERROR);
    }

    private record Listing(DocumentLibrary library, List<CollectionSettings> collections) {}

    private record Indexed(IngestReport report, List<CollectionSettings> collections, CollectionSettings collection) {}

    public ObservableList<CollectionSettings> collections() {
        return collectionsView;
    }

    /** The files of the selected collection as of its last indexing run, skipped ones with their reason. */
    public ObservableList<FileRecord> files() {
        return filesView;
    }

    /** The last search's hits, best first. */
    public ObservableList<Hit> hits() {
        return hitsView;
    }

    public ReadOnlyObjectProperty<DocumentsState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CollectionSettings> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** Files done, chunks and chunks per second of the running indexing; null before the first file. */
    public ReadOnlyObjectProperty<IngestProgress> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The summary of the last indexing run, null while one runs. */
    public ReadOnlyObjectProperty<IngestReport> lastReportProperty() {
        return lastReport.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }
}
