package dev.loupe.inference.jlama;

import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.model.ModelInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Refuses to load a model whose weights do not fit in the memory the machine has available right now. */
final class MemoryCheck {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryCheck.class);
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private MemoryCheck() {}

    static void ensureFits(ModelInfo info) {
        long available = availableBytes();
        if (info.weightBytes() > available) {
            throw new ModelLoadException("The model %s needs %.1f GiB for its weights but only %.1f GiB of memory is available; close other programs or use a quantized (Q4) copy."
                    .formatted(info.name(), gib(info.weightBytes()), gib(available)));
        }
    }

    /** MemAvailable on Linux (what can be had without swapping), the free physical memory elsewhere. */
    static long availableBytes() {
        try {
            if (Files.isReadable(MEMINFO)) {
                for (String line : Files.readAllLines(MEMINFO)) {
                    if (line.startsWith("MemAvailable:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("Cannot read {}, using the JVM's view of free memory", MEMINFO, e);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getFreeMemorySize();
    }

    private static double gib(long bytes) {
        return bytes / (1024.0 * 1024 * 1024);
    }
}
