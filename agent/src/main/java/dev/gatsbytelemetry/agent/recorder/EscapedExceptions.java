package dev.gatsbytelemetry.agent.recorder;

import java.lang.ref.WeakReference;

/**
 * Remembers which stage the last few exceptions escaped from, so that when one of them ends a
 * thread, its error event can name the stage. A small ring of weak references: bounded, and it never
 * keeps an application's exception (and what it references) alive.
 */
final class EscapedExceptions {

    private static final int SIZE = 32;
    private static final int MAX_CAUSE_DEPTH = 8;

    private final WeakReference<?>[] thrown = new WeakReference<?>[SIZE];
    private final String[] stages = new String[SIZE];
    private int next;

    /** Records the innermost stage only: an exception keeps the first stage it escaped from. */
    synchronized void escaped(Throwable t, String stage) {
        if (indexOf(t) >= 0) {
            return;
        }
        thrown[next] = new WeakReference<>(t);
        stages[next] = stage;
        next = (next + 1) % SIZE;
    }

    /** The stage that {@code t}, or one of its causes, escaped from; {@code null} if none. */
    synchronized String stageOf(Throwable t) {
        Throwable current = t;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            int index = indexOf(current);
            if (index >= 0) {
                return stages[index];
            }
            Throwable cause;
            try {
                cause = current.getCause();
            } catch (Throwable broken) {
                return null; // an exception whose getCause throws still gets its error event
            }
            current = cause == current ? null : cause;
        }
        return null;
    }

    private int indexOf(Throwable t) {
        for (int i = 0; i < SIZE; i++) {
            if (thrown[i] != null && thrown[i].get() == t) {
                return i;
            }
        }
        return -1;
    }
}
