package dev.loupe.ui.shell;

import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/**
 * The scrolling area of a transcript (chat messages, the agent timeline): as wide as the workspace, and keeping the
 * newest entry in view while the reader is at the bottom, so that streamed text does not scroll away from one who
 * scrolled up to read.
 */
public final class TranscriptScroll extends ScrollPane {
    private boolean followBottom = true;

    public TranscriptScroll(VBox entries) {
        super(entries);
        entries.getStyleClass().add(LoupeStyles.TRANSCRIPT);
        entries.setFillWidth(true);
        getStyleClass().add(LoupeStyles.TRANSCRIPT_SCROLL);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        vvalueProperty().addListener((obs, old, now) -> followBottom = now.doubleValue() >= getVmax() - 0.02);
        entries.heightProperty().addListener((obs, old, now) -> {
            if (followBottom) {
                setVvalue(getVmax());
            }
        });
    }

    /** Follows the bottom again, e.g. after the whole transcript was replaced. */
    public void followBottom() {
        followBottom = true;
    }
}
