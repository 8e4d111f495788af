package dev.gatsbytelemetry.agent.recorder;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Exceptions the tool caught, and which of them to report.
 *
 * <p>Implementation notes. Most tools catch exceptions in {@code main}, print them and exit with a
 * non-zero code, so an uncaught-exception hook never sees them. A throwable becomes a
 * <em>candidate</em> when it escapes a hooked method (a configured stage, the entry point, a command
 * line parser) or when the tool prints or logs it; a candidate is reported
 * <ul>
 *   <li>at once, when it escaped a hooked method and is then printed ({@code printStackTrace}) or
 *       logged at error level;</li>
 *   <li>at the end of the run, when the run ends with a non-zero exit code.</li>
 * </ul>
 * Every reported throwable (and its causes) goes into a bounded identity set of weak references, so
 * the same throwable is reported once, whatever path sees it next (the JVM printing an uncaught
 * exception, a logger wrapping it). Candidates are held strongly (their events may only be decided at
 * exit) but at most {@value #MAX_CANDIDATES}, the most recent ones; and a run reports at most
 * {@value #MAX_REPORTED_PER_RUN} caught errors. Thread-safe; every method is short and takes one lock.
 */
final class CaughtErrors {

    static final int MAX_CANDIDATES = 8;
    static final int MAX_REPORTED_PER_RUN = 8;
    private static final int MAX_REMEMBERED = 64;
    private static final int MAX_CAUSE_DEPTH = 8;

    /** A candidate: the throwable, whether it escaped a hooked method, and what made it one. */
    static final class Candidate {
        final Throwable thrown;
        final boolean escaped;
        final String reportedBy;
        final boolean mainThread;

        Candidate(Throwable thrown, boolean escaped, String reportedBy, boolean mainThread) {
            this.thrown = thrown;
            this.escaped = escaped;
            this.reportedBy = reportedBy;
            this.mainThread = mainThread;
        }
    }

    private final Candidate[] candidates = new Candidate[MAX_CANDIDATES];
    private int nextCandidate;
    private final WeakReference<?>[] reported = new WeakReference<?>[MAX_REMEMBERED];
    private int nextReported;
    private int reportedCount;

    /** {@code thrown} escaped a hooked method; the tool may still catch it. */
    synchronized void escaped(Throwable thrown, boolean mainThread) {
        if (thrown == null || isReported(thrown) || indexOfCandidate(thrown) >= 0) {
            return;
        }
        candidates[nextCandidate] = new Candidate(thrown, true, null, mainThread);
        nextCandidate = (nextCandidate + 1) % MAX_CANDIDATES;
    }

    /**
     * The tool printed or logged {@code thrown}: the throwable to report now (it, or the candidate in
     * its cause chain, that escaped a hooked method), or null, then it waits for a failing exit.
     */
    synchronized Throwable shown(Throwable thrown, String reportedBy, boolean mainThread) {
        if (thrown == null || isReported(thrown)) {
            return null;
        }
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            int index = indexOfCandidate(current);
            if (index >= 0 && candidates[index].escaped) {
                return claim(thrown) ? thrown : null;
            }
            Throwable cause = causeOf(current);
            current = cause == current ? null : cause;
        }
        if (indexOfCandidate(thrown) < 0) {
            candidates[nextCandidate] = new Candidate(thrown, false, reportedBy, mainThread);
            nextCandidate = (nextCandidate + 1) % MAX_CANDIDATES;
        }
        return null;
    }

    /**
     * At the end of a failed run: the candidates not reported yet, most recent last, leaving out
     * one that is the cause of another (the outer one tells more), within the per-run bound.
     */
    synchronized List<Candidate> atFailedExit() {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            Candidate c = candidates[(nextCandidate + i) % MAX_CANDIDATES];
            if (c == null || isReported(c.thrown) || isCauseOfAnother(c)) {
                continue;
            }
            if (claim(c.thrown)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Takes one report of the per-run bound for {@code thrown} and remembers it (with its causes);
     * false when the bound is spent.
     */
    synchronized boolean claim(Throwable thrown) {
        if (reportedCount >= MAX_REPORTED_PER_RUN) {
            return false;
        }
        reportedCount++;
        remember(thrown);
        return true;
    }

    /** Remembers a throwable reported another way (uncaught, a framework's error), with its causes. */
    synchronized void remember(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (!isRemembered(current)) {
                reported[nextReported] = new WeakReference<>(current);
                nextReported = (nextReported + 1) % MAX_REMEMBERED;
            }
            int index = indexOfCandidate(current);
            if (index >= 0) {
                candidates[index] = null;
            }
            Throwable cause = causeOf(current);
            current = cause == current ? null : cause;
        }
    }

    /** Whether {@code thrown} or one of its causes was reported. */
    synchronized boolean isReported(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (isRemembered(current)) {
                return true;
            }
            Throwable cause = causeOf(current);
            current = cause == current ? null : cause;
        }
        return false;
    }

    private boolean isCauseOfAnother(Candidate inner) {
        for (Candidate outer : candidates) {
            if (outer == null || outer == inner) {
                continue;
            }
            Throwable current = causeOf(outer.thrown);
            for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
                if (current == inner.thrown) {
                    return true;
                }
                Throwable cause = causeOf(current);
                current = cause == current ? null : cause;
            }
        }
        return false;
    }

    /** The cause, or null when {@code getCause} throws: a broken exception must not cost its error event. */
    private static Throwable causeOf(Throwable t) {
        try {
            return t.getCause();
        } catch (Throwable broken) {
            return null;
        }
    }

    private boolean isRemembered(Throwable t) {
        for (WeakReference<?> ref : reported) {
            if (ref != null && ref.get() == t) {
                return true;
            }
        }
        return false;
    }

    private int indexOfCandidate(Throwable t) {
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            if (candidates[i] != null && candidates[i].thrown == t) {
                return i;
            }
        }
        return -1;
    }
}
