package dev.loupe.ui.inspect;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the colour of a token stands for. Each mode maps its value to a shade from 0 (calm) to 1 (alarming), so that
 * the same colour scale reads alike in every mode: improbable, uncertain or surprising tokens stand out.
 */
public enum ColourMode {
    PROBABILITY("Probability", "likely (p 1)", "unlikely (p 0)"),
    ENTROPY("Entropy", "certain (0)", "uncertain (" + ColourMode.ENTROPY_SCALE_NATS + "+ nats)"),
    SURPRISAL("Surprisal", "expected (0)", "surprising (" + ColourMode.SURPRISAL_SCALE_NATS + "+ nats)");

    /** Entropy and surprisal at or above this many nats take the strongest shade. */
    static final int ENTROPY_SCALE_NATS = 4;
    static final int SURPRISAL_SCALE_NATS = 8;

    private final String title;
    private final String calm;
    private final String alarming;

    ColourMode(String title, String calm, String alarming) {
        this.title = title;
        this.calm = calm;
        this.alarming = alarming;
    }

    /** The shade of {@code row}, 0 (calm) to 1 (alarming). */
    public double shade(TokenRow row) {
        double value = switch (this) {
            case PROBABILITY -> 1 - row.probability();
            case ENTROPY -> row.entropy() / ENTROPY_SCALE_NATS;
            case SURPRISAL -> row.surprisal() / SURPRISAL_SCALE_NATS;
        };
        return Math.clamp(value, 0, 1);
    }

    /** What the mode shows, formatted for {@code row}: "p 0.734", "H 1.20 nats", "-log p 0.31 nats". */
    public String valueOf(TokenRow row) {
        return switch (this) {
            case PROBABILITY -> String.format(Locale.ROOT, "p %.3f", row.probability());
            case ENTROPY -> String.format(Locale.ROOT, "H %.2f nats", row.entropy());
            case SURPRISAL -> String.format(Locale.ROOT, "−log p %.2f nats", row.surprisal());
        };
    }

    public String title() {
        return title;
    }

    /** The legend's label for shade 0. */
    public String calmLabel() {
        return calm;
    }

    /** The legend's label for shade 1. */
    public String alarmingLabel() {
        return alarming;
    }

    /** The id kept in the settings: "probability", "entropy", "surprisal". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode of a stored id; probability for anything unknown. */
    public static ColourMode fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equalsIgnoreCase(id == null ? "" : id.strip())).findFirst().orElse(PROBABILITY);
    }

    @Override
    public String toString() {
        return title;
    }
}
