package dev.gatsbytelemetry.collector.storage;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What the events of one transaction say about how their sessions went, as the plugin rows keep it
 * (schema V4): a session failed when an end event of it has a non-zero exit code; a plugin is blamed
 * in a session when an error event of it names that plugin. Sessions are keyed by their canonical id.
 */
final class SessionOutcomes {

    private final Map<String, LocalDateTime> firstSeen = new TreeMap<>();
    private final Set<String> failed = new TreeSet<>();
    private final Map<String, Set<String>> blamed = new TreeMap<>();

    /** The outcomes of the events this transaction stored (only new events: a retry adds nothing). */
    static SessionOutcomes of(Collection<StoredEvent> stored) {
        SessionOutcomes outcomes = new SessionOutcomes();
        for (StoredEvent event : stored) {
            if (event.kind() == StoredEvent.EventKind.END && event.exitCode() != null && event.exitCode() != 0) {
                outcomes.failed.add(outcomes.seen(event));
            } else if (event.kind() == StoredEvent.EventKind.ERROR && event.error() != null
                    && event.error().plugin() != null && listable(event.error().plugin())) {
                outcomes.blamed.computeIfAbsent(outcomes.seen(event), s -> new TreeSet<>()).add(event.error().plugin());
            }
        }
        return outcomes;
    }

    /**
     * A blamed name can match a listed plugin only if it could be listed: the schema's pattern allows
     * no white space in a plugin name (and the session marks separate names by a space).
     */
    private static boolean listable(String plugin) {
        return !plugin.isEmpty() && plugin.chars().noneMatch(Character::isWhitespace);
    }

    private String seen(StoredEvent event) {
        String session = canonical(event.sessionId());
        firstSeen.merge(session, event.time(), (a, b) -> a.isBefore(b) ? a : b);
        return session;
    }

    /** The sessions with an outcome in this transaction. */
    Set<String> sessions() {
        return firstSeen.keySet();
    }

    /** The time of the session's earliest event with an outcome in this transaction. */
    LocalDateTime firstSeen(String session) {
        return firstSeen.get(session);
    }

    boolean failed(String session) {
        return failed.contains(session);
    }

    /** The plugins this transaction's error events blame in the session (none: empty). */
    Set<String> blamed(String session) {
        return blamed.getOrDefault(session, Set.of());
    }

    static String canonical(String uuid) {
        return UUID.fromString(uuid).toString();
    }
}
