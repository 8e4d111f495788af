package dev.gatsbytelemetry.agent.integration;

import java.util.List;

/** One framework: the methods it observes and what it does when they are entered, return, or throw. */
abstract class Integration {

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
    abstract List<Target> targets();

    /**
     * Whether this framework is likely to run in this JVM, decided in premain without loading any of
     * its classes: then the recorder holds the start event back until the framework names the command.
     */
    abstract boolean expected(String mainClass, ClassLoader applicationLoader);

    abstract void enter(int target, Object self, Object[] arguments);

    abstract void exit(int target, Object returned);

    abstract void thrown(int target, Throwable thrown);
}
