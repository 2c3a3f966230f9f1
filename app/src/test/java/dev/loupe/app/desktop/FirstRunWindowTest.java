package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.AppPaths;
import dev.loupe.app.DefaultModel;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.engine.StatusBarView;
import dev.loupe.ui.models.FirstRunView;
import dev.loupe.ui.testing.ScriptedDialogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The first start of an installed app, with the real window, H2 storage and engine: without a model to load the
 * first-run screen opens and goes away once the user opened or imported one; with a bundled model the app imports
 * it into the data folder and loads it, and no first-run screen appears.
 */
@ExtendWith(ApplicationExtension.class)
class FirstRunWindowTest {
    @TempDir
    Path home;
    @TempDir
    Path installation;
    private Stage stage;
    private TestWindow app;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    @Start
    void start(Stage primary) {
        this.stage = primary;
    }

    /** Opens the app as the launcher does: the default model when {@link DefaultModel#available}, else the first-run screen. */
    private void open(AppPaths paths) {
        TestWindow.Setup setup = TestWindow.Setup.in(paths).dialogs(dialogs);
        app = TestWindow.open(stage, DefaultModel.available(paths)
                ? setup.model(new DesktopLauncher.DefaultModelSource(DefaultModel.NAME, () -> DefaultModel.ensure(paths)))
                : setup);
    }

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean firstRunShown(FxRobot robot) {
        return robot.lookup("#" + FirstRunView.ID).tryQuery().map(Node::isVisible).orElse(false);
    }

    @Test
    void withoutAModelTheFirstRunScreenOpensAndAnOpenedFolderReplacesIt(FxRobot robot) throws Exception {
        open(new AppPaths(home, Optional.empty()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(firstRunShown(robot), "no model to load: the first-run screen is shown");
        assertFalse(robot.lookup("#" + FirstRunView.HELP_TEXT).query().isVisible());
        robot.clickOn("#" + FirstRunView.HELP);
        Label help = robot.lookup("#" + FirstRunView.HELP_TEXT).queryAs(Label.class);
        assertTrue(help.isVisible());
        assertTrue(help.getText().contains("config.json") && help.getText().contains(home.resolve("models").toString()), help.getText());

        Path model = SharedModels.stories260K();
        dialogs.files.add(model);
        robot.clickOn("#" + FirstRunView.OPEN_FOLDER);
        waitUntil(() -> app.engine().current().isPresent());

        assertFalse(firstRunShown(robot), "the screen is gone once a model is loaded");
        assertEquals("stories260K", robot.lookup("#" + StatusBarView.MODEL_ID).queryAs(Label.class).getText());
    }

    @Test
    void aFolderThatIsNoModelSaysWhyAndTheScreenStays(FxRobot robot) throws Exception {
        open(new AppPaths(home, Optional.empty()));
        Path notAModel = Files.createDirectories(home.resolve("holiday-photos"));
        dialogs.files.add(notAModel);
        robot.clickOn("#" + FirstRunView.OPEN_FOLDER);
        Label status = robot.lookup("#" + FirstRunView.STATUS).queryAs(Label.class);
        waitUntil(() -> !status.getText().isEmpty());

        assertTrue(status.getText().contains("config.json"), status.getText());
        assertTrue(firstRunShown(robot));
        assertTrue(app.engine().current().isEmpty());
    }

    @Test
    void anImportedCheckpointIsConvertedIntoTheModelsFolderAndLoaded(FxRobot robot) throws Exception {
        Path source = SharedModels.storiesSource();
        open(new AppPaths(home, Optional.empty()));
        dialogs.files.add(source.resolve("stories260K.bin"));
        dialogs.files.add(source.resolve("tok512.bin"));
        dialogs.texts.add("tiny-stories");
        robot.clickOn("#" + FirstRunView.IMPORT);
        waitUntil(() -> app.engine().current().isPresent());

        assertEquals(home.resolve("models").resolve("tiny-stories"), app.engine().current().get().info().dir());
        assertFalse(firstRunShown(robot));
    }

    @Test
    void aBundledModelIsImportedIntoTheDataFolderAndLoadedWithoutTheFirstRunScreen(FxRobot robot) throws Exception {
        Path bundled = installation.resolve("lib/app/bundled");
        Path copy = Files.createDirectories(bundled.resolve("models").resolve(DefaultModel.NAME));
        for (String file : List.of("stories260K.bin", "tok512.bin", "LICENSE")) {
            Files.copy(SharedModels.storiesSource().resolve(file), copy.resolve(file));
        }
        List<Path> before = files(installation);

        open(new AppPaths(home, Optional.empty(), Optional.of(bundled)));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(firstRunShown(robot), "a bundled model is there to start with");
        waitUntil(() -> app.engine().current().isPresent());

        assertEquals(home.resolve("models").resolve(DefaultModel.NAME), app.engine().current().get().info().dir());
        assertEquals(before, files(installation), "nothing was written into the installation");
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.sorted().toList();
        }
    }
}
