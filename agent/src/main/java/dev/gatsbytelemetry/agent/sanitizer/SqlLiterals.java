package dev.gatsbytelemetry.agent.sanitizer;

/**
 * Replaces the values of string literals in SQL that error messages quote
 * ({@code … WHERE email = 'jane@example.com' AND name = 'O''Brien'} becomes
 * {@code … WHERE email = '?' AND name = '?'}), the way a prepared statement writes them: the
 * statement's shape stays, the data goes.
 *
 * <p>Only text that reads as SQL is touched ({@code INSERT INTO}, {@code DELETE FROM},
 * {@code SELECT … FROM}, {@code UPDATE … SET}, or {@code WHERE} with a quoted comparison), so that
 * quotes in prose ({@code unknown command 'build'}, {@code Cannot find module 'x'}) keep their
 * useful text. A literal starts at a {@code '} where SQL puts a value (after {@code = ( ,} or
 * {@code LIKE}, {@code VALUES}, {@code IN}, ...; see {@link #opensValue}) and ends at the next lone
 * {@code '} on the same line ({@code ''} is an escaped quote inside it). Placeholders of earlier
 * passes are left as they are.
 */
final class SqlLiterals {

    private static final int MAX_LITERAL = 2000;
    static final String VALUE = "?";

    private SqlLiterals() {
    }

    static String redact(String s, RedactionCounts counts) {
        if (s.indexOf('\'') < 0 || !readsAsSql(s)) {
            return s;
        }
        StringBuilder out = null;
        int last = 0;
        int i = s.indexOf('\'');
        while (i >= 0 && i < s.length()) {
            if (!opensValue(s, i)) {
                i = s.indexOf('\'', i + 1);
                continue;
            }
            int end = closingQuote(s, i + 1, true);
            if (end < 0) {
                end = closingQuote(s, i + 1, false); // "'a'' …": no escape after all, the first quote closes
            }
            // a closing quote glued to a word ('a'b) paired the wrong quotes: try the next opener
            if (end < 0 || (end + 1 < s.length() && Character.isLetterOrDigit(s.charAt(end + 1)))) {
                i = s.indexOf('\'', i + 1);
                continue;
            }
            String value = s.substring(i + 1, end);
            if (!value.isEmpty() && !isPlaceholder(value)) {
                if (out == null) {
                    out = new StringBuilder(s.length());
                }
                out.append(s, last, i + 1).append(VALUE);
                counts.increment(RedactionKind.LITERAL);
                last = end;
            }
            i = s.indexOf('\'', end + 1);
        }
        return out == null ? s : out.append(s, last, s.length()).toString();
    }

    private static final String[] VALUE_KEYWORDS = {"like", "values", "then", "else", "between", "and", "in"};

    /**
     * Whether the quote at {@code q} opens a value: after {@code = ( ,} or a keyword that takes
     * one ({@code LIKE}, {@code VALUES}, ...), blanks allowed between. Pairing any two quotes would let
     * a stray apostrophe earlier in the message swallow the literal's opening quote.
     */
    private static boolean opensValue(String s, int q) {
        int k = q;
        while (k > 0 && s.charAt(k - 1) == ' ') {
            k--;
        }
        if (k == 0) {
            return false;
        }
        char before = s.charAt(k - 1);
        if ("=(,".indexOf(before) >= 0) {
            return true;
        }
        int wordEnd = k;
        while (k > 0 && Character.isLetter(s.charAt(k - 1))) {
            k--;
        }
        if (wordEnd == q || (k > 0 && Character.isLetterOrDigit(s.charAt(k - 1)))) {
            return false;
        }
        String word = s.substring(k, wordEnd);
        for (String keyword : VALUE_KEYWORDS) {
            if (word.equalsIgnoreCase(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** The closing quote of a literal whose text starts at {@code from}, or -1 (none on this line). */
    private static int closingQuote(String s, int from, boolean escapes) {
        for (int k = from; k < s.length() && k - from <= MAX_LITERAL; k++) {
            char c = s.charAt(k);
            if (c == '\n' || c == '\r') {
                return -1;
            }
            if (c == '\'') {
                if (escapes && k + 1 < s.length() && s.charAt(k + 1) == '\'') {
                    k++;
                    continue;
                }
                return k;
            }
        }
        return -1;
    }

    private static boolean isPlaceholder(String value) {
        return value.equals(VALUE) || value.startsWith(KeyValuePairs.REDACTED_PREFIX)
                || (value.startsWith("<") && value.endsWith(">") && value.length() <= 8);
    }

    static boolean readsAsSql(String s) {
        if (has(s, "insert into") || has(s, "delete from")) {
            return true;
        }
        if (has(s, "select ") && has(s, " from ")) {
            return true;
        }
        if (has(s, "update ") && has(s, " set ")) {
            return true;
        }
        return has(s, " where ") && (s.contains("= '") || s.contains("='") || has(s, " like '")
                || has(s, " in ('"));
    }

    private static boolean has(String s, String lowerNeedle) {
        return CharClasses.containsAsciiIgnoreCase(s, lowerNeedle);
    }
}
