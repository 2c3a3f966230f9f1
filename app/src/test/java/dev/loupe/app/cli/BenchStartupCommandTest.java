package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up bench's arguments and figures; the run against a real app image is in packaging/linux/check.sh. */
class BenchStartupCommandTest {
    @TempDir
    Path dir;

    @Test
    void aFolderWithoutLauncherSaysWhereItLookedAndHowToBuildOne() {
        CliTest.Run r = CliTest.run("bench-startup", "--image", dir.toString(), "-n", "2");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("No app image launcher in " + dir) && r.err().contains("./loupe package"), r.err());
    }

    @Test
    void theNumberOfStartsIsBounded() {
        CliTest.Run r = CliTest.run("bench-startup", "--image", dir.toString(), "-n", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("-n is between 1 and 100"), r.err());
    }

    @Test
    void medianAndMaxOfTheWallTimes() {
        var starts = List.of(new BenchStartupCommand.Start(900, 800, 1200), new BenchStartupCommand.Start(1500, 1400, 1300),
                new BenchStartupCommand.Start(1100, 1000, 1250), new BenchStartupCommand.Start(1300, 1200, 1280));
        assertEquals(1200, BenchStartupCommand.median(starts, BenchStartupCommand.Start::wallMillis));
        assertEquals(1265, BenchStartupCommand.median(starts, BenchStartupCommand.Start::cpuMillis));
        assertEquals(1500, BenchStartupCommand.max(starts));
    }
}
