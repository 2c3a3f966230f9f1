package dev.loupe.ui.runs;

import java.util.List;

/**
 * The log of every generation. Blocks on disk I/O: call on the storage lane, never on the UI or the engine
 * thread.
 */
public interface RunRepository {

    /** Adds a run; it is on disk when this returns. */
    RunEntry record(NewRun run);

    /** The runs matching {@code filter}, the newest first, at most {@code limit}. */
    List<RunEntry> query(RunFilter filter, int limit);

    /** The matching runs as CSV, one line per run with a header. */
    String exportCsv(RunFilter filter);

    /** The matching runs as Loupe's JSON. */
    String exportJson(RunFilter filter);
}
