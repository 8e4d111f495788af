package dev.gatsbytelemetry.agent.sanitizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A throwable after sanitizing: safe to send, bounded, free of cycles. Immutable.
 *
 * <p>Frames are rendered like {@link StackTraceElement#toString()} without the module and class
 * loader prefixes: {@code com.example.Foo.bar(Foo.java:12)}, {@code (Native Method)},
 * {@code (Unknown Source)}. {@link #omittedFrames()} counts frames not listed: those shared with
 * the enclosing throwable's trace (as Java's own "... N more") and those beyond the frame limit.
 */
public final class SanitizedThrowable {

    private final String type;
    private final String message;
    private final boolean messageTruncated;
    private final List<String> frames;
    private final int omittedFrames;
    private final boolean framesTruncated;
    private final List<SanitizedThrowable> suppressed;
    private final int omittedSuppressed;
    private final SanitizedThrowable cause;
    private final int omittedCauses;
    private final boolean circularReference;

    SanitizedThrowable(String type, String message, boolean messageTruncated, List<String> frames,
                       int omittedFrames, boolean framesTruncated, List<SanitizedThrowable> suppressed,
                       int omittedSuppressed, SanitizedThrowable cause, int omittedCauses,
                       boolean circularReference) {
        this.type = type;
        this.message = message;
        this.messageTruncated = messageTruncated;
        this.frames = Collections.unmodifiableList(new ArrayList<>(frames));
        this.omittedFrames = omittedFrames;
        this.framesTruncated = framesTruncated;
        this.suppressed = Collections.unmodifiableList(new ArrayList<>(suppressed));
        this.omittedSuppressed = omittedSuppressed;
        this.cause = cause;
        this.omittedCauses = omittedCauses;
        this.circularReference = circularReference;
    }

    static SanitizedThrowable typeOnly(String type) {
        return new SanitizedThrowable(type, null, false, List.of(), 0, false, List.of(), 0, null, 0,
                false);
    }

    static SanitizedThrowable circular(String type, String message) {
        return new SanitizedThrowable(type, message, false, List.of(), 0, false, List.of(), 0, null,
                0, true);
    }

    /** The class name, exactly as {@code getClass().getName()} returned it. */
    public String type() {
        return type;
    }

    /** The sanitized message; null when there was none or messages are switched off. */
    public String message() {
        return message;
    }

    /** True when the message was cut (it then ends with {@code …[truncated N chars]}). */
    public boolean messageTruncated() {
        return messageTruncated;
    }

    /** Sanitized frames, most recent first. */
    public List<String> frames() {
        return frames;
    }

    /** Frames not listed (in common with the enclosing trace, or beyond the limit). */
    public int omittedFrames() {
        return omittedFrames;
    }

    /** True when frames were dropped because of the frame limit. */
    public boolean framesTruncated() {
        return framesTruncated;
    }

    /** Kept suppressed throwables. */
    public List<SanitizedThrowable> suppressed() {
        return suppressed;
    }

    /** Suppressed throwables dropped by a limit. */
    public int omittedSuppressed() {
        return omittedSuppressed;
    }

    /** The cause, or null. */
    public SanitizedThrowable cause() {
        return cause;
    }

    /** Causes below this one dropped by the depth or size limit (at most 10,000 counted). */
    public int omittedCauses() {
        return omittedCauses;
    }

    /**
     * True for a throwable met a second time (a cause loop, a self-suppression): only type and
     * message are kept, rendered as Java does: {@code [CIRCULAR REFERENCE: Type: message]}.
     */
    public boolean circularReference() {
        return circularReference;
    }

    /** True when anything here or below was cut by a limit. */
    public boolean truncated() {
        if (messageTruncated || framesTruncated || omittedSuppressed > 0 || omittedCauses > 0) {
            return true;
        }
        for (SanitizedThrowable s : suppressed) {
            if (s.truncated()) {
                return true;
            }
        }
        return cause != null && cause.truncated();
    }

    /** {@code type} or {@code type: message}, as the first line of a Java stack trace. */
    public String header() {
        return message == null ? type : type + ": " + message;
    }

    /**
     * Java-style text: {@code Type: message}, {@code \tat frame}, {@code \t... N more},
     * {@code \tSuppressed: …} (indented), {@code Caused by: …}; limits as
     * {@code ... N more suppressed omitted} and {@code ... N more causes omitted}.
     */
    public String toStackTrace() {
        StringBuilder b = new StringBuilder(256);
        render(b, this, "", "");
        return b.toString();
    }

    private static void render(StringBuilder b, SanitizedThrowable t, String prefix, String caption) {
        SanitizedThrowable node = t;
        String cap = caption;
        // causes iteratively, suppressed recursively (their nesting is bounded by the depth limit)
        while (node != null) {
            b.append(prefix).append(cap);
            if (node.circularReference) {
                b.append("[CIRCULAR REFERENCE: ").append(node.header()).append("]\n");
                return;
            }
            b.append(node.header()).append('\n');
            for (String f : node.frames) {
                b.append(prefix).append("\tat ").append(f).append('\n');
            }
            if (node.omittedFrames > 0) {
                b.append(prefix).append("\t... ").append(node.omittedFrames).append(" more\n");
            }
            for (SanitizedThrowable s : node.suppressed) {
                render(b, s, prefix + "\t", "Suppressed: ");
            }
            if (node.omittedSuppressed > 0) {
                b.append(prefix).append("\t... ").append(node.omittedSuppressed)
                        .append(" more suppressed omitted\n");
            }
            if (node.omittedCauses > 0) {
                b.append(prefix).append("... ").append(node.omittedCauses)
                        .append(" more causes omitted\n");
            }
            node = node.cause;
            cap = "Caused by: ";
        }
    }

    /**
     * A JSON-ready tree of plain values: {@code type}, {@code message} (if any),
     * {@code messageTruncated} (if true), {@code frames}, {@code omittedFrames},
     * {@code framesTruncated} (if true), {@code suppressed} (if any), {@code omittedSuppressed} and
     * {@code omittedCauses} (if non-zero), {@code cause} (if any), {@code circularReference} (if
     * true). Absent values are left out rather than null.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        if (message != null) {
            m.put("message", message);
        }
        if (messageTruncated) {
            m.put("messageTruncated", true);
        }
        if (circularReference) {
            m.put("circularReference", true);
            return m;
        }
        m.put("frames", frames);
        m.put("omittedFrames", omittedFrames);
        if (framesTruncated) {
            m.put("framesTruncated", true);
        }
        if (!suppressed.isEmpty()) {
            List<Object> list = new ArrayList<>(suppressed.size());
            for (SanitizedThrowable s : suppressed) {
                list.add(s.toMap());
            }
            m.put("suppressed", list);
        }
        if (omittedSuppressed > 0) {
            m.put("omittedSuppressed", omittedSuppressed);
        }
        if (cause != null) {
            m.put("cause", cause.toMap());
        }
        if (omittedCauses > 0) {
            m.put("omittedCauses", omittedCauses);
        }
        return m;
    }

    @Override
    public String toString() {
        return toStackTrace();
    }
}
