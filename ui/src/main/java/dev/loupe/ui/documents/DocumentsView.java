package dev.loupe.ui.documents;

import atlantafx.base.theme.Styles;
import dev.loupe.rag.index.FileRecord;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.ingest.IngestProgress;
import dev.loupe.rag.ingest.IngestReport;
import dev.loupe.rag.search.Highlight;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.RetrieverScore;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.ErrorBar;
import dev.loupe.ui.shell.LoupeStyles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The documents workspace: collections on the left with their folders and files (skipped ones with the reason),
 * indexing progress with cancel, and a search whose hits show the matched words and each retriever's score.
 */
public final class DocumentsView extends BorderPane {
    public static final String COLLECTIONS = "collections";
    public static final String NEW_COLLECTION = "new-collection";
    public static final String ADD_FOLDER = "add-folder";
    public static final String REMOVE_FOLDER = "remove-folder";
    public static final String DELETE_COLLECTION = "delete-collection";
    public static final String REINDEX = "reindex";
    public static final String FOLDERS = "folders";
    public static final String FILES = "files";
    public static final String PROGRESS = "indexing-progress";
    public static final String CANCEL = "cancel-indexing";
    public static final String SEARCH = "document-search";
    public static final String HITS = "hits";

    public DocumentsView(DocumentsViewModel documents, DialogService dialogs) {
        documents.start();
        Label title = new Label("Documents");
        title.getStyleClass().add(Styles.TITLE_3);
        Label hint = new Label("Indexed on this machine; search mixes BM25 and embeddings.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        HBox header = new HBox(10, title, hint);
        header.getStyleClass().add(LoupeStyles.WORKSPACE_HEADER);
        ErrorBar error = new ErrorBar(documents.errorProperty(), documents::dismissError, dialogs);
        setTop(new VBox(header, error, progressBar(documents)));

        ListView<CollectionSettings> collections = new ListView<>(documents.collections());
        collections.setId(COLLECTIONS);
        collections.setPlaceholder(new Label("No collections yet."));
        collections.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(CollectionSettings item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name());
            }
        });
        collections.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && now != documents.selectedProperty().get()) {
                documents.select(now);
            }
        });
        Button create = button(NEW_COLLECTION, "New collection…", documents::createCollection);
        create.getStyleClass().add(Styles.ACCENT);
        Button delete = button(DELETE_COLLECTION, "Delete", documents::deleteCollection);
        Button reindex = button(REINDEX, "Re-index", documents::reindex);
        delete.disableProperty().bind(documents.selectedProperty().isNull());
        reindex.disableProperty().bind(documents.selectedProperty().isNull());

        ListView<Path> folders = new ListView<>();
        folders.setId(FOLDERS);
        folders.setPrefHeight(90);
        Runnable showSelected = () -> {
            CollectionSettings now = documents.selectedProperty().get();
            folders.getItems().setAll(now == null ? List.of() : now.sources());
            if (collections.getSelectionModel().getSelectedItem() != now) {
                collections.getSelectionModel().select(now);
            }
        };
        documents.selectedProperty().addListener(o -> showSelected.run());
        showSelected.run();
        Button add = button(ADD_FOLDER, "Add folder…", documents::addFolder);
        add.disableProperty().bind(documents.selectedProperty().isNull());
        Button remove = new Button("Remove folder");
        remove.setId(REMOVE_FOLDER);
        remove.disableProperty().bind(folders.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> documents.removeFolder(folders.getSelectionModel().getSelectedItem()));
        Label foldersTitle = new Label("Folders");
        foldersTitle.getStyleClass().add(LoupeStyles.SECTION_TITLE);
        VBox left = new VBox(8, new HBox(6, create, reindex, delete), collections, foldersTitle, folders,
                new HBox(6, add, remove));
        left.getStyleClass().add(LoupeStyles.SIDE_PANEL_CONTENT);
        VBox.setVgrow(collections, Priority.ALWAYS);

        TableView<FileRecord> files = new TableView<>(documents.files());
        files.setId(FILES);
        files.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        files.setPlaceholder(new Label("No files indexed in this collection."));
        files.getColumns().add(column("File", 220, r -> Path.of(r.path()).getFileName().toString()));
        files.getColumns().add(column("Status", 120, r -> r.skipped()
                ? "skipped: " + r.skipKind().name().toLowerCase(Locale.ROOT) : r.chunkCount() + " chunks"));
        files.getColumns().add(column("Reason", 300, r -> r.skipped() ? r.skipReason() : ""));

        TextField search = new TextField();
        search.setId(SEARCH);
        search.setPromptText("Search the selected collection and press Enter");
        search.setOnAction(e -> documents.search(search.getText()));
        ListView<Hit> hits = new ListView<>(documents.hits());
        hits.setId(HITS);
        hits.setPlaceholder(new Label("Search results appear here, with each retriever's score."));
        hits.setCellFactory(v -> new HitCell());
        VBox right = new VBox(8, files, search, hits);
        right.getStyleClass().add(LoupeStyles.SIDE_PANEL_CONTENT);
        VBox.setVgrow(hits, Priority.ALWAYS);
        files.setPrefHeight(220);

        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.3);
        setCenter(split);
    }

    private static Region progressBar(DocumentsViewModel documents) {
        ProgressBar bar = new ProgressBar(0);
        bar.setPrefWidth(240);
        Label label = new Label();
        label.setId(PROGRESS);
        Button cancel = button(CANCEL, "Cancel", documents::cancel);
        cancel.getStyleClass().add(Styles.DANGER);
        HBox box = new HBox(10, bar, label, cancel);
        box.getStyleClass().add(LoupeStyles.TOOLBAR);
        Runnable update = () -> {
            DocumentsState state = documents.stateProperty().get();
            boolean running = state == DocumentsState.INDEXING || state == DocumentsState.CANCELLING;
            IngestProgress p = documents.progressProperty().get();
            IngestReport report = documents.lastReportProperty().get();
            bar.setVisible(running);
            bar.setManaged(running);
            cancel.setVisible(running);
            cancel.setManaged(running);
            cancel.setDisable(state == DocumentsState.CANCELLING);
            if (running) {
                bar.setProgress(p == null || p.filesTotal() == 0 ? ProgressBar.INDETERMINATE_PROGRESS
                        : (double) p.filesDone() / p.filesTotal());
                label.setText(p == null ? "Indexing…" : progress(p)
                        + (state == DocumentsState.CANCELLING ? " · cancelling" : ""));
            } else if (state == DocumentsState.OPENING) {
                label.setText("Opening the documents library…");
            } else if (report != null) {
                label.setText(String.format(Locale.ROOT, "%s: %d files found, %d indexed, %d unchanged, %d skipped, "
                        + "%d chunks in %.1f s (%.1f chunks/s)%s", report.collection(), report.filesFound(),
                        report.filesIndexed(), report.filesUnchanged(), report.skipped().size(), report.chunksIndexed(),
                        report.elapsedMillis() / 1000.0, report.chunksPerSecond(),
                        report.cancelled() ? ", cancelled" : ""));
            } else {
                label.setText("");
            }
        };
        documents.stateProperty().addListener(o -> update.run());
        documents.progressProperty().addListener(o -> update.run());
        documents.lastReportProperty().addListener(o -> update.run());
        update.run();
        return box;
    }

    static String progress(IngestProgress p) {
        return String.format(Locale.ROOT, "%d/%d files · %d chunks · %.1f chunks/s", p.filesDone(), p.filesTotal(),
                p.chunks(), p.chunksPerSecond());
    }

    /** "score 0.0325 · bm25 1.84 (#1) · dense 0.712 (#2)": the fused score and each retriever's own with its rank. */
    static String scores(Hit hit) {
        return String.format(Locale.ROOT, "score %.4f · bm25 %s · dense %s", hit.score(), score(hit.bm25(), "%.2f"),
                score(hit.dense(), "%.3f"));
    }

    private static String score(Optional<RetrieverScore> s, String format) {
        return s.map(r -> String.format(Locale.ROOT, format, r.score()) + " (#" + r.rank() + ")").orElse("not found");
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static TableColumn<FileRecord, String> column(String title, double width, Function<FileRecord, String> value) {
        TableColumn<FileRecord, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    /** One hit: where it is, the scores, and the passage with the matched words marked. */
    static final class HitCell extends ListCell<Hit> {
        @Override
        protected void updateItem(Hit hit, boolean empty) {
            super.updateItem(hit, empty);
            setText(null);
            if (empty || hit == null) {
                setGraphic(null);
                return;
            }
            Label where = new Label(hit.passage().location());
            where.getStyleClass().add(Styles.TEXT_BOLD);
            Label scores = new Label(scores(hit));
            scores.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            TextFlow text = new TextFlow();
            String passage = hit.passage().text();
            int at = 0;
            for (Highlight h : hit.highlights()) {
                text.getChildren().add(new Text(passage.substring(at, h.start())));
                Text marked = new Text(passage.substring(h.start(), h.end()));
                marked.getStyleClass().add(LoupeStyles.HIT_HIGHLIGHT);
                text.getChildren().add(marked);
                at = h.end();
            }
            text.getChildren().add(new Text(passage.substring(at)));
            text.prefWidthProperty().bind(Bindings.subtract(widthProperty(), 30));
            VBox box = new VBox(where, scores, text);
            box.getStyleClass().add(LoupeStyles.HIT);
            setGraphic(box);
        }
    }
}
