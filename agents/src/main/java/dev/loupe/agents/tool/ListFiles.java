package dev.loupe.agents.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code list_files}: the entries of one granted folder or a folder inside it, sorted, folders marked with a
 * trailing slash (symlinks are listed as they are, never followed); an empty path lists the granted folders themselves. Sensitive: waits for approval. Thread-safe.
 */
public final class ListFiles implements Tool {
    /** Longer listings are cut with a note. */
    public static final int MAX_ENTRIES = 200;

    private final FolderGrants grants;

    public ListFiles(FolderGrants grants) {
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    @Override
    public String name() {
        return "list_files";
    }

    @Override
    public String description() {
        return "Lists a folder inside the granted folders " + grants.names() + "; an empty path lists them all.";
    }

    @Override
    public ObjectNode argumentsSchema() {
        return ArgumentSchemas.object(Map.of("path", ArgumentSchemas.string("granted folder name, then a sub-folder")),
                List.of("path"));
    }

    @Override
    public boolean sensitive() {
        return true;
    }

    @Override
    public String run(JsonNode arguments, CancellationToken cancel) {
        String path = arguments.path("path").asText("");
        if (path.isBlank() || path.equals(".")) {
            return grants.names().isEmpty() ? "(no folders are granted)"
                    : String.join("\n", grants.names().stream().map(name -> name + "/").toList());
        }
        Path folder = grants.resolve(path);
        if (!Files.isDirectory(folder)) {
            throw new ToolException("'" + path + "' is a file, not a folder; use read_file for files.");
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.sorted().forEach(entry -> lines.add(grants.display(folder).concat("/")
                    + entry.getFileName() + (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
        } catch (IOException e) {
            throw new ToolException("'" + path + "' cannot be listed: " + e.getMessage() + ".", e);
        }
        if (lines.isEmpty()) {
            return "(empty folder)";
        }
        if (lines.size() > MAX_ENTRIES) {
            int total = lines.size();
            return String.join("\n", lines.subList(0, MAX_ENTRIES)) + "\n[cut: " + total + " entries in all]";
        }
        return String.join("\n", lines);
    }
}
