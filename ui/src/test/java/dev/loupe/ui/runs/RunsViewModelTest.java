package dev.loupe.ui.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.FinishReason;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.ScriptedDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsViewModelTest {
    private static final Instant NOW = Instant.parse("2025-06-10T12:00:00Z");
    private final MemoryStores.Runs store = new MemoryStores.Runs();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final RunsViewModel runs = new RunsViewModel(new ImmediateTaskRunner(), store, dialogs, Clock.fixed(NOW, ZoneOffset.UTC));

    private void finished(String model, Duration ago, double tokensPerSecond, long ttftMillis, Long messageId) {
        store.record(new NewRun(NOW.minus(ago), RunOrigin.CHAT, model, SamplerSettings.DEFAULTS, 7, "prompt " + model, 10, 20,
                ttftMillis, tokensPerSecond, Optional.of(FinishReason.EOS), Optional.empty(), Optional.ofNullable(messageId)));
    }

    @Test
    void chartsHoldEveryRunThatGeneratedPerModelOldestFirst() {
        finished("a", Duration.ofHours(3), 100, 20, 1L);
        finished("b", Duration.ofHours(2), 300, 10, 2L);
        finished("a", Duration.ofHours(1), 200, 5, 3L);
        store.record(new NewRun(NOW, RunOrigin.CHAT, "a", SamplerSettings.DEFAULTS, 1, "too long", 600, 0, 0, 0,
                Optional.empty(), Optional.of("The prompt is too long."), Optional.empty()));
        runs.refresh();

        assertEquals(4, runs.rows().size());
        assertEquals(List.of("a", "b"), runs.models());
        assertEquals(List.of(100.0, 200.0), runs.speedSeries().get(0).points().stream().map(RunsViewModel.Point::value).toList());
        assertEquals(List.of(20.0, 5.0), runs.ttftSeries().get(0).points().stream().map(RunsViewModel.Point::value).toList());
        assertEquals(new RunsViewModel.ModelAverage("a", 2, 150, 12.5), runs.averages().get(0));
        assertEquals("4 runs · 1 failed · mean 200 tok/s", runs.summaryProperty().get());
    }

    @Test
    void filtersNarrowTheQuery() {
        finished("a", Duration.ofDays(3), 100, 20, null);
        finished("b", Duration.ofHours(2), 300, 10, null);
        runs.periodProperty().set(RunsViewModel.Period.DAY);
        assertEquals(Optional.of(NOW.minus(Duration.ofDays(1))), store.lastFilter.since());
        assertEquals(List.of("b"), runs.rows().stream().map(e -> e.run().modelId()).toList());

        runs.periodProperty().set(RunsViewModel.Period.ALL);
        runs.modelProperty().set("a");
        assertEquals(List.of("a"), runs.rows().stream().map(e -> e.run().modelId()).toList());
        runs.modelProperty().set(null);
        runs.originProperty().set(RunOrigin.API);
        assertTrue(runs.rows().isEmpty());
    }

    @Test
    void openingARunShowsItsAnswerOrSaysItHasNone() {
        finished("a", Duration.ofHours(1), 100, 20, 42L);
        store.record(new NewRun(NOW, RunOrigin.API, "a", SamplerSettings.DEFAULTS, 1, "api", 1, 1, 1, 1,
                Optional.of(FinishReason.EOS), Optional.empty(), Optional.empty()));
        runs.refresh();
        List<Long> opened = new ArrayList<>();
        runs.onOpenAnswer(opened::add);

        runs.open(runs.rows().get(1));
        assertEquals(List.of(42L), opened);
        runs.open(runs.rows().get(0));
        assertEquals("This run has no stored answer to open; only chat runs keep theirs.", runs.errorProperty().get().message());
    }

    @Test
    void exportWritesWhereTheUserChose(@TempDir Path dir) throws Exception {
        finished("a", Duration.ofHours(1), 100, 20, null);
        Path out = dir.resolve("runs.csv");
        dialogs.files.add(out);
        runs.export(RunsViewModel.ExportFormat.CSV);
        assertEquals("id\n1\n", Files.readString(out));
    }
}
