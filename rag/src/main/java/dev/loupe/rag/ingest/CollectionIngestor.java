package dev.loupe.rag.ingest;

import dev.loupe.rag.chunk.Chunker;
import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.FileType;
import dev.loupe.rag.document.SkipKind;
import dev.loupe.rag.document.SkippedFile;
import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.index.FileRecord;
import dev.loupe.rag.index.LuceneIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one collection's part of the index in line with its source folders, incrementally.
 *
 * <p>A file whose size and modification time match its record is not read at all; one whose bytes hash to the
 * recorded SHA-256 is not re-chunked or re-embedded (only its record is refreshed); a changed file replaces its
 * old chunks; a file gone from the sources is removed. Files that cannot be used (too large, unreadable, corrupt,
 * encrypted, binary, empty) are recorded with a reason and never stop the run. A crash or a cancellation keeps
 * every file committed so far; the next run picks up the rest.
 *
 * <p>Blocking; run it off the UI thread. Not thread-safe: one run per index at a time.
 */
public final class CollectionIngestor {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionIngestor.class);

    private final LuceneIndex index;
    private final Embedder embedder;
    private final FileTypeExtractor extractor;
    private final IngestOptions options;

    public CollectionIngestor(LuceneIndex index, Embedder embedder, IngestOptions options) {
        this.index = Objects.requireNonNull(index, "index");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.extractor = new FileTypeExtractor();
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Indexes {@code settings}' sources.
     *
     * @param progress told after each file, on the calling thread
     * @param cancelled polled before each file; when it turns true the run drops the files it has not written yet,
     *     commits the others and returns a report with {@code cancelled} set (the texts being embedded finish
     *     first, under a second; the rest of their batch is skipped)
     * @throws dev.loupe.rag.index.IndexException when the index cannot be written (the run stops: a full disk
     *     is not a per-file problem)
     */
    public IngestReport ingest(CollectionSettings settings, Consumer<IngestProgress> progress,
            BooleanSupplier cancelled) {
        long started = System.nanoTime();
        String collection = settings.name();
        Chunker chunker = settings.chunking().newChunker(embedder);
        index.refresh();
        Map<String, FileRecord> known = index.files(collection);
        Map<String, FileRecord> missingSources = new TreeMap<>();
        List<Path> files = scan(settings, missingSources);

        int[] done = {0};
        DocumentIndexer indexer = new DocumentIndexer(index, embedder, chunker, options, (source, chunks, committed) -> {
            done[0]++;
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.accept(new IngestProgress(done[0], files.size() + missingSources.size(), chunks,
                    seconds > 0 ? chunks / seconds : 0, source));
        });

        int removed = 0;
        Set<String> present = new HashSet<>(files.stream().map(Path::toString).toList());
        present.addAll(missingSources.keySet());
        for (String path : known.keySet()) {
            if (!present.contains(path)) {
                index.removeFile(collection, path);
                removed++;
            }
        }
        for (FileRecord missing : missingSources.values()) {
            indexer.addSkipped(missing);
        }

        int indexed = 0;
        int unchanged = 0;
        boolean stopped = false;
        for (Path file : files) {
            if (cancelled.getAsBoolean()) {
                stopped = true;
                break;
            }
            Outcome outcome = handle(collection, settings.maxFileBytes(), file, known.get(file.toString()), indexer);
            if (outcome == Outcome.INDEXED) {
                indexed++;
            } else if (outcome == Outcome.UNCHANGED || outcome == Outcome.UNREAD) {
                unchanged++;
            }
            if (outcome == Outcome.UNREAD) { // nothing queued, so the indexer will not report it
                done[0]++;
                double seconds = (System.nanoTime() - started) / 1e9;
                long chunks = indexer.chunksWritten();
                progress.accept(new IngestProgress(done[0], files.size() + missingSources.size(), chunks,
                        seconds > 0 ? chunks / seconds : 0, file.toString()));
            }
        }
        if (stopped || cancelled.getAsBoolean()) {
            indexed -= indexer.abandon(); // queued but never written: the next run indexes them
            stopped = true;
        } else {
            indexer.finish();
        }
        List<SkippedFile> skipped = index.files(collection).values().stream()
                .filter(FileRecord::skipped)
                .map(r -> new SkippedFile(r.path(), r.skipKind(), r.skipReason()))
                .toList();
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        return new IngestReport(collection, files.size(), indexed, unchanged, removed, indexer.chunksWritten(),
                skipped, stopped, elapsed);
    }

    private enum Outcome {
        INDEXED,
        /** Same bytes as recorded: only the record is rewritten. */
        UNCHANGED,
        /** Same size and time as recorded: the file was not even opened. */
        UNREAD,
        SKIPPED
    }

    private Outcome handle(String collection, long maxBytes, Path file, FileRecord known, DocumentIndexer indexer) {
        String path = file.toString();
        String name = file.getFileName().toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            String reason = Files.isSymbolicLink(file)
                    ? name + " is a link to a file that does not exist; fix or delete the link."
                    : name + " cannot be read (" + e.getClass().getSimpleName() + "); check that it still exists.";
            return skip(indexer, new FileRecord(collection, path, "", 0, 0, 0, SkipKind.UNREADABLE, reason), e);
        }
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        boolean limitRaised = known != null && known.skipKind() == SkipKind.TOO_LARGE && size <= maxBytes;
        if (known != null && known.sizeBytes() == size && known.modifiedMillis() == modified
                && known.skipKind() != SkipKind.UNREADABLE && !limitRaised) {
            return Outcome.UNREAD;
        }
        if (size > maxBytes) {
            return skip(indexer, new FileRecord(collection, path, "", size, modified, 0, SkipKind.TOO_LARGE,
                    name + " is " + humanSize(size) + ", over this collection's limit of " + humanSize(maxBytes)
                            + "; raise the limit or split the file."), null);
        }
        FileType type = FileType.of(file).orElse(null);
        if (type == null) {
            return skip(indexer, new FileRecord(collection, path, "", size, modified, 0, SkipKind.UNSUPPORTED,
                    name + " is not a format Loupe reads; use .txt, .md, .html, .pdf or .docx."), null);
        }
        byte[] content;
        try {
            content = readAtMost(file, maxBytes);
        } catch (IOException e) {
            String reason = e instanceof AccessDeniedException
                    ? name + " cannot be opened: permission denied; give your user read access to it."
                    : name + " cannot be read (" + e.getMessage() + "); check the disk and the file.";
            return skip(indexer, new FileRecord(collection, path, "", size, modified, 0, SkipKind.UNREADABLE,
                    reason), e);
        }
        String hash = sha256(content);
        if (known != null && hash.equals(known.contentHash()) && known.skipKind() != SkipKind.UNREADABLE) {
            indexer.updateRecord(new FileRecord(collection, path, hash, size, modified, known.chunkCount(),
                    known.skipKind(), known.skipReason()));
            return Outcome.UNCHANGED; // touched but same bytes: keep chunks and embeddings
        }
        ExtractedDocument document;
        try {
            document = extractor.extract(type, content, name);
        } catch (ExtractionException e) {
            return skip(indexer, new FileRecord(collection, path, hash, size, modified, 0, e.kind(), e.getMessage()),
                    e);
        } catch (RuntimeException | StackOverflowError e) {
            // A parser bug on a strange file must not stop the batch; the file is reported as unreadable content.
            return skip(indexer, new FileRecord(collection, path, hash, size, modified, 0, SkipKind.CORRUPT,
                    name + " could not be parsed; re-save it in its program or convert it to another format."), e);
        }
        indexer.add(new FileRecord(collection, path, hash, size, modified, 0, null, null), type, document);
        return Outcome.INDEXED;
    }

    private static Outcome skip(DocumentIndexer indexer, FileRecord record, Throwable cause) {
        if (cause != null) {
            LOG.info("Skipping {}: {}", record.path(), record.skipReason(), cause);
        } else {
            LOG.info("Skipping {}: {}", record.path(), record.skipReason());
        }
        indexer.addSkipped(record);
        return Outcome.SKIPPED;
    }

    /** Supported files under the sources, sorted; sources that do not exist become skip records. */
    private static List<Path> scan(CollectionSettings settings, Map<String, FileRecord> missing) {
        List<Path> out = new ArrayList<>();
        for (Path source : settings.sources()) {
            if (Files.isDirectory(source)) {
                try {
                    Files.walkFileTree(source, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            boolean hidden = !dir.equals(source) && dir.getFileName().toString().startsWith(".");
                            return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (!file.getFileName().toString().startsWith(".") && FileType.of(file).isPresent()) {
                                out.add(file.toAbsolutePath().normalize());
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (FileType.of(file).isPresent() || !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                                out.add(file.toAbsolutePath().normalize()); // reported as unreadable when handled
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
                } catch (IOException e) {
                    missing.put(source.toString(), new FileRecord(settings.name(), source.toString(), "", 0, 0, 0,
                            SkipKind.UNREADABLE, "The folder " + source + " cannot be listed (" + e.getMessage()
                                    + "); check its permissions."));
                }
            } else if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                out.add(source); // named explicitly: handled even when the type is unsupported, to say so
            } else {
                missing.put(source.toString(), new FileRecord(settings.name(), source.toString(), "", 0, 0, 0,
                        SkipKind.UNREADABLE, source + " does not exist; fix the collection's sources."));
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    private static byte[] readAtMost(Path file, long maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new IOException("it grew past the size limit while being read");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new IOException("it disappeared while being read", e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    static String humanSize(long bytes) {
        if (bytes < 1_000) {
            return bytes + " bytes";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1_000.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
