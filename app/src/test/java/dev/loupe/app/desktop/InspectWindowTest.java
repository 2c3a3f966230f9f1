package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.storage.conversation.Message;
import dev.loupe.app.storage.conversation.MessageId;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.sampling.StepExplanation;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.chat.ChatView;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.inspect.InspectView;
import dev.loupe.ui.inspect.InspectViewModel;
import dev.loupe.ui.inspect.SamplingChart;
import dev.loupe.ui.inspect.TokenLayout;
import dev.loupe.ui.inspect.TokenRow;
import dev.loupe.ui.shell.Workspace;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.robot.Motion;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Inspect workspace in the real window on JavaFX's headless platform, with the real H2 storage and stories260K:
 * an answer opened from the chat, a hover card, a branch stored as a sibling, the top-p slider moving the cut.
 */
@ExtendWith(ApplicationExtension.class)
class InspectWindowTest {
    @TempDir
    Path home;
    private TestWindow app;

    @Start
    void start(Stage primary) {
        app = TestWindow.open(primary, TestWindow.Setup.in(home).model(SharedModels.stories260K()));
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private InspectViewModel inspect() {
        return app.main().inspect();
    }

    private void waitForInspect() throws Exception {
        waitUntil(() -> inspect().stateProperty().get() == EngineState.IDLE && inspect().chartProperty().get() != null
                && !inspect().rowsProperty().get().isEmpty());
    }

    /** Sends a message, waits for the reply and opens it in Inspect with its Inspect button; returns the reply's id. */
    private long inspectAnAnswer(FxRobot robot) throws Exception {
        waitUntil(() -> app.engine().current().isPresent());
        robot.interact(() -> app.main().chat().sampler().maxTokensProperty().set("40"));
        robot.clickOn("#" + ChatView.COMPOSER).write("Tell me a story about a cat.").type(KeyCode.ENTER);
        waitUntil(() -> app.main().chat().stateProperty().get() == EngineState.IDLE && app.main().chat().messages().size() == 2
                && !app.main().chat().messages().getLast().content().isEmpty());
        long reply = app.main().chat().messages().getLast().id();
        robot.clickOn(robot.lookup(".inspect-message").queryAllAs(Button.class).stream().filter(Node::isVisible).toList().getLast());
        assertEquals(Workspace.INSPECT, app.main().workspaceProperty().get());
        waitForInspect();
        return reply;
    }

    @Test
    void hoverShowsTheAlternativesAndClickingOneStoresABranchAsASibling(FxRobot robot) throws Exception {
        long reply = inspectAnAnswer(robot);
        assertEquals(reply, inspect().inspectedProperty().get().answer().orElseThrow().messageId());
        List<TokenRow> rows = inspect().rowsProperty().get();
        assertEquals(app.storage().conversations().tokens(new MessageId(reply)).size(), rows.size());

        Node tokens = robot.lookup("#" + InspectView.TOKENS).query();
        robot.moveTo(tokens, Pos.TOP_LEFT, new Point2D(14, 16), Motion.DIRECT);
        WaitForAsyncUtils.waitForFxEvents();
        Node card = robot.lookup("#" + InspectView.HOVER_CARD).query();
        assertTrue(card.isVisible(), "hovering the first token shows its card");
        String best = TokenLayout.shown(rows.getFirst().top().getFirst().text());
        assertTrue(robot.from(card).lookup((Label l) -> best.equals(l.getText())).tryQuery().isPresent(),
                "the card lists the most probable alternative " + best);
        assertTrue(robot.from(card).lookup((Label l) -> l.getText() != null && l.getText().startsWith("«")).tryQuery().isPresent());

        robot.moveTo(tokens, Pos.TOP_LEFT, new Point2D(14, 16), Motion.DIRECT).clickOn();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, inspect().selectedProperty().get());
        robot.type(KeyCode.RIGHT).type(KeyCode.RIGHT).type(KeyCode.RIGHT).type(KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, inspect().selectedProperty().get(), "the arrow keys move the selection");
        waitForInspect();

        TokenRow row = rows.get(2);
        Button alternative = robot.lookup("#" + InspectView.SELECTED_CARD).lookup(".inspect-alternative").queryAllAs(Button.class).stream()
                .filter(b -> (int) b.getUserData() != row.id()).findFirst().orElseThrow();
        int forced = (int) alternative.getUserData();
        robot.clickOn(alternative);
        waitUntil(() -> inspect().stateProperty().get() == EngineState.IDLE && inspect().inspectedProperty().get() != null
                && inspect().inspectedProperty().get().answer().orElseThrow().messageId() != reply && inspect().chartProperty().get() != null);

        long branch = inspect().inspectedProperty().get().answer().orElseThrow().messageId();
        List<Message> siblings = app.storage().conversations().siblings(new MessageId(reply));
        assertEquals(List.of(reply, branch), siblings.stream().map(m -> m.id().value()).toList(), "the branch is stored in H2 beside the answer");
        var stored = app.storage().conversations().tokens(new MessageId(branch));
        assertEquals(forced, stored.get(2).id(), "the clicked alternative is forced at the step");
        assertEquals(rows.get(0).id(), stored.get(0).id());
        assertEquals(stored.size(), inspect().rowsProperty().get().size(), "the view shows the branch");
    }

