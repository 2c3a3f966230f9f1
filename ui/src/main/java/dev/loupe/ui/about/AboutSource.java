package dev.loupe.ui.about;

/** Reads what the About dialog shows; the composition root knows where the versions and notices live. */
@FunctionalInterface
public interface AboutSource {
    /** Reads the versions and notices; blocks on jar and file reads, so never on the UI thread. */
    AboutInfo read();
}
