package dev.loupe.inference.model;

import dev.loupe.inference.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores around model folders. */
public final class ModelFolders {
    private ModelFolders() {}

    /** Deletes {@code dir} and everything below it; does nothing when it does not exist. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new LoupeException("Could not remove the folder " + dir + "; delete it by hand.", e);
        }
    }
}
