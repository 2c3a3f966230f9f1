package dev.loupe.ui.format;

import java.time.Duration;
import java.util.Locale;

/** Numbers as the UI shows them: short, with their unit, the same everywhere. */
public final class Figures {
    private Figures() {}

    /** 1536 -> "1.5 KiB". */
    public static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** 135_000_000 -> "135.0M". */
    public static String count(long n) {
        if (n >= 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2fB", n / 1e9);
        }
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 1_000) {
            return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        }
        return Long.toString(n);
    }

    /** Tokens per second with a precision that suits the magnitude: "7.4 tok/s", "812 tok/s". */
    public static String tokensPerSecond(double value) {
        return (value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value)) + " tok/s";
    }

    /** Milliseconds, switching to seconds from 10 s: "12 ms", "1,250 ms", "12.5 s". */
    public static String millis(double millis) {
        if (millis >= 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000);
        }
        return String.format(Locale.ROOT, "%,.0f ms", millis);
    }

    /** An elapsed time: "4 s", "2 min 05 s". */
    public static String elapsed(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds < 60 ? seconds + " s" : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    /** A setting's value without needless zeros: 0.80 -> "0.8", 40.0 -> "40". */
    public static String setting(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.6f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
