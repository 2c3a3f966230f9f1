package dev.loupe.ui.runs;

/** The part of Loupe that asked for a generation. */
public enum RunOrigin {
    CHAT("Chat"),
    COMPARE("Compare"),
    AGENTS("Agents"),
    DOCUMENTS("Documents"),
    API("API server");

    private final String label;

    RunOrigin(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
