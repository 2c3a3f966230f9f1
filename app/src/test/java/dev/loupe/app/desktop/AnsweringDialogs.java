package dev.loupe.app.desktop;

import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** A user who answers the app's questions from a script: the files and folders to choose, the texts to type. */
final class AnsweringDialogs implements DialogService {
    final Deque<Path> paths = new ArrayDeque<>();
    final Deque<String> texts = new ArrayDeque<>();
    final List<UserError> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void showError(UserError error) {
        errors.add(error);
    }

    @Override
    public Optional<String> askText(String title, String question, String initialValue) {
        return Optional.ofNullable(texts.poll());
    }

    @Override
    public boolean confirm(String title, String question) {
        return true;
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, List<FileType> types) {
        return Optional.ofNullable(paths.poll());
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String suggestedName, List<FileType> types) {
        return Optional.ofNullable(paths.poll());
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        return Optional.ofNullable(paths.poll());
    }
}
