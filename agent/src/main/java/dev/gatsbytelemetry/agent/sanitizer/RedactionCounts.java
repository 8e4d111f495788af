package dev.gatsbytelemetry.agent.sanitizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many redactions of each kind one event needed; never what was redacted.
 *
 * <p>Kinds (a fixed set):
 * <ul>
 *   <li>{@code path}: the working, home or temporary directory (or an ancestor of the working
 *       directory) replaced by {@code <cwd>}, {@code <home>}, {@code <tmp>};</li>
 *   <li>{@code user}: a user name: the current one as a word, any user segment of a home path
 *       ({@code /home/x}, {@code /Users/x}, {@code C:\Users\x}), a {@code user=} value;</li>
 *   <li>{@code host}: the host name, or the server of a UNC path;</li>
 *   <li>{@code secret}: the value of a secret-looking environment variable, or of a sensitive
 *       key ({@code password=…}, {@code "token": "…"}, {@code -Dx.secret=…}, query parameters);</li>
 *   <li>{@code url-credentials}: the user-info part of a URL ({@code scheme://user:pw@host}) or of an
 *       Oracle JDBC URL;</li>
 *   <li>{@code token}: a credential recognised by its shape (JWT, GitHub, GitLab, Slack, Google,
 *       Stripe, npm, AWS, OpenAI, {@code Bearer}/{@code Basic} values, high-entropy strings);</li>
 *   <li>{@code pem}: the body of a PEM block;</li>
 *   <li>{@code email}, {@code ip}, {@code card}: e-mail addresses, IP addresses (loopback and
 *       unspecified addresses are kept), Luhn-valid payment card numbers.</li>
 * </ul>
 *
 * <p>Not thread-safe: use one instance per event.
 */
public final class RedactionCounts {

    /** Every kind name, in a stable order. */
    public static final List<String> KINDS = kinds();

    private final int[] counts = new int[RedactionKind.values().length];

    /** A loop rather than a stream: this class loads with every run's first event. */
    private static List<String> kinds() {
        List<String> labels = new ArrayList<>();
        for (RedactionKind kind : RedactionKind.values()) {
            labels.add(kind.label);
        }
        return Collections.unmodifiableList(labels);
    }

    /** Creates an empty counter set. */
    public RedactionCounts() {
    }

    void increment(RedactionKind kind) {
        if (counts[kind.ordinal()] < Integer.MAX_VALUE) {
            counts[kind.ordinal()]++;
        }
    }

    /** The count for one kind name, 0 for an unknown name. */
    public int get(String kind) {
        for (RedactionKind k : RedactionKind.values()) {
            if (k.label.equals(kind)) {
                return counts[k.ordinal()];
            }
        }
        return 0;
    }

    /** Adds every count of {@code other} to this one (for merging per-field counters). */
    public void addAll(RedactionCounts other) {
        if (other == null) {
            return;
        }
        for (int i = 0; i < counts.length; i++) {
            long sum = (long) counts[i] + other.counts[i];
            counts[i] = (int) Math.min(Integer.MAX_VALUE, sum);
        }
    }

    /** Non-zero counts, sorted by kind name. */
    public Map<String, Integer> snapshot() {
        Map<String, Integer> out = new TreeMap<>();
        for (RedactionKind k : RedactionKind.values()) {
            if (counts[k.ordinal()] != 0) {
                out.put(k.label, counts[k.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Sum of all counts. */
    public int total() {
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return (int) Math.min(Integer.MAX_VALUE, sum);
    }

    /** True when nothing was redacted. */
    public boolean isEmpty() {
        for (int c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
