package dev.gatsbytelemetry.agent.sanitizer;

/**
 * Character tests shared by the sanitizer's scans, with an ASCII table first: the scans ask them of
 * every character of a stack trace, and {@link Character#isLetterOrDigit(char)} through the
 * Unicode tables was a measurable part of a trace's cost.
 */
final class CharClasses {

    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_';
        }
    }

    private CharClasses() {
    }

    /** A letter or digit in any script, or {@code _}. */
    static boolean isWordChar(char c) {
        return c < 128 ? ASCII_WORD[c] : Character.isLetterOrDigit(c);
    }

    /** A letter or digit in any script. */
    static boolean isLetterOrDigit(char c) {
        return c < 128 ? c != '_' && ASCII_WORD[c] : Character.isLetterOrDigit(c);
    }

    /**
     * Whether {@code s} contains {@code lowerNeedle} (lower-case ASCII letters and spaces) in any ASCII
     * case, like a {@code (?i)} expression without {@code UNICODE_CASE}. May also accept a control
     * character where the needle has a space; callers use it only to skip work.
     */
    static boolean containsAsciiIgnoreCase(String s, String lowerNeedle) {
        int n = lowerNeedle.length();
        outer:
        for (int i = 0, end = s.length() - n; i <= end; i++) {
            for (int k = 0; k < n; k++) {
                if ((s.charAt(i + k) | 0x20) != lowerNeedle.charAt(k)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
