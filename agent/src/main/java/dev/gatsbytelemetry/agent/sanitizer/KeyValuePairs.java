package dev.gatsbytelemetry.agent.sanitizer;

import dev.gatsbytelemetry.agent.sanitizer.KeyNames.KeyClass;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the value that belongs to a sensitive key and decides whether to redact it.
 *
 * <p>Called by the {@link SecretPatterns} scan at a separator ({@code =}, {@code :},
 * {@code %3D}), a {@code --flag} or an XML element. The key is found by walking back from the
 * separator (over blanks and an optional, possibly JSON-escaped, quote); the value is parsed by
 * hand: quoted (double or single quotes, or JSON-escaped quotes, with backslash escapes; an
 * unclosed quote runs to the end of the line), unquoted (up to whitespace, a quote, a closing
 * bracket, {@code &}, {@code ;}, {@code ,}, {@code <}, {@code >}, a backslash or {@code %26}), a
 * whole line for cookies and for
 * {@code key = value} properties lines with strong keys, and {@code Scheme credentials} for
 * authorization headers. Hand parsing means a huge value can never overflow the regex stack.
 *
 * <p>Forms: {@code key=value}, {@code key:value} and quoted keys are structured, and weak keys
 * lose their value there; {@code key: value} in prose keeps a weak key's value unless it looks
 * like a credential, so "Unexpected token: &#125;" stays readable. Digits after a colon
 * ({@code session:42}) are ports or counters for every key but strong ones. Placeholders
 * ({@code null}, {@code ${VAR}}, {@code ****}, already redacted values) are kept.
 */
final class KeyValuePairs {

    static final String REDACTED_PREFIX = "[REDACTED";

    private static final Set<String> AUTH_SCHEMES = Set.of("bearer", "basic", "token", "digest",
            "negotiate", "ntlm", "apikey", "aws4-hmac-sha256", "hawk", "sso-key", "otp");

