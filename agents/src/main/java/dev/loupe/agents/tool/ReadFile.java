package dev.loupe.agents.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code read_file}: the UTF-8 text of a file inside the granted folders, cut at {@code maxChars} characters so
 * that one file cannot fill the context. Sensitive: waits for approval. Thread-safe.
 */
public final class ReadFile implements Tool {
    private final FolderGrants grants;
    private final int maxChars;

    /** @param maxChars longest text returned, in characters; longer files are cut with a note */
    public ReadFile(FolderGrants grants, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        this.grants = Objects.requireNonNull(grants, "grants");
        this.maxChars = maxChars;
    }

    @Override
    public String name() {
        return "read_file";
    }

    @Override
    public String description() {
        return "Reads a text file inside the granted folders " + grants.names() + ", e.g. notes/todo.md.";
    }

    @Override
    public ObjectNode argumentsSchema() {
        return ArgumentSchemas.object(Map.of("path", ArgumentSchemas.string("granted folder name, then the file path")),
                List.of("path"));
    }

    @Override
    public boolean sensitive() {
        return true;
    }

    @Override
    public String run(JsonNode arguments, CancellationToken cancel) {
        String path = arguments.path("path").asText("");
        Path file = grants.resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new ToolException("'" + path + "' is a folder, not a file; use list_files for folders.");
        }
        // Read a bounded prefix: UTF-8 needs at most 4 bytes per character.
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            head = in.readNBytes((int) Math.min(size, 4L * maxChars + 4));
        } catch (IOException e) {
            throw new ToolException("'" + path + "' cannot be read: " + e.getMessage() + ".", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, cutAtCharBoundary(head))).toString();
        } catch (CharacterCodingException e) {
            throw new ToolException("'" + path + "' is not UTF-8 text; only text files can be read.", e);
        }
        if (text.length() > maxChars || head.length < size) {
            int end = Math.min(text.length(), maxChars);
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            return text.substring(0, end) + "\n[cut: the file is longer than " + maxChars + " characters]";
        }
        return text;
    }

    /** Length of the longest prefix of {@code bytes} that does not end inside a UTF-8 sequence. */
    private static int cutAtCharBoundary(byte[] bytes) {
        int end = bytes.length;
        int back = 0;
        while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0x80) {
            back++;
        }
        int lead = end - back - 1;
        if (lead < 0) {
            return end;
        }
        int b = bytes[lead] & 0xFF;
        int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return back + 1 < need ? lead : end;
    }
}
