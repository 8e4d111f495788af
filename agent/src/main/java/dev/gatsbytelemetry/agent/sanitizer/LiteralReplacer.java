package dev.gatsbytelemetry.agent.sanitizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces many known strings ("needles") in one left-to-right scan.
 *
 * <p>Needles are bucketed by first character, so most positions cost one array load. At a
 * position the longest matching needle wins (buckets are sorted longest first, ties by the order
 * of {@link #add}); the scan then resumes after the match, so replacements never overlap and a
 * replacement is never scanned again. Boundary rules are checked on the input text. With few
 * distinct first characters (the usual case: a handful of paths, names and secret values), the
 * scan jumps between their occurrences with {@link String#indexOf(int, int)}, a vectorised
 * intrinsic, instead of looking at every character: a stack trace has thousands.
 *
 * <p>Immutable and thread-safe once {@link #build()} returned.
 */
final class LiteralReplacer {

    /** Where a needle may match. */
    enum Boundary {
        /** Anywhere (exact secret values). */
        ANYWHERE,
        /** Not inside a longer path segment: {@code /tmp} must not match in {@code /var/tmp} or {@code /tmpx}. */
        PATH,
        /** A whole word: letters and digits around it do not continue it. */
        WORD,
        /** Like {@link #WORD}, but {@code -} and {@code _} also continue it (host names). */
        HOST,
        /**
         * Only the end is checked, as for {@link #HOST}: for needles that begin with their own
         * context ({@code @vm}, {@code //vm}), which may follow anything.
         */
        HOST_END
    }

    private record Needle(String text, String replacement, RedactionKind kind, boolean ignoreCase,
                          Boundary boundary, int order, char second, char last) {

        Needle(String text, String replacement, RedactionKind kind, boolean ignoreCase,
               Boundary boundary, int order) {
            this(text, replacement, kind, ignoreCase, boundary, order,
                    text.length() < 2 ? 0 : ignoreCase ? fold(text.charAt(1)) : text.charAt(1),
                    ignoreCase ? fold(text.charAt(text.length() - 1)) : text.charAt(text.length() - 1));
        }

        /**
         * Whether the second and last characters can match ({@code s} holds the needle's length
         * from {@code i}): rejects most candidates of a bucket before {@code regionMatches}, which
         * dominated a stack trace's cost when a frequent letter (the first letter of the user's
         * name) started a needle.
         */
        boolean endsMatch(String s, int i) {
            int len = text.length();
            return len < 2 || (same(s.charAt(i + 1), second) && same(s.charAt(i + len - 1), last));
        }

        private boolean same(char c, char expected) {
            if (!ignoreCase) {
                return c == expected;
            }
            return fold(c) == expected || Character.isSurrogate(c);
        }
    }

    /** Equal for any two characters {@link String#regionMatches(boolean, int, String, int, int)} equates. */
    private static char fold(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    private final List<Needle> pending = new ArrayList<>();
    private final Map<String, Boolean> seen = new HashMap<>();
    private static final int MAX_JUMP_CHARS = 12;

    private Needle[][] ascii;
    private Map<Character, Needle[]> other;
    /** The distinct first characters of all needles, or null if too many to jump between. */
    private char[] firstChars;
    private boolean empty = true;

    /** Adds a needle; duplicates (same text and case mode) keep the first replacement. */
    LiteralReplacer add(String text, String replacement, RedactionKind kind, boolean ignoreCase,
                        Boundary boundary) {
        if (text == null || text.isEmpty()) {
            return this;
        }
        String key = (ignoreCase ? "i:" + text.toLowerCase(java.util.Locale.ROOT) : "s:" + text);
        if (seen.putIfAbsent(key, Boolean.TRUE) != null) {
            return this;
        }
        pending.add(new Needle(text, replacement, kind, ignoreCase, boundary, pending.size()));
        return this;
    }

    LiteralReplacer build() {
        Map<Character, List<Needle>> buckets = new LinkedHashMap<>();
        for (Needle n : pending) {
            char c = n.text.charAt(0);
            if (n.ignoreCase) {
                addTo(buckets, Character.toLowerCase(c), n);
                addTo(buckets, Character.toUpperCase(c), n);
                addTo(buckets, Character.toTitleCase(c), n);
            } else {
                addTo(buckets, c, n);
            }
        }
        Comparator<Needle> longestFirst = Comparator.comparingInt((Needle n) -> -n.text.length())
                .thenComparingInt(n -> n.order);
        ascii = new Needle[128][];
        other = new HashMap<>();
        for (Map.Entry<Character, List<Needle>> e : buckets.entrySet()) {
            List<Needle> list = e.getValue();
            list.sort(longestFirst);
            Needle[] arr = list.toArray(new Needle[0]);
            char c = e.getKey();
            if (c < 128) {
                ascii[c] = arr;
            } else {
                other.put(c, arr);
            }
        }
        empty = pending.isEmpty();
        if (buckets.size() <= MAX_JUMP_CHARS) {
            firstChars = new char[buckets.size()];
            int k = 0;
            for (char c : buckets.keySet()) {
                firstChars[k++] = c;
            }
        }
        return this;
    }

    private static void addTo(Map<Character, List<Needle>> buckets, char c, Needle n) {
        List<Needle> list = buckets.computeIfAbsent(c, k -> new ArrayList<>());
        if (!list.contains(n)) {
            list.add(n);
        }
    }

    boolean isEmpty() {
        return empty;
    }

    String replace(String s, RedactionCounts counts) {
        if (empty || s.isEmpty()) {
            return s;
        }
        StringBuilder out = null;
        int last = 0;
        int n = s.length();
        int[] next = null;
        if (firstChars != null) {
            next = new int[firstChars.length];
            for (int k = 0; k < next.length; k++) {
                next[k] = s.indexOf(firstChars[k]);
            }
        }
        int i = 0;
        while (i < n) {
            if (next != null) {
                i = nextCandidate(s, i, next);
                if (i < 0) {
                    break;
                }
            }
            char c = s.charAt(i);
            Needle[] cands = c < 128 ? ascii[c] : (other.isEmpty() ? null : other.get(c));
            Needle hit = null;
            if (cands != null) {
                for (Needle nd : cands) {
                    if (matchesAt(s, i, nd)) {
                        hit = nd;
                        break;
                    }
                }
            }
            if (hit == null) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(s, last, i).append(hit.replacement);
            counts.increment(hit.kind);
            i += hit.text.length();
            last = i;
        }
        if (out == null) {
            return s;
        }
        out.append(s, last, n);
        return out.toString();
    }

    /** The first position at or after {@code from} holding a first character; -1 if none. */
    private int nextCandidate(String s, int from, int[] next) {
        int min = -1;
        for (int k = 0; k < next.length; k++) {
            if (next[k] >= 0 && next[k] < from) {
                next[k] = s.indexOf(firstChars[k], from);
            }
            if (next[k] >= 0 && (min < 0 || next[k] < min)) {
                min = next[k];
            }
        }
        return min;
    }

    private static boolean matchesAt(String s, int i, Needle nd) {
        int len = nd.text.length();
        if (i + len > s.length() || !nd.endsMatch(s, i)
                || !s.regionMatches(nd.ignoreCase, i, nd.text, 0, len)) {
            return false;
        }
        char before = i > 0 ? s.charAt(i - 1) : ' ';
        char after = i + len < s.length() ? s.charAt(i + len) : ' ';
        switch (nd.boundary) {
            case ANYWHERE:
                return true;
            case PATH: {
                if (isNameChar(before) || (isNameChar(after) && after != '.')) {
                    return false;
                }
                // "/home/alice.bak" is another directory; "/home/alice." ends a sentence.
                return !(after == '.' && i + len + 1 < s.length() && isNameChar(s.charAt(i + len + 1)));
            }
            case WORD:
                return !CharClasses.isLetterOrDigit(before) && !CharClasses.isLetterOrDigit(after);
            case HOST:
                return !isHostChar(before) && !isHostChar(after);
            case HOST_END:
                return !isHostChar(after);
            default:
                return false;
        }
    }

    /** A character that continues a file name. */
    static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '~';
    }

    private static boolean isHostChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }
}
