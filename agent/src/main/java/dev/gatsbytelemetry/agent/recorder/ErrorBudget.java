package dev.gatsbytelemetry.agent.recorder;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-run cap on error events: at most {@value #MAX_PER_RUN} a run, and at most
 * {@value #MAX_PER_FINGERPRINT} with the same fingerprint (exception type and top
 * {@value #FINGERPRINT_FRAMES} frames' class and method). What the cap holds back is counted and
 * reported as {@code suppressedErrors} in the end event, never lost silently.
 *
 * <p>Why these numbers: a run in which thousands of threads fail the same way (a pool meeting the
 * same bug) carries one piece of information, not thousands; each error event costs sanitizing on
 * the recorder thread and a few kilobytes on the wire. Ten of a kind still show whether the failure
 * happened on several threads or stages, and a hundred distinct errors is far beyond any real run
 * of a CLI. The fingerprint uses only the JVM's own type and frame names (no message), read once
 * here on the failing thread, defensively: an exception whose {@code getStackTrace} throws is
 * fingerprinted by its type alone.
 */
final class ErrorBudget {

    static final int MAX_PER_RUN = 100;
    static final int MAX_PER_FINGERPRINT = 10;
    static final int FINGERPRINT_FRAMES = 5;

    /** Guarded by {@code this}; at most {@link #MAX_PER_RUN} keys, since only admitted errors add one. */
    private final Map<String, Integer> perFingerprint = new HashMap<>();
    private int admitted;
    private long suppressed;

    /** Whether an error event for {@code thrown} may be produced; if not, it is counted as suppressed. */
    boolean admit(Throwable thrown) {
        String key = fingerprint(thrown);
        synchronized (this) {
            Integer seen = perFingerprint.get(key);
            int count = seen == null ? 0 : seen;
            if (admitted >= MAX_PER_RUN || count >= MAX_PER_FINGERPRINT) {
                suppressed++;
                return false;
            }
            admitted++;
            perFingerprint.put(key, count + 1);
            return true;
        }
    }

    /** Error events held back so far. */
    synchronized long suppressed() {
        return suppressed;
    }

    static String fingerprint(Throwable thrown) {
        if (thrown == null) {
            return "null";
        }
        StringBuilder key = new StringBuilder(thrown.getClass().getName());
        try {
            StackTraceElement[] frames = thrown.getStackTrace();
            for (int i = 0; frames != null && i < frames.length && i < FINGERPRINT_FRAMES; i++) {
                StackTraceElement frame = frames[i];
                if (frame != null) {
                    key.append('|').append(frame.getClassName()).append('#').append(frame.getMethodName());
                }
            }
        } catch (Throwable ignored) {
            // a broken exception: its type is the fingerprint
        }
        return key.toString();
    }
}
