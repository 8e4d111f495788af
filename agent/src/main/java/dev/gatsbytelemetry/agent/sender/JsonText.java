package dev.gatsbytelemetry.agent.sender;

/**
 * Just enough JSON for the sender: a strict validator (so garbage never reaches the collector and a
 * truncated spool file is recognised), element counting of a top-level array, and string quoting.
 * Nesting deeper than {@value #MAX_DEPTH} levels is treated as invalid.
 */
final class JsonText {

    static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;

    private JsonText(String s) {
        this.s = s;
    }

    /** True if {@code text} is exactly one JSON object (whitespace around it allowed). */
    static boolean isObject(String text) {
        if (text == null) {
            return false;
        }
        JsonText p = new JsonText(text);
        p.skipWs();
        if (p.pos >= text.length() || text.charAt(p.pos) != '{' || !p.value(0)) {
            return false;
        }
        p.skipWs();
        return p.pos == text.length();
    }

    /** Number of elements if {@code text} is one JSON array whose elements are all objects; else -1. */
    static int objectArrayLength(String text) {
        if (text == null) {
            return -1;
        }
        JsonText p = new JsonText(text);
        p.skipWs();
        if (!p.eat('[')) {
            return -1;
        }
        int count = 0;
        p.skipWs();
        if (!p.eat(']')) {
            do {
                p.skipWs();
                if (p.pos >= text.length() || text.charAt(p.pos) != '{' || !p.value(1)) {
                    return -1;
                }
                count++;
                p.skipWs();
            } while (p.eat(','));
            if (!p.eat(']')) {
                return -1;
            }
        }
        p.skipWs();
        return p.pos == text.length() ? count : -1;
    }


    /**
     * The elements of a JSON array of objects, each as its own text; null when {@code text} is not
     * such an array. Used to split a batch the collector found too large.
     */
    static java.util.List<String> objectArrayElements(String text) {
        if (text == null) {
            return null;
        }
        java.util.List<String> elements = new java.util.ArrayList<>();
        JsonText p = new JsonText(text);
        p.skipWs();
        if (!p.eat('[')) {
            return null;
        }
        p.skipWs();
        if (!p.eat(']')) {
            do {
                p.skipWs();
                int start = p.pos;
                if (p.pos >= text.length() || text.charAt(p.pos) != '{' || !p.value(1)) {
                    return null;
                }
                elements.add(text.substring(start, p.pos));
                p.skipWs();
            } while (p.eat(','));
            if (!p.eat(']')) {
                return null;
            }
        }
        p.skipWs();
        return p.pos == text.length() ? elements : null;
    }

    private boolean value(int depth) {
        if (depth > MAX_DEPTH || pos >= s.length()) {
            return false;
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return string();
            case 't': return literal("true");
            case 'f': return literal("false");
            case 'n': return literal("null");
            default: return number();
        }
    }

    private boolean object(int depth) {
        pos++; // '{'
        skipWs();
        if (eat('}')) {
            return true;
        }
        do {
            skipWs();
            if (pos >= s.length() || s.charAt(pos) != '"' || !string()) {
                return false;
            }
            skipWs();
            if (!eat(':')) {
                return false;
            }
            skipWs();
            if (!value(depth)) {
                return false;
            }
            skipWs();
        } while (eat(','));
        return eat('}');
    }

    private boolean array(int depth) {
        pos++; // '['
        skipWs();
        if (eat(']')) {
            return true;
        }
        do {
            skipWs();
            if (!value(depth)) {
                return false;
            }
            skipWs();
        } while (eat(','));
        return eat(']');
    }

    private boolean string() {
        pos++; // opening quote
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                if (pos >= s.length()) {
                    return false;
                }
                char e = s.charAt(pos++);
                if (e == 'u') {
                    if (pos + 4 > s.length()) {
                        return false;
                    }
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(s.charAt(pos++), 16) < 0) {
                            return false;
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean number() {
        int start = pos;
        eat('-');
        if (eat('0')) {
            // no leading zeros
        } else if (!digits()) {
            return false;
        }
        if (eat('.') && !digits()) {
            return false;
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (!eat('+')) {
                eat('-');
            }
            if (!digits()) {
                return false;
            }
        }
        return pos > start;
    }

    private boolean digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private boolean literal(String word) {
        if (s.startsWith(word, pos)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    private boolean eat(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