    @Test
    void theTopPSliderMovesTheCutWhereTheSamplerCuts(FxRobot robot) throws Exception {
        inspectAnAnswer(robot);
        List<TokenRow> rows = inspect().rowsProperty().get();
        int uncertain = IntStream.range(0, rows.size()).boxed().max(Comparator.comparingDouble(i -> rows.get(i).entropy())).orElseThrow();
        Slider topP = robot.lookup("#" + InspectView.TOP_P).queryAs(Slider.class);
        robot.interact(() -> {
            robot.lookup("#" + InspectView.TOP_K).queryAs(Slider.class).setValue(0);
            inspect().select(uncertain);
            topP.setValue(0.99);
        });
        waitUntil(() -> chartAt(0.99) != null);
        SamplingChart wide = chartAt(0.99);
        robot.interact(() -> topP.setValue(0.2));
        waitUntil(() -> chartAt(0.2) != null);
        SamplingChart narrow = chartAt(0.2);

        JlamaTextGenerator generator = (JlamaTextGenerator) app.engine().current().orElseThrow();
        for (SamplingChart chart : List.of(wide, narrow)) {
            GenerationRequest request = chart.request();
            StepExplanation expected = generator.lab().explainStep(request, 0, chart.bars().size());
            assertEquals(expected.stage(StepExplanation.Kind.TOP_P).orElseThrow().candidateCount(), chart.cut(StepExplanation.Kind.TOP_P).keptCount());
            assertEquals(expected.chosenId(), chart.chosenId());
            assertArrayEquals(((Prompt.Tokens) inspect().explainedRequest(uncertain, request.sampler()).prompt()).ids(),
                    ((Prompt.Tokens) request.prompt()).ids(), "the selected step is explained");
        }
        assertNotEquals(wide.cut(StepExplanation.Kind.TOP_P).keptCount(), narrow.cut(StepExplanation.Kind.TOP_P).keptCount(),
                "moving the slider moves the cut");
        assertTrue(narrow.cut(StepExplanation.Kind.TOP_P).keptCount() < wide.cut(StepExplanation.Kind.TOP_P).keptCount());
        assertTrue(robot.lookup("#" + InspectView.SAMPLING_CHART).query().isVisible());
    }

    private SamplingChart chartAt(double topP) {
        SamplingChart chart = inspect().chartProperty().get();
        return chart != null && Math.abs(chart.request().sampler().topP() - topP) < 1e-9 && inspect().stateProperty().get() == EngineState.IDLE
                ? chart : null;
    }
}
