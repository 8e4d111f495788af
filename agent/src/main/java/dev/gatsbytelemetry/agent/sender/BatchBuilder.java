package dev.gatsbytelemetry.agent.sender;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects already-serialized JSON events into one JSON array text, refusing an event that would
 * push the batch past its event or byte limit. Sizes are UTF-8 bytes of the array text.
 */
final class BatchBuilder {

    private final int maxEvents;
    private final int maxBytes;
    private final List<String> events = new ArrayList<>();
    private long bytes = 2; // "[" and "]"

    BatchBuilder(int maxEvents, int maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Size in bytes of a batch holding only this event. */
    static long singletonBytes(int eventBytes) {
        return 2L + eventBytes;
    }

    /** Adds the event if it fits; returns false (and adds nothing) otherwise. */
    boolean tryAdd(String json, int eventBytes) {
        long next = bytes + eventBytes + (events.isEmpty() ? 0 : 1);
        if (events.size() >= maxEvents || next > maxBytes) {
            return false;
        }
        events.add(json);
        bytes = next;
        return true;
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    int size() {
        return events.size();
    }

    /** The JSON array text: the events joined with commas inside brackets. */
    String build() {
        return "[" + String.join(",", events) + "]";
    }

    /** UTF-8 length of {@code text} without encoding it. */
    static int utf8Length(CharSequence text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3; // a lone surrogate is over-estimated (the encoder writes one byte), which is safe
            }
        }
        return length;
    }
}
