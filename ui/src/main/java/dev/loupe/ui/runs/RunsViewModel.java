package dev.loupe.ui.runs;

import dev.loupe.inference.LoupeException;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.task.TaskRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs workspace: every generation in one table with filters and search, charts of speed and time to first
 * token over time and per model, CSV and JSON export, and a way back to the answer a run produced. UI thread
 * only; queries run on the storage lane.
 */
public final class RunsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(RunsViewModel.class);

    /** Rows the table holds at most; the filters narrow down older runs. */
    public static final int LIMIT = 2_000;

    /** How far back to look. */
    public enum Period {
        ALL("All time", null),
        DAY("Last 24 hours", Duration.ofDays(1)),
        WEEK("Last 7 days", Duration.ofDays(7)),
        MONTH("Last 30 days", Duration.ofDays(30));

        private final String label;
        private final Duration length;

        Period(String label, Duration length) {
            this.label = label;
            this.length = length;
        }

        Optional<Instant> since(Instant now) {
            return Optional.ofNullable(length).map(now::minus);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One point of a chart: a run's start and a figure of it. */
    public record Point(Instant at, double value) {}

    /** The points of one model, oldest first. */
    public record ModelSeries(String modelId, List<Point> points) {
        public ModelSeries {
            points = List.copyOf(points);
        }
    }

    /** Averages of one model over the listed runs that generated something. */
    public record ModelAverage(String modelId, int runs, double tokensPerSecond, double ttftMillis) {}

    /** Export formats. */
    public enum ExportFormat { CSV, JSON }

    private final TaskRunner runner;
    private final RunRepository repository;
    private final DialogService dialogs;
    private final Clock clock;
    private final ObservableList<RunEntry> rows = FXCollections.observableArrayList();
    /** The read-only view handed out; kept, since a view created per call would drop its listeners when collected. */
    private final ObservableList<RunEntry> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<String> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ObservableList<ModelSeries> speed = FXCollections.observableArrayList();
    private final ObservableList<ModelSeries> speedView = FXCollections.unmodifiableObservableList(speed);
    private final ObservableList<ModelSeries> ttft = FXCollections.observableArrayList();
    private final ObservableList<ModelSeries> ttftView = FXCollections.unmodifiableObservableList(ttft);
    private final ObservableList<ModelAverage> averages = FXCollections.observableArrayList();
    private final ObservableList<ModelAverage> averagesView = FXCollections.unmodifiableObservableList(averages);
    private final ObjectProperty<RunOrigin> origin = new SimpleObjectProperty<>(this, "origin");
    private final StringProperty model = new SimpleStringProperty(this, "model");
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<Period> period = new SimpleObjectProperty<>(this, "period", Period.ALL);
    private final ReadOnlyObjectWrapper<EngineState> state = new ReadOnlyObjectWrapper<>(this, "state", EngineState.IDLE);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private LongConsumer openAnswer = id -> {};
    private long querySerial;

    public RunsViewModel(TaskRunner runner, RunRepository repository, DialogService dialogs, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.clock = Objects.requireNonNull(clock, "clock");
        origin.addListener(o -> refresh());
        model.addListener(o -> refresh());
        search.addListener(o -> refresh());
        period.addListener(o -> refresh());
    }

    /** What opening a run's answer means; the shell shows it in the chat. */
    public void onOpenAnswer(LongConsumer action) {
        this.openAnswer = Objects.requireNonNull(action, "action");
    }

    /** Queries the log again with the current filters; an older query that answers late is dropped. */
    public void refresh() {
        long serial = ++querySerial;
        RunFilter filter = filter();
        state.set(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.STORAGE, () -> repository.query(filter, LIMIT), list -> {
            if (serial != querySerial) {
                return;
            }
            show(list);
            state.set(EngineState.IDLE);
        }, failure -> {
            LOG.warn("Querying the runs failed", failure);
            error.set(UserError.from(failure, "read the runs"));
            state.set(EngineState.ERROR);
        });
    }

    /** The filter the controls describe, read now. */
    public RunFilter filter() {
        String chosenModel = model.get();
        return new RunFilter(Optional.ofNullable(origin.get()),
                chosenModel == null || chosenModel.isBlank() ? Optional.empty() : Optional.of(chosenModel),
                search.get(), period.get() == null ? Optional.empty() : period.get().since(clock.instant()));
    }

    /** Opens the chat answer a run produced, when it has one. */
    public void open(RunEntry entry) {
        if (entry.run().messageId().isEmpty()) {
            error.set(UserError.of("This run has no stored answer to open; only chat runs keep theirs."));
            return;
        }
        error.set(null);
        openAnswer.accept(entry.run().messageId().get());
    }

    /** Asks where to save and writes the listed runs there. */
    public void export(ExportFormat format) {
        RunFilter filter = filter();
        String extension = format == ExportFormat.CSV ? "csv" : "json";
        var type = format == ExportFormat.CSV ? DialogService.FileType.of("CSV files", "csv") : DialogService.FileType.of("JSON files", "json");
        dialogs.chooseFileToSave("Export runs", "loupe-runs." + extension, List.of(type)).ifPresent(path ->
                runner.submit(TaskRunner.Lane.STORAGE, () -> {
                    String text = format == ExportFormat.CSV ? repository.exportCsv(filter) : repository.exportJson(filter);
                    write(path, text);
                    return path;
                }, written -> error.set(null), failure -> {
                    LOG.warn("Exporting the runs failed", failure);
                    error.set(UserError.from(failure, "export the runs"));
                }));
    }

    public void dismissError() {
        error.set(null);
        if (state.get() == EngineState.ERROR) {
            state.set(EngineState.IDLE);
        }
    }

    private void show(List<RunEntry> list) {
        rows.setAll(list);
        TreeSet<String> names = new TreeSet<>(models);
        list.forEach(e -> names.add(e.run().modelId()));
        if (!names.equals(new TreeSet<>(models))) {
            models.setAll(names);
        }
        Map<String, List<Point>> speedByModel = new LinkedHashMap<>();
        Map<String, List<Point>> ttftByModel = new LinkedHashMap<>();
        List<RunEntry> oldestFirst = new ArrayList<>(list);
        oldestFirst.sort(Comparator.comparing((RunEntry e) -> e.run().startedAt()).thenComparing(RunEntry::id));
        for (RunEntry entry : oldestFirst) {
            NewRun run = entry.run();
            if (run.failed() || run.generatedTokens() == 0) {
                continue;
            }
            speedByModel.computeIfAbsent(run.modelId(), k -> new ArrayList<>()).add(new Point(run.startedAt(), run.tokensPerSecond()));
            ttftByModel.computeIfAbsent(run.modelId(), k -> new ArrayList<>()).add(new Point(run.startedAt(), run.ttftMillis()));
        }
        speed.setAll(speedByModel.entrySet().stream().map(e -> new ModelSeries(e.getKey(), e.getValue())).toList());
        ttft.setAll(ttftByModel.entrySet().stream().map(e -> new ModelSeries(e.getKey(), e.getValue())).toList());
        averages.setAll(speedByModel.keySet().stream().map(id -> new ModelAverage(id, speedByModel.get(id).size(),
                speedByModel.get(id).stream().mapToDouble(Point::value).average().orElse(0),
                ttftByModel.get(id).stream().mapToDouble(Point::value).average().orElse(0))).toList());
        long failed = list.stream().filter(e -> e.run().failed()).count();
        double meanSpeed = speedByModel.values().stream().flatMap(List::stream).mapToDouble(Point::value).average().orElse(0);
        summary.set(list.size() + (list.size() == 1 ? " run" : " runs")
                + (list.size() == LIMIT ? " (the newest " + LIMIT + "; narrow the filters to see older ones)" : "")
                + (failed > 0 ? " · " + failed + " failed" : "")
                + (meanSpeed > 0 ? " · mean " + Figures.tokensPerSecond(meanSpeed) : ""));
    }

    private static void write(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoupeException("Loupe could not write " + path + ": " + e.getMessage(), e);
        }
    }

    public ObservableList<RunEntry> rows() {
        return rowsView;
    }

    /** Every model seen in the runs, for the model filter. */
    public ObservableList<String> models() {
        return modelsView;
    }

    /** Tokens per second of each listed run that generated something, per model, oldest first. */
    public ObservableList<ModelSeries> speedSeries() {
        return speedView;
    }

    /** Time to first token in milliseconds of each listed run, per model, oldest first. */
    public ObservableList<ModelSeries> ttftSeries() {
        return ttftView;
    }

    public ObservableList<ModelAverage> averages() {
        return averagesView;
    }

    /** Only runs from this part of Loupe; null for any. */
    public ObjectProperty<RunOrigin> originProperty() {
        return origin;
    }

    /** Only runs of this model; null or blank for any. */
    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<Period> periodProperty() {
        return period;
    }

    public ReadOnlyObjectProperty<EngineState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "42 runs · 1 failed · mean 812 tok/s". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }
}
