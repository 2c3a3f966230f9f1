package dev.loupe.app.desktop;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The moment a shown window's first frame is on screen, for the start's two uses of it: the default model's load
 * waits for it, and the start-up probe ({@link StartupProbe}) reports it. A post-layout pulse listener sees the
 * pulse that styles and lays out the scene; the work then runs after that pulse has been rendered, when the UI
 * thread is idle and takes input.
 */
final class FirstFrame {
    private FirstFrame() {}

    /** Runs {@code then} on the UI thread once, after the first pulse of {@code stage}'s scene while it shows. UI thread. */
    static void then(Stage stage, Runnable then) {
        Scene scene = stage.getScene();
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (!stage.isShowing()) {
                return;
            }
            scene.removePostLayoutPulseListener(listener[0]);
            Platform.runLater(then);
        };
        scene.addPostLayoutPulseListener(listener[0]);
        Platform.requestNextPulse();
    }
}
