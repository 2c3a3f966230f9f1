package dev.loupe.ui.shell;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The workspaces of the sidebar, in its order, each with the one-line description its button's tooltip shows. */
public enum Workspace {
    CHAT("Chat", "Talk to the loaded model: branches, presets, every answer kept."),
    INSPECT("Inspect", "Any answer token by token: the probability of each token, its alternatives and the entropy "
            + "of every step, read by scoring what was stored, never regenerated."),
    COMPARE("Compare", "One prompt, several models or settings side by side, streamed as they run, with their "
            + "figures and an optional judge."),
    DOCUMENTS("Documents", "Folders of your documents indexed on this machine: search them, ask questions "
            + "and get answers that cite the passages they come from."),
    AGENTS("Agents", "The model calling tools step by step, with every step, tool call and result shown in a "
            + "trace you can replay."),
    MODELS("Models", "The models folder: figures, load and unload, import and quantize."),
    RUNS("Runs", "Every generation, its settings and figures, with charts.");

    private final String title;
    private final String description;

    Workspace(String title, String description) {
        this.title = title;
        this.description = description;
    }

    /** The id settings and the command line use: "chat", "runs", ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
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
