package dev.loupe.rag.ingest;

import dev.loupe.rag.chunk.ChunkingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named collection: which folders and files it holds and how they are cut into chunks.
 *
 * @param name letters, digits, '.', '_' or '-', at most 64 characters
 * @param sources folders (read recursively) and single files; stored absolute and normalised
 * @param chunking the chunking strategy and size
 * @param maxFileBytes files larger than this are skipped with a reason
 */
public record CollectionSettings(String name, List<Path> sources, ChunkingSettings chunking, long maxFileBytes) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** 50 MiB: large enough for books as PDF, small enough to skip disk images with a text extension. */
    public static final long DEFAULT_MAX_FILE_BYTES = 50L * 1024 * 1024;

    public CollectionSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chunking, "chunking");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A collection name may only use letters, digits, '.', '_' and '-'"
                    + " (at most 64), got '" + name + "'.");
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("Collection " + name + " needs at least one folder or file.");
        }
        sources = sources.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("The file size limit must be positive, got " + maxFileBytes + ".");
        }
    }

    public static CollectionSettings of(String name, List<Path> sources) {
        return new CollectionSettings(name, sources, ChunkingSettings.defaults(), DEFAULT_MAX_FILE_BYTES);
    }
}
