package dev.loupe.ui.about;

import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.task.TaskRunner;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The About dialog: Loupe's version, the runtime and library versions, the bundled model's licence and the
 * third-party notices. Read once, in the background, the first time the dialog opens. UI thread only.
 */
public final class AboutViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(AboutViewModel.class);

    private final TaskRunner runner;
    private final AboutSource source;
    private final ReadOnlyObjectWrapper<AboutInfo> info = new ReadOnlyObjectWrapper<>(this, "info");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private boolean reading;

    public AboutViewModel(TaskRunner runner, AboutSource source) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Reads the versions and notices unless they were read already or are being read. */
    public void load() {
        if (info.get() != null || reading) {
            return;
        }
        reading = true;
        error.set(null);
        runner.submit(TaskRunner.Lane.FILES, source::read, read -> {
            reading = false;
            info.set(read);
        }, failure -> {
            reading = false;
            LOG.warn("Reading the versions for the About dialog failed", failure);
            error.set(UserError.from(failure, "read the versions and notices"));
        });
    }

    /** The versions and notices; null until read. */
    public ReadOnlyObjectProperty<AboutInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }
}
