package bench.noop;

import java.lang.management.ManagementFactory;

/**
 * A measuring agent for bench/gc_sequence.py, placed after the agent under test: its premain notes
 * what the main thread has allocated (bytes) and used (CPU) so far, which is the JVM's start plus
 * every earlier agent's premain; at exit a shutdown hook prints that and, for the main thread and
 * every thread whose name starts with {@code gatsby}, the bytes allocated and CPU used so far:
 * {@code ALLOCPROBE premain=<KiB>/<ms> main=<KiB>/<ms> gatsby-telemetry-recorder=<KiB>/<ms> ...}.
 * Shutdown hooks run concurrently, so an agent thread's exit work may be missing from its figure.
 */
public final class ThreadAllocationProbe {

    private ThreadAllocationProbe() {
    }

    public static void premain(String arguments) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long premainBytes = threads.getCurrentThreadAllocatedBytes();
        long premainCpu = threads.getCurrentThreadCpuTime();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            StringBuilder line = new StringBuilder("ALLOCPROBE premain=")
                    .append(premainBytes / 1024).append('/').append(premainCpu / 1_000_000);
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                String name = thread.getName();
                if (name.equals("main") || name.startsWith("gatsby")) {
                    line.append(' ').append(name).append('=')
                            .append(threads.getThreadAllocatedBytes(thread.getId()) / 1024).append('/')
                            .append(threads.getThreadCpuTime(thread.getId()) / 1_000_000);
                }
            }
            System.out.println(line);
        }, "allocation-probe"));
    }
}
