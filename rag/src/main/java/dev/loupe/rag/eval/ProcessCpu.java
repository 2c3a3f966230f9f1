package dev.loupe.rag.eval;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process, every thread included (native ones such as ONNX Runtime's too). On a shared
 * machine the wall time of a run says more about the other processes than about the run; its CPU time does not.
 */
public final class ProcessCpu {
    private ProcessCpu() {
    }

    /** Nanoseconds of CPU used by this process so far, or -1 where the JVM cannot tell. */
    public static long nanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
