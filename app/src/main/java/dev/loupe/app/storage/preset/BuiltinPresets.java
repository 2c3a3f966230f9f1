package dev.loupe.app.storage.preset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.app.storage.JsonFields;
import dev.loupe.app.storage.SamplerSettingsJson;
import dev.loupe.app.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The presets Loupe ships, read from JSON files in the resources module
 * ({@code dev/loupe/resources/presets/NAME.json}):
 * <pre>{"format":"loupe.preset","version":1,"name":"Precise","description":…,"settings":{SamplerSettingsJson}}</pre>
 * Stateless and thread-safe.
 */
public final class BuiltinPresets {
    /** The shipped files, in the order the UI lists them. */
    public static final List<String> FILES = List.of("precise", "balanced", "creative");
    static final String FOLDER = "/dev/loupe/resources/presets/";
    private static final String FORMAT = "loupe.preset";
    private static final int VERSION = 1;

    private BuiltinPresets() {}

    /** Reads every shipped preset from the class path. */
    public static List<Preset> load() {
        List<Preset> presets = new ArrayList<>();
        for (String file : FILES) {
            presets.add(read(FOLDER + file + ".json"));
        }
        return presets;
    }

    static Preset read(String resource) {
        String what = "the built-in preset " + resource;
        try (InputStream in = BuiltinPresets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StorageException("Loupe could not find " + what + "; reinstall Loupe.");
            }
            JsonNode root = JsonFields.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), what);
            if (!FORMAT.equals(root.path("format").asText()) || JsonFields.intValue(root, "version", what) != VERSION) {
                throw new StorageException("Loupe could not read " + what + " (unknown format); reinstall Loupe.");
            }
            return new Preset(JsonFields.text(root, "name", what), JsonFields.text(root, "description", what),
                    SamplerSettingsJson.fromTree(JsonFields.required(root, "settings", what)), true);
        } catch (IOException e) {
            throw new StorageException("Loupe could not read " + what + "; reinstall Loupe.", e);
        }
    }
}
