package dev.gatsbytelemetry.agent.sender;

/**
 * Where the sender writes debug-mode messages (for example when {@code GATSBY_TELEMETRY_DEBUG} or
 * {@code GATSBY_TELEMETRY_VERBOSE} is on). Implementations should be cheap; the sender calls them
 * from its own threads and swallows anything they throw.
 */
@FunctionalInterface
public interface SenderLog {

    /** A log that drops every message (an anonymous class: a lambda costs milliseconds in a cold JVM). */
    SenderLog NONE = new SenderLog() {
        @Override
        public void debug(String message) {
            // dropped
        }
    };

    /** Records one human-readable line. Never contains event payloads or credentials. */
    void debug(String message);
}
