package dev.loupe.ui.dialog;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything that asks the user something or shows a window of its own, so that view-models can be tested
 * without a screen: the desktop implementation opens JavaFX dialogs, tests answer from a script. Call on the UI
 * thread; the methods block until the user answered.
 */
public interface DialogService {

    /**
     * A kind of file offered in open and save dialogs.
     *
     * @param description shown to the user, e.g. "JSON files"
     * @param extensions without the dot, e.g. "json"
     */
    record FileType(String description, List<String> extensions) {
        public FileType {
            extensions = List.copyOf(extensions);
        }

        public static FileType of(String description, String... extensions) {
            return new FileType(description, List.of(extensions));
        }
    }

    /** Shows an error: its sentence, with the details one click away. */
    void showError(UserError error);

    /** Asks for one line of text; empty when the user cancelled. */
    Optional<String> askText(String title, String question, String initialValue);

    /** Asks a yes/no question; true when the user confirmed. */
    boolean confirm(String title, String question);

    /** Asks for an existing file to open. */
    Optional<Path> chooseFileToOpen(String title, List<FileType> types);

    /** Asks where to save a file, suggesting a name. */
    Optional<Path> chooseFileToSave(String title, String suggestedName, List<FileType> types);

    /** Asks for an existing folder. */
    Optional<Path> chooseFolder(String title);
}
