package dev.gatsbytelemetry.agent.sanitizer;

/** Cutting text to a length without splitting a surrogate pair or leaking half a secret. */
final class TextBounds {

    /** Appended after a cut: {@code …[truncated N chars]}. */
    static final String MARKER_START = "\u2026[truncated ";

    private TextBounds() {
    }

    /** Text plus what was dropped from its end. */
    record Cut(String text, int dropped) {
    }

    /**
     * Shortens over-long input before it is scanned, so a 100 MB message costs no more than a
     * 64 KB one. The cut backs off to whitespace: half a token could slip past every pattern
     * (too short for its shape, not equal to the secret value), so the whole unfinished run goes.
     */
    static Cut precut(String s, int workLimit) {
        if (s.length() <= workLimit) {
            return new Cut(s, 0);
        }
        int cut = safeIndex(s, workLimit);
        if (!Character.isWhitespace(s.charAt(cut))) {
            while (cut > 0 && !Character.isWhitespace(s.charAt(cut - 1))) {
                cut--;
            }
        }
        return new Cut(s.substring(0, cut), s.length() - cut);
    }

    /** Keeps at most {@code max} chars of already-sanitized text and marks any cut. */
    static Cut cut(String s, int max, int alreadyDropped) {
        if (s.length() <= max && alreadyDropped == 0) {
            return new Cut(s, 0);
        }
        int keep = s.length() <= max ? s.length() : safeIndex(s, max);
        int dropped = s.length() - keep + alreadyDropped;
        return new Cut(s.substring(0, keep) + MARKER_START + dropped + " chars]", dropped);
    }

    private static int safeIndex(String s, int i) {
        if (i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i))
                && Character.isHighSurrogate(s.charAt(i - 1))) {
            return i - 1;
        }
        return i;
    }
}
