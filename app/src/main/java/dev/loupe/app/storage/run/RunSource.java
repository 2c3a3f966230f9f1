package dev.loupe.app.storage.run;

/** The part of Loupe that asked for a generation. */
public enum RunSource {
    CHAT,
    COMPARE,
    AGENTS,
    DOCUMENTS,
    /** The local API server, on behalf of another program. */
    API
}
