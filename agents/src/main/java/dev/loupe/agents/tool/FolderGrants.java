package dev.loupe.agents.tool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The folders the user let the file tools see. Each granted folder is known to the model by its own name, and a
 * path is that name followed by a path inside it ({@code notes/2025/todo.md}). {@link #resolve} is the only way
 * from a model-written path to a file: absolute paths are refused, {@code ..} may not climb out of the grant, and
 * the real path (after following symlinks) must still lie inside the real granted folder. Immutable, thread-safe.
 */
public final class FolderGrants {
    private final Map<String, Path> roots; // name -> real path of the granted folder

    private FolderGrants(Map<String, Path> roots) {
        this.roots = Collections.unmodifiableMap(roots);
    }

    /**
     * Grants the given existing folders.
     *
     * @throws ToolException if a folder does not exist or two share a name
     */
    public static FolderGrants of(List<Path> folders) {
        Map<String, Path> roots = new LinkedHashMap<>();
        for (Path folder : folders) {
            Path real;
            try {
                real = folder.toRealPath();
            } catch (IOException e) {
                throw new ToolException("The granted folder " + folder + " cannot be opened; grant an existing folder.",
                        e);
            }
            if (!Files.isDirectory(real)) {
                throw new ToolException(folder + " is not a folder; grant folders only.");
            }
            Path name = real.getFileName();
            String key = name == null ? "root" : name.toString();
            if (roots.putIfAbsent(key, real) != null) {
                throw new ToolException("Two granted folders are both named " + key + "; grant only one of them.");
            }
        }
        return new FolderGrants(roots);
    }

    /** No folders: every file request is refused. */
    public static FolderGrants none() {
        return new FolderGrants(Map.of());
    }

    /** The names the model uses for the granted folders, in grant order. */
    public List<String> names() {
        return List.copyOf(roots.keySet());
    }

    /**
     * The real file for a model-written path such as {@code notes/todo.md}. Nothing is read; the file must exist
     * because its real path is what gets checked.
     *
     * @throws ToolException if the path is absolute, names no granted folder, leaves it, or does not exist
     */
    public Path resolve(String path) {
        if (roots.isEmpty()) {
            throw new ToolException("No folders are granted to the agent; ask the user to grant one.");
        }
        Path relative;
        try {
            relative = Path.of(path.replace('\\', '/'));
        } catch (InvalidPathException e) {
            throw new ToolException("'" + path + "' is not a valid path; write it as folder/file.", e);
        }
        if (relative.isAbsolute() || path.startsWith("/") || path.startsWith("\\")) {
            throw new ToolException("Absolute paths are not allowed; write the path as one of " + names()
                    + " followed by /file.");
        }
        Path normal = relative.normalize();
        if (normal.getNameCount() == 0 || normal.toString().isEmpty() || normal.getName(0).toString().equals("..")) {
            throw outside(path);
        }
        Path root = roots.get(normal.getName(0).toString());
        boolean climbedOut = relative.getNameCount() > 0 && roots.containsKey(relative.getName(0).toString())
                && !relative.getName(0).equals(normal.getName(0));
        if (climbedOut) {
            throw outside(path);
        }
        if (root == null) {
            throw new ToolException("'" + normal.getName(0) + "' is not a granted folder; use one of " + names() + ".");
        }
        Path candidate = normal.getNameCount() == 1 ? root : root.resolve(normal.subpath(1, normal.getNameCount()));
        if (!candidate.normalize().startsWith(root)) {
            throw outside(path);
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ToolException("'" + path + "' does not exist; list the folder to see what is there.", e);
        } catch (IOException e) {
            throw new ToolException("'" + path + "' cannot be opened: " + e.getMessage() + ".", e);
        } catch (UncheckedIOException e) {
            throw new ToolException("'" + path + "' cannot be opened.", e);
        }
        // A symlink inside the grant may point anywhere; only its target counts.
        if (!real.startsWith(root)) {
            throw outside(path);
        }
        return real;
    }

    /** The model-facing path of a real file inside a grant, the inverse of {@link #resolve}. */
    public String display(Path real) {
        for (Map.Entry<String, Path> entry : roots.entrySet()) {
            if (real.startsWith(entry.getValue())) {
                Path inside = entry.getValue().relativize(real);
                return inside.toString().isEmpty() ? entry.getKey() : entry.getKey() + "/" + inside.toString()
                        .replace('\\', '/');
            }
        }
        throw new IllegalArgumentException(real + " is not inside a granted folder");
    }

    private ToolException outside(String path) {
        return new ToolException("'" + path + "' is outside the granted folders " + names()
                + "; only files inside them can be used.");
    }
}
