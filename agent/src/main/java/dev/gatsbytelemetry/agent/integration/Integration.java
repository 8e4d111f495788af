package dev.gatsbytelemetry.agent.integration;

import dev.gatsbytelemetry.agent.recorder.FrameworkEvents;
import java.util.List;

/**
 * One framework: the methods it observes and what it does when they are entered, return, or throw,
 * reporting to the recorder's {@link FrameworkEvents}. An integration that only watches for
 * exceptions overrides {@link #thrown} or {@link #enter} alone; one that names the command says
 * when it is {@link #expected}.
 */
abstract class Integration {

    /** Where the integration reports what it observed. */
    protected final FrameworkEvents events;
    private final List<Target> targets;

    Integration(FrameworkEvents events, List<Target> targets) {
        this.events = events;
        this.targets = List.copyOf(targets);
    }

    /** One observed method, in the JVM's internal form. */
    static final class Target {
        final String internalClassName;
        final String methodName;
        final String descriptor;

        Target(String internalClassName, String methodName, String descriptor) {
            this.internalClassName = internalClassName;
            this.methodName = methodName;
            this.descriptor = descriptor;
        }
    }

    /** The observed methods; the index in this list is the {@code target} passed to the callbacks. */
    final List<Target> targets() {
        return targets;
    }

    /**
     * Whether this framework is likely to run in this JVM, decided in premain without loading any of
     * its classes: then the recorder holds the start event back until the framework names the command.
     * Only integrations that name the command can say yes.
     */
    boolean expected(String mainClass, ClassLoader applicationLoader) {
        return false;
    }

    void enter(int target, Object self, Object[] arguments) {
    }

    void exit(int target, Object returned) {
    }

    abstract void thrown(int target, Throwable thrown);
}
