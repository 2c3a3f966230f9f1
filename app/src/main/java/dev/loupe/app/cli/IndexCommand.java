package dev.loupe.app.cli;

import dev.loupe.app.AppPaths;
import dev.loupe.inference.LoupeException;
import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.document.SkippedFile;
import dev.loupe.rag.embed.OnnxBgeEmbedder;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.ingest.IngestOptions;
import dev.loupe.rag.ingest.IngestProgress;
import dev.loupe.rag.ingest.IngestReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loupe index}: adds folders and files to a collection and indexes it incrementally. Progress goes to
 * stderr; the summary, with every skipped file and its reason, to stdout.
 */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        description = {"Index folders and files (.txt .md .html .pdf .docx) into a named collection.",
            "Runs again only over what changed; without PATH it re-indexes the collection's saved sources."})
public final class IndexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--collection", description = "the collection's name (required unless --rebuild)")
    String collection;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "folders and files; replace the saved sources")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--chunking", description = "fixed, recursive, structure or semantic (default: structure, or the"
            + " collection's current one)")
    ChunkingStrategy strategy;

    @Option(names = "--chunk-tokens", description = "largest chunk in embedding-model tokens (default 256)")
    Integer chunkTokens;

    @Option(names = "--overlap-tokens", description = "overlap of fixed windows in tokens (default 32)")
    Integer overlapTokens;

    @Option(names = "--max-file-mb", description = "skip files larger than this many megabytes (default 50)")
    Double maxFileMegabytes;

    @Option(names = "--rebuild", description = "throw the whole index away and re-index every collection from its"
            + " sources (for a damaged index); --collection is then optional")
    boolean rebuild;

    @Option(names = "--index-root", hidden = true, description = "the library folder instead of $LOUPE_HOME/index")
    Path indexRoot;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = indexRoot != null ? indexRoot : AppPaths.fromEnvironment().indexes();
        try (OnnxBgeEmbedder embedder = OnnxBgeEmbedder.load();
                DocumentLibrary library = rebuild
                        ? DocumentLibrary.rebuild(root, embedder, IngestOptions.defaults())
                        : DocumentLibrary.open(root, embedder)) {
            if (collection == null && !rebuild) {
                throw new IllegalArgumentException("Name the collection to index with --collection NAME.");
            }
            if (collection != null) {
                library.saveCollection(settings(library));
            }
            Consumer<IngestProgress> progress = new ProgressPrinter(err);
            List<IngestReport> reports = new ArrayList<>();
            if (rebuild) {
                reports.addAll(library.indexAll(progress, () -> false));
            } else {
                reports.add(library.index(collection, progress, () -> false));
            }
            err.println();
            for (IngestReport report : reports) {
                print(out, report);
            }
            return 0;
        } catch (LoupeException | IllegalArgumentException e) {
            err.println();
            err.println("index: " + e.getMessage());
            return 1;
        }
    }

    private CollectionSettings settings(DocumentLibrary library) {
        CollectionSettings current = library.collection(collection).orElse(null);
        if (current == null && paths.isEmpty()) {
            throw new IllegalArgumentException("Collection " + collection + " does not exist yet; name the folders or"
                    + " files to put in it.");
        }
        ChunkingSettings chunking = current == null ? ChunkingSettings.defaults() : current.chunking();
        if (strategy != null) {
            chunking = chunking.withStrategy(strategy);
        }
        if (chunkTokens != null) {
            chunking = chunking.withMaxTokens(chunkTokens);
        }
        if (overlapTokens != null) {
            chunking = new ChunkingSettings(chunking.strategy(), chunking.maxTokens(), overlapTokens,
                    chunking.semanticBreakPercentile());
        }
        long maxBytes = maxFileMegabytes != null ? (long) (maxFileMegabytes * 1_000_000)
                : current == null ? CollectionSettings.DEFAULT_MAX_FILE_BYTES : current.maxFileBytes();
        List<Path> sources = paths.isEmpty() ? current.sources() : paths;
        return new CollectionSettings(collection, sources, chunking, maxBytes);
    }

    private static void print(PrintWriter out, IngestReport r) {
        out.printf(Locale.ROOT, "collection %s: %d files found, %d indexed, %d unchanged, %d removed, %d chunks"
                + " in %.1f s (%.1f chunks/s)%s%n", r.collection(), r.filesFound(), r.filesIndexed(),
                r.filesUnchanged(), r.filesRemoved(), r.chunksIndexed(), r.elapsedMillis() / 1000.0,
                r.chunksPerSecond(), r.cancelled() ? ", cancelled" : "");
        if (!r.skipped().isEmpty()) {
            out.printf(Locale.ROOT, "%d skipped:%n", r.skipped().size());
            for (SkippedFile s : r.skipped()) {
                out.printf(Locale.ROOT, "  %s [%s] %s%n", s.path(), s.kind().name().toLowerCase(Locale.ROOT),
                        s.reason());
            }
        }
        out.flush();
    }

    /** One stderr line per file, redrawn in place. */
    private static final class ProgressPrinter implements Consumer<IngestProgress> {
        private final PrintWriter err;

        ProgressPrinter(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void accept(IngestProgress p) {
            err.printf(Locale.ROOT, "\r%d/%d files, %d chunks, %.1f chunks/s", p.filesDone(), p.filesTotal(),
                    p.chunks(), p.chunksPerSecond());
            err.flush();
        }
    }
}
