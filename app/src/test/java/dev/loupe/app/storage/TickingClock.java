package dev.loupe.app.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves one step forward every time it is read, so that every write gets a distinct time. */
public final class TickingClock extends Clock {
    private final AtomicReference<Instant> next;
    private final Duration step;

    public TickingClock(Instant start, Duration step) {
        this.next = new AtomicReference<>(start);
        this.step = step;
    }

    public static TickingClock startingAt(String isoInstant) {
        return new TickingClock(Instant.parse(isoInstant), Duration.ofSeconds(1));
    }

    /** The instant the next read will return, without moving the clock. */
    public Instant peek() {
        return next.get();
    }

    @Override
    public Instant instant() {
        return next.getAndUpdate(i -> i.plus(step));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }
}
