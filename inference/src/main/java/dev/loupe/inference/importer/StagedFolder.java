package dev.loupe.inference.importer;

import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A folder assembled under a hidden name next to its target and moved into place in one step by
 * {@link #commit()}; closing it without a commit deletes it. Whoever looks at the target sees either nothing or
 * the complete folder. Not thread-safe.
 */
final class StagedFolder implements AutoCloseable {
    private final Path staging;
    private final Path target;
    private boolean committed;

    private StagedFolder(Path staging, Path target) {
        this.staging = staging;
        this.target = target;
    }

    /**
     * Checks that {@code target} is free (absent, or an empty folder) and creates the hidden sibling.
     *
     * @throws ModelLoadException if the target is a file or a non-empty folder, or the sibling cannot be created
     */
    static StagedFolder create(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        checkFree(absolute);
        try {
            Path parent = absolute.getParent();
            Files.createDirectories(parent);
            // createDirectory rather than createTempDirectory: the folder gets the usual permissions, not owner-only.
            Path staging = Files.createDirectory(parent.resolve("." + absolute.getFileName() + ".importing-" + UUID.randomUUID()));
            return new StagedFolder(staging, absolute);
        } catch (IOException e) {
            throw new ModelLoadException("Could not create a folder next to " + absolute + "; check that its parent folder is writable.", e);
        }
    }

    /**
     * Checks that {@code target} is absent or an empty folder, without creating anything.
     *
     * @throws ModelLoadException if it is a file or a non-empty folder
     */
    static void checkFree(Path target) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new ModelLoadException("The output " + target + " is a file; choose a new folder for the imported model.");
        }
        if (Files.isDirectory(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new ModelLoadException("The output folder " + target
                            + " already exists and is not empty; choose a new folder so nothing is overwritten.");
                }
            } catch (IOException e) {
                throw new ModelLoadException("Could not look into the output folder " + target + "; check its permissions.", e);
            }
        }
    }

    /** Where to write the files. */
    Path path() {
        return staging;
    }

    /** The folder's final place. */
    Path target() {
        return target;
    }

    /**
     * Moves the staged folder to its target in one rename.
     *
     * @throws ModelLoadException if the target was filled by something else in the meantime
     * @throws IOException if the rename fails
     */
    void commit() throws IOException {
        if (Files.isDirectory(target)) {
            try {
                Files.delete(target); // it was empty when checked; deleting fails if something arrived meanwhile
            } catch (DirectoryNotEmptyException e) {
                throw new ModelLoadException("The output folder " + target
                        + " was filled by something else during the import; choose a new folder so nothing is overwritten.", e);
            }
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /**
     * Deletes the staged folder unless it was committed.
     *
     * @throws ModelLoadException if it cannot be deleted entirely
     */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new ModelLoadException("Could not remove the unfinished import " + staging + "; delete it by hand.", e);
        }
    }
}
