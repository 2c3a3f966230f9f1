package dev.loupe.agents.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.CancellationToken;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code current_time}: the date and time of the given clock, ISO-8601 with offset and zone. Thread-safe. */
public final class CurrentTime implements Tool {
    private final Clock clock;

    /** @param clock the system clock in the app, a fixed one in tests */
    public CurrentTime(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "current_time";
    }

    @Override
    public String description() {
        return "Tells the current local date, time and time zone.";
    }

    @Override
    public ObjectNode argumentsSchema() {
        return ArgumentSchemas.object(Map.of(), List.of());
    }

    @Override
    public String run(JsonNode arguments, CancellationToken cancel) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        return now.format(DateTimeFormatter.ISO_ZONED_DATE_TIME) + " (" + now.getDayOfWeek() + ")";
    }
}
