package dev.loupe.ui.testing;

import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Answers dialogs from queues a test fills; a question with no answer queued is cancelled. */
public final class ScriptedDialogs implements DialogService {
    public final Deque<String> texts = new ArrayDeque<>();
    public final Deque<Path> files = new ArrayDeque<>();
    public final List<UserError> errorsShown = new ArrayList<>();
    public final List<String> questions = new ArrayList<>();

    @Override
    public void showError(UserError error) {
        errorsShown.add(error);
    }

    @Override
    public Optional<String> askText(String title, String question, String initialValue) {
        questions.add(question);
        return Optional.ofNullable(texts.poll());
    }

    @Override
    public boolean confirm(String title, String question) {
        questions.add(question);
        return true;
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, List<FileType> types) {
        questions.add(title);
        return Optional.ofNullable(files.poll());
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String suggestedName, List<FileType> types) {
        questions.add(title);
        return Optional.ofNullable(files.poll());
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        questions.add(title);
        return Optional.ofNullable(files.poll());
    }
}
