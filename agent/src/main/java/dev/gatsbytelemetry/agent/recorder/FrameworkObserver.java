package dev.gatsbytelemetry.agent.recorder;

/**
 * Receives the calls of {@code OBSERVE} hooks (named framework methods) from the recorder. Implemented
 * by the integrations; runs on the application's threads, inside the framework's methods, and may
 * throw (the bridge swallows it).
 */
public interface FrameworkObserver {

    void enter(int observeId, Object self, Object[] arguments);

    void exit(int observeId, Object returned);

    void thrown(int observeId, Throwable thrown);
}
