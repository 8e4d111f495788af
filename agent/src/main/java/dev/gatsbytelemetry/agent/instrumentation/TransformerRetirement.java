package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.Set;

/**
 * Removes the load-time transformer as soon as no class still to be loaded can need a hook, so that
 * the rest of the run loads its classes as if no agent were there.
 *
 * <p>Implementation notes. While any {@code ClassFileTransformer} is registered, HotSpot posts a
 * class-file load hook for <em>every</em> class the JVM loads: it copies the class bytes into a new
 * Java array, and for a class from the CDS archive (most JDK classes) first reads them back from the
 * runtime image or jar, then calls up into Java. That costs the host several microseconds and a few
 * kilobytes of garbage per class, whatever the transformer returns (BENCHMARKS.md, "Per-class cost"),
 * and a tool like checkstyle loads 4,000 classes. Only unregistering stops it.
 *
 * <p>So the transformer waits for a fixed list of exactly named classes: the entry point (configured,
 * or else the main class), each stage pattern's class, and the classes of the framework integrations
 * expected to run (decided once in premain, {@link #settle}). Each name leaves the list the first time
 * the transformer sees it loaded, in any class loader; when the list is empty and the frameworks are
 * settled, the transformer unregisters itself. A class pattern with {@code *}, or a single-source-file
 * launch (whose classes are only known as they load), keeps it for the whole run.
 *
 * <p>What this gives up, on purpose: a class already hooked once is not hooked again when a second
 * class loader loads another copy of it after retirement, and a framework class that only a
 * non-application loader loads (picocli inside a plugin) is not waited for. Both are rare for a CLI,
 * and the price of waiting for them is paid by every class of every run.
 */
public final class TransformerRetirement {

    private final Set<String> waitingFor;
    private final boolean openEnded;
    private final Instrumentation instrumentation;
    private final ClassFileTransformer transformer;
    private final AgentLog log;
    /** Guarded by {@code this}: the frameworks' expectations are known ({@link #settle}). */
    private boolean settled;
    /** Guarded by {@code this}. */
    private boolean retired;

    /**
     * @param waitingFor the exactly named classes (internal form) still to be hooked, or {@code null}
     *                   when the targets are open-ended and the transformer must stay
     */
    TransformerRetirement(Set<String> waitingFor, Instrumentation instrumentation, ClassFileTransformer transformer,
                          AgentLog log) {
        this.openEnded = waitingFor == null;
        this.waitingFor = waitingFor == null ? new HashSet<>() : new HashSet<>(waitingFor);
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.log = log;
    }

    /** A class that might match was seen loading (in any loader, or retransformed): it waits no more. */
    void seen(String internalName) {
        boolean retireNow;
        synchronized (this) {
            retireNow = waitingFor.remove(internalName) && readyToRetire();
        }
        if (retireNow) {
            retire();
        }
    }

    /**
     * Called once in premain, after the frameworks' presence was checked: the classes of frameworks
     * not expected in this JVM are not waited for.
     */
    public void settle(Set<String> notExpected) {
        boolean retireNow;
        synchronized (this) {
            waitingFor.removeAll(notExpected);
            settled = true;
            retireNow = readyToRetire();
        }
        if (retireNow) {
            retire();
        }
    }

    /** Whether the transformer has unregistered itself. */
    public synchronized boolean isRetired() {
        return retired;
    }

    /** The classes still waited for; for tests and diagnostics. */
    synchronized Set<String> waitingFor() {
        return Set.copyOf(waitingFor);
    }

    private boolean readyToRetire() {
        if (openEnded || !settled || retired || !waitingFor.isEmpty()) {
            return false;
        }
        retired = true;
        return true;
    }

    private void retire() {
        try {
            // Safe from inside transform(): the JDK iterates over a snapshot of its transformers, and
            // disabling the load hook event is allowed from within its own callback.
            instrumentation.removeTransformer(transformer);
            log.debug("every hooked class is loaded: transformer removed, later classes load untouched");
        } catch (Throwable t) {
            log.debug("transformer not removed: " + t);
        }
    }
}
