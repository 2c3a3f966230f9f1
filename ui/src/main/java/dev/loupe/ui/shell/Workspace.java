package dev.loupe.ui.shell;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The workspaces of the sidebar, in its order. Those whose issue is not done yet say what they will hold and
 * show nothing else.
 */
public enum Workspace {
    CHAT("Chat", true, "Talk to the loaded model: branches, presets, every answer kept."),
    INSPECT("Inspect", true, "Any answer token by token: the probability of each token, its alternatives and the entropy "
            + "of every step, read by scoring what was stored, never regenerated."),
    COMPARE("Compare", true, "One prompt, several models or settings side by side, streamed as they run, with their "
            + "figures and an optional judge."),
    DOCUMENTS("Documents", true, "Folders of your documents indexed on this machine: search them, ask questions "
            + "and get answers that cite the passages they come from."),
    AGENTS("Agents", true, "The model calling tools step by step, with every step, tool call and result shown in a "
            + "trace you can replay."),
    MODELS("Models", true, "The models folder: figures, load and unload, import and quantize."),
    RUNS("Runs", true, "Every generation, its settings and figures, with charts.");

    private final String title;
    private final boolean ready;
    private final String description;

    Workspace(String title, boolean ready, String description) {
        this.title = title;
        this.ready = ready;
        this.description = description;
    }

    /** The id settings and the command line use: "chat", "runs", ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
    }

    /** Whether the workspace works already; the others show what is coming. */
    public boolean ready() {
        return ready;
    }

    public String description() {
        return description;
    }

    /** The shortcut digit: Ctrl+1 for the first workspace. */
    public int shortcutDigit() {
        return ordinal() + 1;
    }

    public static Optional<Workspace> fromId(String id) {
        return Arrays.stream(values()).filter(w -> w.id().equalsIgnoreCase(id == null ? "" : id.strip())).findFirst();
    }
}
