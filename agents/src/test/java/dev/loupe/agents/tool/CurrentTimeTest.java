package dev.loupe.agents.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.inference.CancellationToken;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CurrentTimeTest {
    @Test
    void tellsTheClockTimeWithZoneAndWeekday() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneId.of("Europe/Paris"));
        String text = new CurrentTime(clock).run(JsonNodeFactory.instance.objectNode(), CancellationToken.none());
        assertEquals("2026-03-01T11:15:30+01:00[Europe/Paris] (SUNDAY)", text);
    }
}
