package dev.gatsbytelemetry.agent.sanitizer;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges how sensitive a key name is ({@code password}, {@code X-Api-Key}, {@code -Ddb.pwd},
 * {@code token_type} ...), by substrings for unambiguous words and by words (split on
 * {@code _ - .} and camelCase) for short ones.
 *
 * <ul>
 *   <li>{@link KeyClass#STRONG}: password, passwd, passphrase, secret, credential, api/access/
 *       private/secret key, client secret, auth/access/refresh/id/api/session token, session id,
 *       cookie, and the words pass, pwd (not the bare upper-case {@code PWD}: that is the shell's
 *       working directory; {@code pwd=} and {@code Pwd:} are passwords), pw, creds.</li>
 *   <li>{@link KeyClass#WEAK}: the words token, auth, session, signature, sig, key, otp, salt, dsn,
 *       pat, jwt, bearer, private, xsrf/csrf, unless another word says it is metadata
 *       ({@code token_type}, {@code key_id}, {@code primary_key}, {@code session_timeout} ...).</li>
 *   <li>{@link KeyClass#AUTH_HEADER}, {@link KeyClass#COOKIE}: the HTTP headers.</li>
 *   <li>{@link KeyClass#USER}: user, username, login, owner, email and keys ending in them.</li>
 *   <li>{@link KeyClass#QUERY_ONLY}: code, state, ticket, nonce: sensitive only in URLs.</li>
 *   <li>A key that is a source file name ({@code TokenParser.java} in {@code TokenParser.java:12})
 *       is {@link KeyClass#NONE}.</li>
 * </ul>
 */
final class KeyNames {

    /** How a key's value is treated; see the class comment. */
    enum KeyClass { NONE, STRONG, WEAK, AUTH_HEADER, COOKIE, USER, QUERY_ONLY }

    private static final String[] KEY_TRIGGERS = {"pass", "pw", "secret", "token", "key", "auth",
        "cred", "session", "cookie", "sig", "user", "login", "code", "otp", "salt", "dsn", "pat",
        "jwt", "private", "state", "bearer"};

    private static final String[] STRONG_PARTS = {"password", "passwd", "passphrase", "secret",
        "credential", "apikey", "accesskey", "privatekey", "clientsecret", "authtoken", "accesstoken",
        "refreshtoken", "idtoken", "apitoken", "sessiontoken", "sessionid", "sessionkey", "cookie",
        "privatetoken", "signingkey", "encryptionkey", "masterkey", "licensekey", "connectionstring"};

    private static final Set<String> STRONG_WORDS = Set.of("pass", "pwd", "pw", "creds");

    private static final Set<String> WEAK_WORDS = Set.of("token", "tokens", "auth", "session", "sessid",
            "signature", "sig", "key", "keys", "otp", "salt", "dsn", "pat", "jwt", "bearer", "private",
            "apikey", "xsrf", "csrf");

    private static final Set<String> NOT_SECRET_KEY_WORDS = Set.of("primary", "foreign", "sort",
            "partition", "unique", "composite", "row", "map", "cache", "lookup", "idempotency", "i18n",
            "translation", "message", "public", "sequence", "hash", "group", "type", "kind", "name",
            "id", "url", "uri", "endpoint", "method", "mode", "timeout", "ttl", "expiry", "expires",
            "expiration", "length", "size", "count", "file", "path", "dir", "format", "algorithm",
            "alg", "version", "provider", "scheme", "header", "prefix", "limit", "missing",
            "invalid", "required");

    private static final Pattern FILE_NAME = Pattern.compile(
            "(?i).+\\.(?:java|kt|kts|groovy|scala|clj|js|mjs|cjs|ts|tsx|jsx|py|rb|go|rs|c|cc|cpp|h|cs"
                    + "|php|swift|json|ya?ml|xml|properties|gradle|html|css|md|txt|class|jar)");

    private static final Set<String> USER_KEYS = Set.of("user", "username", "userid", "login",
            "loginname", "dbuser", "dbusername", "proxyuser", "owner", "email");

    private static final Set<String> QUERY_ONLY_KEYS = Set.of("code", "state", "ticket", "nonce");

    /** How sensitive a key name is; see the class comment. */
    static KeyClass classify(String rawKey) {
        String key = rawKey;
        if (key.startsWith("-D") && key.length() > 2 && !key.startsWith("--")) {
            key = key.substring(2);
        }
        while (key.startsWith("-")) {
            key = key.substring(1);
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.indexOf('.') > 0 && FILE_NAME.matcher(lower).matches()) {
            return KeyClass.NONE; // "TokenParser.java:12" is a file and a line
        }
        boolean trigger = false;
        for (String t : KEY_TRIGGERS) {
            if (lower.contains(t)) {
                trigger = true;
                break;
            }
        }
        if (!trigger) {
            return KeyClass.NONE;
        }
        String compact = lower.replace("_", "").replace("-", "").replace(".", "");
        if (compact.equals("authorization") || compact.equals("proxyauthorization")) {
            return KeyClass.AUTH_HEADER;
        }
        if (compact.equals("cookie") || compact.equals("setcookie")) {
            return KeyClass.COOKIE;
        }
        if (USER_KEYS.contains(compact)) {
            return KeyClass.USER;
        }
        if (QUERY_ONLY_KEYS.contains(compact)) {
            return KeyClass.QUERY_ONLY;
        }
        for (String part : STRONG_PARTS) {
            if (compact.contains(part)) {
                return KeyClass.STRONG;
            }
        }
        String[] words = splitWords(key);
        boolean weak = false;
        boolean notSecret = false;
        for (String w : words) {
            if (STRONG_WORDS.contains(w) && (!w.equals("pwd") || words.length > 1 || !key.equals("PWD"))) {
                return KeyClass.STRONG;
            }
            weak |= WEAK_WORDS.contains(w);
            notSecret |= NOT_SECRET_KEY_WORDS.contains(w);
        }
        if (weak && !notSecret) {
            return KeyClass.WEAK;
        }
        if (words.length >= 2 && USER_KEYS.contains(words[words.length - 1])
                && !words[words.length - 1].equals("email")) {
            return KeyClass.USER;
        }
        return KeyClass.NONE;
    }

    /** Splits on {@code _ - .} and camelCase humps; lower-cased. */
    static String[] splitWords(String key) {
        StringBuilder b = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '_' || c == '-' || c == '.') {
                b.append(' ');
                continue;
            }
            if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(key.charAt(i - 1))) {
                b.append(' ');
            }
            b.append(Character.toLowerCase(c));
        }
        return b.toString().trim().split(" +");
    }

    private KeyNames() {
    }
}
