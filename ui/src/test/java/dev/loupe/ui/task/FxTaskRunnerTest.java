package dev.loupe.ui.task;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class FxTaskRunnerTest {
    @Test
    void workSubmittedAfterShutdownIsDroppedNotThrown() {
        FxTaskRunner runner = new FxTaskRunner();
        runner.shutdown(1_000);
        assertDoesNotThrow(() -> runner.submit(TaskRunner.Lane.ENGINE, () -> {
            throw new AssertionError("must not run after shutdown");
        }, ignored -> {}, failure -> {}));
    }
}
