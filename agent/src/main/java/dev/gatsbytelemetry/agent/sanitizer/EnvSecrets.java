package dev.gatsbytelemetry.agent.sanitizer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds environment variables whose names look secret and replaces their values wherever they
 * appear, as written, URL-encoded ({@code +} or {@code %20} for spaces) and JSON-escaped.
 *
 * <p>A name looks secret when it contains TOKEN, SECRET, PASSWORD, PASSWD, PASSPHRASE, CREDENTIAL,
 * APIKEY, PRIVATE, COOKIE or SIGNATURE anywhere, or has a word (split on {@code _ - .}) KEY, KEYS,
 * PASS, PWD, AUTH, SESSION, SIG, DSN, SALT, CREDS, PAT or JWT. {@code PWD} and {@code OLDPWD}
 * (directories) and a few well-known non-secrets ({@code SSH_AUTH_SOCK}, {@code XDG_SESSION_*},
 * …) are skipped. Values shorter than {@value #MIN_LENGTH} characters are ignored: replacing
 * them would destroy ordinary text.
 */
final class EnvSecrets {

    static final int MIN_LENGTH = 6;

    private static final Set<String> WORDS = Set.of("KEY", "KEYS", "PASS", "PWD", "AUTH", "SESSION",
            "SIG", "DSN", "SALT", "CREDS", "PAT", "JWT");
    private static final Set<String> BORING_VALUES = Set.of("true", "false", "enabled", "disabled",
            "default", "none", "null", "unset");

    /** The name patterns, compiled only when a name is checked (the command check rarely needs them). */
    private static final class NamePatterns {
        private static final Pattern SUBSTRING = Pattern.compile(
                "TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|APIKEY|PRIVATE|COOKIE|SIGNATURE");
        private static final Pattern NOT_SECRET = Pattern.compile(
                "PWD|OLDPWD|SSH_AUTH_SOCK|.*_SOCK|XAUTHORITY|XDG_SESSION_.*|DESKTOP_SESSION|SESSION_MANAGER"
                        + "|.*KEYMAP|KEYBOARD.*|GPG_TTY|.*_AUTHOR_.*|.*_PATH");
    }

    private EnvSecrets() {
    }

    static boolean isSecretName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (NamePatterns.NOT_SECRET.matcher(n).matches()) {
            return false;
        }
        if (NamePatterns.SUBSTRING.matcher(n).find()) {
            return true;
        }
        // the words between runs of _ . - (what split("[_.\\-]+") gives, without compiling a
        // pattern per name: this runs for every variable of the environment)
        int start = 0;
        for (int i = 0; i <= n.length(); i++) {
            if (i == n.length() || n.charAt(i) == '_' || n.charAt(i) == '.' || n.charAt(i) == '-') {
                if (i > start && WORDS.contains(n.substring(start, i))) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /**
     * Whether {@code value}, trimmed, is replaced as the secret value of variable {@code name}: the
     * checks of {@link #secretValues} for one variable, the cheap ones first.
     */
    static boolean isSecretValue(String name, String value) {
        String v = value == null ? "" : value.trim();
        return v.length() >= MIN_LENGTH && !BORING_VALUES.contains(v.toLowerCase(Locale.ROOT)) && isSecretName(name);
    }

    /** A secret value's spellings replaced in text: as is, URL-encoded two ways, JSON-escaped two ways. */
    static List<String> spellings(String value) {
        String v = value.trim();
        List<String> out = new ArrayList<>(5);
        out.add(v);
        String form = urlEncoded(v);
        out.add(form);
        out.add(form.replace("+", "%20"));
        out.add(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
        out.add(v.replace("\\", "\\\\").replace("\"", "\\\""));
        return out;
    }

    /**
     * {@code URLEncoder.encode(v, UTF_8)}, written out for ASCII text: letters, digits and
     * {@code . - * _} stay, a space becomes {@code +}, any other character {@code %XX}. The command
     * check computes this for every variable of the environment on every run, and URLEncoder's first
     * use costs ~1-3 ms of CPU there; anything beyond ASCII still goes through it.
     */
    static String urlEncoded(String v) {
        StringBuilder out = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 0x80) {
                return URLEncoder.encode(v, StandardCharsets.UTF_8);
            }
            boolean kept = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '*' || c == '_';
            if (kept && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(v.length() + 16).append(v, 0, i);
            }
            if (kept) {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out == null ? v : out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The secret values of {@code env}, with their encoded spellings, for exact replacement. */
    static List<String> secretValues(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (isSecretValue(e.getKey(), e.getValue())) {
                out.addAll(spellings(e.getValue()));
            }
        }
        return out;
    }

    static LiteralReplacer replacer(Map<String, String> env) {
        LiteralReplacer lr = new LiteralReplacer();
        for (String v : secretValues(env)) {
            lr.add(v, RedactionKind.SECRET.replacement, RedactionKind.SECRET, false,
                    LiteralReplacer.Boundary.ANYWHERE);
        }
        return lr.build();
    }
}
