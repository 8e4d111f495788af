package bench.noop;

/**
 * The no-op agent plus a given amount of garbage: its premain allocates the number of KiB named by
 * its argument ({@code -javaagent:garbage.jar=2048}) in 8 KiB arrays and drops them. It moves every
 * young GC of the tool as far as that much allocation by the agent would, and does nothing else (no
 * thread, no class loading, nothing kept): bench/gc_sequence.py compares it with the real agent to
 * tell what the agent's allocation alone does to the tool's GCs from what its threads, CPU and live
 * objects do.
 */
public final class GarbageAgent {

    /** Keeps the arrays from being optimised away. */
    public static volatile Object sink;

    private GarbageAgent() {
    }

    public static void premain(String arguments) {
        long bytes = arguments == null || arguments.isEmpty() ? 0 : Long.parseLong(arguments.trim()) * 1024;
        for (long done = 0; done < bytes; done += 8192) {
            sink = new byte[8192 - 16]; // 16: the array header, so each takes 8 KiB of eden
        }
        sink = null;
    }
}
