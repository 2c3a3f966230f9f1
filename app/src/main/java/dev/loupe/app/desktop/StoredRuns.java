package dev.loupe.app.desktop;

import dev.loupe.app.storage.conversation.MessageId;
import dev.loupe.app.storage.run.Run;
import dev.loupe.app.storage.run.RunExport;
import dev.loupe.app.storage.run.RunLog;
import dev.loupe.app.storage.run.RunQuery;
import dev.loupe.app.storage.run.RunRecord;
import dev.loupe.app.storage.run.RunSource;
import dev.loupe.ui.runs.NewRun;
import dev.loupe.ui.runs.RunEntry;
import dev.loupe.ui.runs.RunFilter;
import dev.loupe.ui.runs.RunOrigin;
import dev.loupe.ui.runs.RunRepository;
import java.util.List;
import java.util.Objects;

/** The runs workspace's {@link RunRepository} over the H2 {@link RunLog}. */
public final class StoredRuns implements RunRepository {
    private final RunLog log;

    public StoredRuns(RunLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public RunEntry record(NewRun run) {
        return entry(log.record(new Run(run.startedAt(), source(run.origin()), run.modelId(), run.settings(), run.seed(),
                run.prompt(), run.promptTokens(), run.generatedTokens(), run.ttftMillis(), run.tokensPerSecond(),
                run.finishReason(), run.error(), run.messageId().map(MessageId::new))));
    }

    @Override
    public List<RunEntry> query(RunFilter filter, int limit) {
        return log.query(query(filter).limit(limit)).stream().map(StoredRuns::entry).toList();
    }

    @Override
    public String exportCsv(RunFilter filter) {
        return RunExport.csv(log.query(query(filter)));
    }

    @Override
    public String exportJson(RunFilter filter) {
        return RunExport.json(log.query(query(filter)));
    }

    private static RunQuery query(RunFilter filter) {
        RunQuery query = RunQuery.ALL;
        if (filter.origin().isPresent()) {
            query = query.sources(source(filter.origin().get()));
        }
        if (filter.modelId().isPresent()) {
            query = query.model(filter.modelId().get());
        }
        if (!filter.text().isBlank()) {
            query = query.text(filter.text());
        }
        if (filter.since().isPresent()) {
            query = query.since(filter.since().get());
        }
        return query;
    }

    private static RunEntry entry(RunRecord record) {
        Run run = record.run();
        return new RunEntry(record.id(), new NewRun(run.startedAt(), origin(run.source()), run.modelId(), run.settings(),
                run.seed(), run.promptPreview(), run.promptTokens(), run.generatedTokens(), run.ttftMillis(),
                run.tokensPerSecond(), run.finishReason(), run.error(), run.messageId().map(MessageId::value)));
    }

    private static RunSource source(RunOrigin origin) {
        return switch (origin) {
            case CHAT -> RunSource.CHAT;
            case COMPARE -> RunSource.COMPARE;
            case AGENTS -> RunSource.AGENTS;
            case DOCUMENTS -> RunSource.DOCUMENTS;
            case API -> RunSource.API;
        };
    }

    private static RunOrigin origin(RunSource source) {
        return switch (source) {
            case CHAT -> RunOrigin.CHAT;
            case COMPARE -> RunOrigin.COMPARE;
            case AGENTS -> RunOrigin.AGENTS;
            case DOCUMENTS -> RunOrigin.DOCUMENTS;
            case API -> RunOrigin.API;
        };
    }
}
