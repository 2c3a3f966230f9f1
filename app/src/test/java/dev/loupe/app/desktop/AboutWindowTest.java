package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.cli.VersionProvider;
import dev.loupe.ui.about.AboutView;
import dev.loupe.ui.shell.MainView;
import dev.loupe.ui.testing.ScriptedDialogs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
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
 * The About dialog of the real window: the versions it shows are those of the running JVM and of the jars on the
 * class path, and its notices are the list the build generated from the Maven dependencies' licences.
 */
@ExtendWith(ApplicationExtension.class)
class AboutWindowTest {
    @TempDir
    Path home;
    private TestWindow app;

    @Start
    void start(Stage stage) {
        app = TestWindow.open(stage, TestWindow.Setup.in(home).dialogs(new ScriptedDialogs()));
    }

    @AfterEach
    void close() {
        app.close();
    }

    private static String version(FxRobot robot, String component) {
        return robot.lookup("#" + AboutView.versionId(component)).queryAs(Label.class).getText();
    }

    @Test
    void f1OpensTheVersionsOfTheRunningBuildAndItsNotices(FxRobot robot) throws Exception {
        robot.clickOn("#" + MainView.ABOUT);
        robot.lookup("#" + AboutView.VERSIONS).query();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#" + AboutView.versionId("Apache Lucene")).tryQuery().isPresent());

        assertEquals(VersionProvider.version(), version(robot, "Loupe"));
        assertEquals(Runtime.version().toString(), version(robot, "Java"));
        assertEquals(org.apache.lucene.util.Version.LATEST.toString(), version(robot, "Apache Lucene"));
        assertEquals(System.getProperty("javafx.runtime.version"), version(robot, "JavaFX"));
        assertTrue(version(robot, "Jlama").matches("\\d+\\.\\d+\\.\\d+"), version(robot, "Jlama"));
        assertTrue(version(robot, "H2 Database").matches("\\d+\\.\\d+\\.\\d+"), version(robot, "H2 Database"));

        TextArea notices = robot.lookup("#" + AboutView.NOTICES).queryAs(TextArea.class);
        assertFalse(notices.isVisible(), "the notices are long: they open on demand");
        robot.clickOn("#" + AboutView.NOTICES_BUTTON);
        assertTrue(notices.isVisible());
        assertTrue(notices.getText().contains("(Apache-2.0) Apache Lucene (module: core) (org.apache.lucene:lucene-core:"
                + org.apache.lucene.util.Version.LATEST), notices.getText());
        assertTrue(notices.getText().contains("(Apache-2.0) Jlama Core"), notices.getText());
        assertFalse(notices.getText().contains("dev.loupe:"), "Loupe's own modules are no third party");

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#" + AboutView.VERSIONS).tryQuery().isEmpty(), "Esc closes the dialog");
        robot.interact(() -> app.stage().requestFocus());
        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#" + AboutView.VERSIONS).tryQuery().isPresent(), "F1 opens it too");
    }
}