    private static final Set<String> KEPT_VALUES = Set.of("null", "(null)", "undefined", "none",
            "true", "false", "<unset>", "<none>", "<empty>", "<redacted>", "<user>", "<email>");

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || c == '.' || c == '-';
    }

    static Edit flagEdit(String s, String flag, int vs) {
        KeyClass kc = KeyNames.classify(flag);
        if (kc == KeyClass.NONE || kc == KeyClass.QUERY_ONLY) {
            return null;
        }
        int ve = vs;
        while (ve < s.length() && !Character.isWhitespace(s.charAt(ve))) {
            ve++;
        }
        return ve > vs ? valueEdit(kc, vs, ve, s.substring(vs, ve), false) : null;
    }

    /**
     * A separator at {@code sep}: walks back over blanks, an optional (escaped) quote and the key;
     * then judges the key and parses the value after the separator.
     */
    static Edit pairAt(String s, int sep, int last) {
        int n = s.length();
        char c = s.charAt(sep);
        int sepLen = c == '%' ? 3 : 1;
        if (c == ':' && sep + 1 < n && (s.charAt(sep + 1) == ':' || s.charAt(sep + 1) == '/'
                || s.startsWith("\\/", sep + 1))) {
            return null;
        }
        int k = sep;
        int blanks = 0;
        while (k > 0 && blanks < 4 && (s.charAt(k - 1) == ' ' || s.charAt(k - 1) == '\t')) {
            k--;
            blanks++;
        }
        boolean quotedKey = false;
        if (k > 0 && (s.charAt(k - 1) == '"' || s.charAt(k - 1) == '\'')) {
            quotedKey = true;
            k--;
            for (int b = 0; b < 2 && k > 0 && s.charAt(k - 1) == '\\'; b++) {
                k--;
            }
        }
        int keyEnd = k;
        while (k > 0 && keyEnd - k <= 84 && isKeyChar(s.charAt(k - 1))) {
            k--;
        }
        int keyStart = k;
        if (keyEnd == keyStart || keyEnd - keyStart > 84 || keyStart < last) {
            return null;
        }
        // "%3Ftoken%3D…": the run picked up the "3F" / "26" of the escape before the key
        boolean afterEscapedSeparator = false;
        if (keyStart > 0 && s.charAt(keyStart - 1) == '%' && keyEnd - keyStart > 2
                && (s.regionMatches(true, keyStart, "3F", 0, 2) || s.startsWith("26", keyStart))) {
            keyStart += 2;
            afterEscapedSeparator = true;
        } else if (keyStart > 0 && (s.charAt(keyStart - 1) == '$' || s.charAt(keyStart - 1) == '%')) {
            return null;
        }
        int dashes = 0;
        while (keyStart + dashes < keyEnd && s.charAt(keyStart + dashes) == '-') {
            dashes++;
        }
        if (dashes > 2 || keyStart + dashes >= keyEnd) {
            return null;
        }
        char first = s.charAt(keyStart + dashes);
        char lastKeyChar = s.charAt(keyEnd - 1);
        if (!(Character.isLetter(first) || first == '_') || !(CharClasses.isWordChar(lastKeyChar))) {
            return null;
        }
        String key = s.substring(keyStart, keyEnd);
        KeyClass kc = KeyNames.classify(key);
        if (kc == KeyClass.NONE) {
            return null;
        }
        char before = afterEscapedSeparator ? '&' : keyStart > 0 ? s.charAt(keyStart - 1) : ' ';
        if (before == '"' || before == '\'') {
            quotedKey = true;
        }
        String sepText = c == '%' ? "%3D" : String.valueOf(c);
        if (c == '=' && sep + 1 < n && s.charAt(sep + 1) == '>') {
            sepLen = 2; // "password => v", "pwd=>v": Ruby and PHP's arrow; the value follows the '>'
        }
        return pairEdit(s, kc, quotedKey, before, sepText, blanks > 0, sep + sepLen);
    }

    private static Edit pairEdit(String s, KeyClass kc, boolean quotedKey, char before, String sep,
                                 boolean spaceBefore, int valueFrom) {
        int p = valueFrom;
        int n = s.length();
        boolean spaceAfter = p < n && (s.charAt(p) == ' ' || s.charAt(p) == '\t');
        boolean prose = sep.equals(":") && spaceAfter && !quotedKey;
        if (kc == KeyClass.QUERY_ONLY
                && (sep.equals(":") || "?&#;".indexOf(before) < 0)) {
            return null;
        }
        if (kc == KeyClass.USER && prose) {
            return null;
        }
        boolean spacedEquals = !sep.equals(":") && (spaceAfter || spaceBefore);
        while (p < n && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        if (p >= n || s.charAt(p) == '\n' || s.charAt(p) == '\r') {
            return null;
        }
        // Quoted value: ", ', or a JSON-escaped \" (possibly doubly escaped).
        int bs = 0;
        while (p + bs < n && s.charAt(p + bs) == '\\' && bs < 4) {
            bs++;
        }
        char q = p + bs < n ? s.charAt(p + bs) : 0;
        if ((q == '"' || q == '\'') && (bs == 0 || bs == 1 || bs == 3)) {
            String closer = s.substring(p, p + bs + 1);
            int vs = p + bs + 1;
            int ve = findCloser(s, vs, closer);
            if (ve == vs) {
                return null;
            }
            return valueEdit(kc, vs, ve, s.substring(vs, ve), prose);
        }
        if (s.charAt(p) == '{' || s.charAt(p) == '[') {
            return null; // {"auth":{"user":…}}: the structure stays; its own keys are judged where they are
        }
        int vs = p;
        int ve = vs;
        if (kc == KeyClass.COOKIE) {
            while (ve < n && "\r\n\"'".indexOf(s.charAt(ve)) < 0) {
                ve++;
            }
            while (ve > vs && Character.isWhitespace(s.charAt(ve - 1))) {
                ve--;
            }
            return ve > vs ? valueEdit(kc, vs, ve, s.substring(vs, ve), false) : null;
        }
        if (kc == KeyClass.AUTH_HEADER) {
            int w = vs;
            while (w < n && !Character.isWhitespace(s.charAt(w)) && "\"',;".indexOf(s.charAt(w)) < 0) {
                w++;
            }
            String first = s.substring(vs, w);
            if (AUTH_SCHEMES.contains(first.toLowerCase(Locale.ROOT)) && w < n && s.charAt(w) == ' ') {
                int cs = w;
                while (cs < n && s.charAt(cs) == ' ') {
                    cs++;
                }
                int ce = endOfUnquoted(s, cs);
                if (first.equalsIgnoreCase("digest")) {
                    ce = cs;
                    while (ce < n && "\r\n".indexOf(s.charAt(ce)) < 0) {
                        ce++;
                    }
                }
                return ce > cs ? valueEdit(KeyClass.STRONG, cs, ce, s.substring(cs, ce), false) : null;
            }
        }
        if (spacedEquals && kc == KeyClass.STRONG) {
            // "db.password = a b&c" is a properties line: the value runs to the end of the line
            ve = vs;
            while (ve < n && "\r\n".indexOf(s.charAt(ve)) < 0) {
                ve++;
            }
            while (ve > vs && Character.isWhitespace(s.charAt(ve - 1))) {
                ve--;
            }
            return valueEdit(kc, vs, ve, s.substring(vs, ve), false);
        }
        ve = endOfUnquoted(s, vs);
        if (ve == vs) {
            return null;
        }
        String value = s.substring(vs, ve);
        if (sep.equals(":") && kc != KeyClass.STRONG && value.length() <= 7
                && value.chars().allMatch(Character::isDigit)) {
            return null; // "session:42", "host:8080": a counter or a port, not a secret
        }
        return valueEdit(kc, vs, ve, value, prose);
    }

    private static int findCloser(String s, int from, String closer) {
        int n = s.length();
        boolean plain = closer.length() == 1;
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
            if (plain && c == '\\') {
                i += 2;
                continue;
            }
            if (s.startsWith(closer, i)) {
                return i;
            }
            i++;
        }
        return n;
    }

    private static int endOfUnquoted(String s, int from) {
        int n = s.length();
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || "&;,)]}>\"'<\\".indexOf(c) >= 0
                    || (c == '%' && s.startsWith("%26", i))) {
                break;
            }
            i++;
        }
        // a trailing sentence dot is punctuation, not part of the value
        while (i > from + 1 && (s.charAt(i - 1) == '.') ) {
            i--;
        }
        return i;
    }

    static Edit valueEdit(KeyClass kc, int vs, int ve, String value, boolean prose) {
        if (kc == KeyClass.NONE || isKeptValue(value)) {
            return null;
        }
        if (prose && (kc == KeyClass.WEAK || kc == KeyClass.AUTH_HEADER) && !looksLikeCredential(value)) {
            return null;
        }
        if (kc == KeyClass.USER) {
            return new Edit(vs, ve, RedactionKind.USER.replacement, RedactionKind.USER);
        }
        return new Edit(vs, ve, RedactionKind.SECRET.replacement, RedactionKind.SECRET);
    }

    private static boolean isKeptValue(String v) {
        String t = v.trim();
        if (t.isEmpty() || t.startsWith(REDACTED_PREFIX) || t.startsWith("${") || t.startsWith("{{")
                || t.startsWith("%(") || t.chars().allMatch(c -> c == '*' || c == 'x' || c == 'X')) {
            return true;
        }
        return KEPT_VALUES.contains(t.toLowerCase(Locale.ROOT));
    }

    /** A credential-looking string: long, no spaces, letters mixed with digits (or very long). */
    static boolean looksLikeCredential(String v) {
        if (v.length() < 8) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c)) {
                return false;
            }
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return (letter && digit) || v.length() >= 20;
    }

    private KeyValuePairs() {
    }
}
