package dev.gatsbytelemetry.agent.sanitizer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts credentials recognised by their shape or by the name they are stored under.
 *
 * <p>Three passes, each skipped when a cheap {@code indexOf} says it cannot match:
 * <ol>
 *   <li>PEM blocks: the body between {@code -----BEGIN X-----} and {@code -----END X-----} (or the
 *       end of the text, for a cut-off block) becomes {@code [REDACTED:pem]}; labels stay.</li>
 *   <li>URL user-info: {@code scheme://user:pw@host} and {@code jdbc:oracle:thin:user/pw@host}
 *       lose everything before the {@code @}. Any user-info, even without a password, since a
 *       bare user part is often a key (Sentry DSNs) or a person.</li>
 *   <li>One hand-written scan (anchored expressions only where a trigger character is) for token shapes (JWT, GitHub, GitLab, Slack, Google, Stripe, npm,
 *       AWS key ids, OpenAI, Hugging Face, PyPI, SendGrid, Docker Hub, Shopify, webhook URLs),
 *       {@code Bearer}/{@code Basic} credentials, AWS secret keys near "aws"/"secret", XML elements,
 *       {@code --flag value} and {@code key=value} / {@code key: value} / {@code "key": "value"}
 *       pairs. A pair's value is parsed by hand (quotes, escapes), never by a backtracking
 *       expression, so a huge value cannot overflow the regex stack.</li>
 * </ol>
 *
 * <p>Key names are judged by {@link KeyClass}: strong names (password, secret, credential, api
 * key, …) lose their value in any form; weak names (token, auth, session, key, signature …) lose
 * it in {@code key=value} and quoted forms, but in prose ({@code "Unexpected token: }"}) only when
 * the value looks like a credential, so parse errors stay readable. User names
 * ({@code user=}, {@code username=}, JDBC {@code user=}) become {@code <user>}; {@code code=} and
 * {@code state=} are sensitive only as URL query parameters.
 */
final class SecretPatterns {

    enum KeyClass { NONE, STRONG, WEAK, AUTH_HEADER, COOKIE, USER, QUERY_ONLY }

    private static final String REDACTED_PREFIX = "[REDACTED";

    private static final Pattern ORACLE_AT = Pattern.compile(
            "jdbc:oracle:[A-Za-z0-9]+:(?<orav>[^/@\\s\"'\\[\\]]+/[^@\\s\"'\\[\\]]+)@");

    private static final String TOKEN_SHAPES = String.join("|",
            "\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*",
            "\\bgh[pousr]_[A-Za-z0-9]{20,}",
            "\\bgithub_pat_[A-Za-z0-9_]{20,}",
            "\\bgl(?:pat|dt|rt|ptt|cbt|soat)-[A-Za-z0-9_\\-]{20,}",
            "\\bxox[abposr]-[A-Za-z0-9\\-]{10,}",
            "\\bxapp-[A-Za-z0-9\\-]{10,}",
            "\\bAIza[0-9A-Za-z_\\-]{35}",
            "\\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}",
            "\\bwhsec_[0-9A-Za-z]{20,}",
            "\\bnpm_[A-Za-z0-9]{30,}",
            "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\\b",
            "\\bsk-(?:proj-|ant-(?:api\\d\\d-)?)?[A-Za-z0-9_\\-]{20,}",
            "\\bhf_[A-Za-z0-9]{30,}",
            "\\bpypi-[A-Za-z0-9_\\-]{50,}",
            "\\bSG\\.[A-Za-z0-9_\\-]{16,}\\.[A-Za-z0-9_\\-]{16,}",
            "\\bdckr_pat_[A-Za-z0-9_\\-]{20,}",
            "\\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}");

    /** Tried only at a word start that {@link #mayStartToken} accepts. */
    private static final Pattern TOKEN_AT = Pattern.compile(
            "(?<tok>" + TOKEN_SHAPES + ")"
                    + "|(?<hook>hooks\\.slack\\.com/(?:services|workflows|triggers)/|discord(?:app)?\\.com/api/webhooks/)"
                    + "(?<hookv>[A-Za-z0-9/_\\-]{8,})"
                    + "|(?<bearer>[Bb]earer|BEARER)\\s+(?<bv>[A-Za-z0-9\\-._~+/]+=*)"
                    + "|(?<basic>[Bb]asic|BASIC)\\s+(?<bav>[A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])");
    private static final Pattern XML_AT = Pattern.compile(
            "<(?<xk>[A-Za-z_][A-Za-z0-9_.\\-:]{0,60})>(?<xv>[^<]{1,2000})</\\k<xk>>");
    private static final Pattern FLAG_AT = Pattern.compile("--[A-Za-z][A-Za-z0-9_\\-]{1,60} +");

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
    private static final Set<String> AUTH_SCHEMES = Set.of("bearer", "basic", "token", "digest",
            "negotiate", "ntlm", "apikey", "aws4-hmac-sha256", "hawk", "sso-key", "otp");
    private static final Set<String> KEPT_VALUES = Set.of("null", "(null)", "undefined", "none",
            "true", "false", "<unset>", "<none>", "<empty>", "<redacted>", "<user>", "<email>");

    /** Pass 1: PEM bodies. */
    String redactPemBlocks(String s, RedactionCounts counts) {
        return s.indexOf("-----BEGIN") >= 0 ? redactPem(s, counts) : s;
    }

    /** Passes 2 and 3: URL user-info, then tokens and pairs, then high-entropy strings. */
    String redact(String s, RedactionCounts counts) {
        String out = s;
        if (out.indexOf("://") >= 0 || out.indexOf(":\\/\\/") >= 0 || out.indexOf("jdbc:oracle") >= 0) {
            out = redactUrlCredentials(out, counts);
        }
        out = redactCombined(out, counts);
        out = redactHighEntropy(out, counts);
        return out;
    }

    // ---------------------------------------------------------------- PEM

    private static String redactPem(String s, RedactionCounts counts) {
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        int i = s.indexOf("-----BEGIN");
        while (i >= 0) {
            int labelEnd = s.indexOf("-----", i + 10);
            if (labelEnd < 0 || labelEnd - i > 90) {
                i = s.indexOf("-----BEGIN", i + 10);
                continue;
            }
            int bodyStart = labelEnd + 5;
            int endMarker = s.indexOf("-----END", bodyStart);
            int bodyEnd = endMarker < 0 ? s.length() : endMarker;
            String body = s.substring(bodyStart, bodyEnd);
            if (!body.equals(RedactionKind.PEM.replacement) && !body.isBlank()) {
                out.append(s, last, bodyStart).append(RedactionKind.PEM.replacement);
                counts.increment(RedactionKind.PEM);
                last = bodyEnd;
            }
            if (endMarker < 0) {
                break;
            }
            int endLabelEnd = s.indexOf("-----", endMarker + 8);
            int resume = endLabelEnd < 0 ? endMarker + 8 : endLabelEnd + 5;
            i = s.indexOf("-----BEGIN", resume);
        }
        return last == 0 ? s : out.append(s, last, s.length()).toString();
    }

    // ---------------------------------------------------------------- URL user-info

    private static String redactUrlCredentials(String s, RedactionCounts counts) {
        StringBuilder out = null;
        int last = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            int sep = nextSchemeSeparator(s, i);
            if (sep < 0) {
                break;
            }
            int sepLen = s.startsWith("://", sep) ? 3 : 5;
            int uiStart = sep + sepLen;
            int scheme = sep;
            while (scheme > 0 && sep - scheme < 31 && isSchemeChar(s.charAt(scheme - 1))) {
                scheme--;
            }
            int authEnd = uiStart;
            while (authEnd < n && "/?#\"'<>\\[]".indexOf(s.charAt(authEnd)) < 0
                    && !Character.isWhitespace(s.charAt(authEnd))) {
                authEnd++;
            }
            int at = s.lastIndexOf('@', authEnd - 1);
            i = Math.max(authEnd, sep + 1);
            if (scheme == sep || !Character.isLetter(s.charAt(scheme)) || at < uiStart + 1
                    || uiStart < last) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(s, last, uiStart).append(RedactionKind.URL_CREDENTIALS.replacement);
            counts.increment(RedactionKind.URL_CREDENTIALS);
            last = at;
        }
        int ora = s.indexOf("jdbc:oracle:");
        if (ora >= 0) {
            String cur = out == null ? s : out.append(s, last, n).toString();
            return redactOracle(cur, counts);
        }
        return out == null ? s : out.append(s, last, n).toString();
    }

    private static int nextSchemeSeparator(String s, int from) {
        int a = s.indexOf("://", from);
        int b = s.indexOf(":\\/\\/", from);
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private static boolean isSchemeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
                || c == '.' || c == '-';
    }

    private static String redactOracle(String s, RedactionCounts counts) {
        Matcher m = ORACLE_AT.matcher(s);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (m.group("orav").startsWith(REDACTED_PREFIX)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, last, m.start("orav")).append(RedactionKind.URL_CREDENTIALS.replacement);
            counts.increment(RedactionKind.URL_CREDENTIALS);
            last = m.end("orav");
        }
        return out == null ? s : out.append(s, last, s.length()).toString();
    }

    // ---------------------------------------------------------------- tokens and pairs

    /** A replacement of [start, end) by text, counted under kind. */
    private record Edit(int start, int end, String text, RedactionKind kind) {
    }

    /**
     * One left-to-right scan. Each position is looked at by the detector its character can start:
     * a separator ({@code =}, {@code :}, {@code %3D}) looks back for a key; a word start whose
     * first letter begins some token shape tries the anchored token expression; {@code <} tries
     * an XML element, {@code --} a flag; the start of a 40-character base64 run an AWS secret.
     * Edits never overlap and the scan resumes after each one.
     */
    private static String redactCombined(String s, RedactionCounts counts) {
        int n = s.length();
        Matcher tok = null;
        StringBuilder out = null;
        int last = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            char prev = i > 0 ? s.charAt(i - 1) : ' ';
            Edit e = null;
            if (c == '=' || c == ':' || (c == '%' && i + 2 < n && s.charAt(i + 1) == '3'
                    && (s.charAt(i + 2) == 'D' || s.charAt(i + 2) == 'd'))) {
                e = pairAt(s, i, last);
            } else if (!isWordChar(prev) && mayStartToken(s, i, c)) {
                if (tok == null) {
                    tok = anchored(TOKEN_AT, s);
                }
                tok.region(i, n);
                if (tok.lookingAt()) {
                    e = tokenEdit(tok);
                }
            } else if (c == '<' && i + 1 < n && (Character.isLetter(s.charAt(i + 1)) || s.charAt(i + 1) == '_')) {
                Matcher m = anchored(XML_AT, s).region(i, n);
                if (m.lookingAt()) {
                    e = valueEdit(classify(m.group("xk")), m.start("xv"), m.end("xv"), m.group("xv"), false);
                }
            } else if (c == '-' && s.startsWith("--", i) && !isFlagChar(prev)) {
                Matcher m = anchored(FLAG_AT, s).region(i, n);
                if (m.lookingAt()) {
                    e = flagEdit(s, m.group().trim(), m.end());
                }
            }
            if (e == null && isBase64Char(c) && !isBase64Char(prev)) {
                int end = i;
                while (end < n && end - i <= 40 && isBase64Char(s.charAt(end))) {
                    end++;
                }
                if (end - i == 40 && (end == n || s.charAt(end) != '=') && isAwsSecret(s, i, end)) {
                    e = new Edit(i, end, RedactionKind.TOKEN.replacement, RedactionKind.TOKEN);
                }
            }
            if (e == null) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 32);
            }
            out.append(s, last, e.start).append(e.text);
            counts.increment(e.kind);
            last = e.end;
            i = Math.max(e.end, i + 1);
        }
        return out == null ? s : out.append(s, last, n).toString();
    }

    /** A cheap look at the first letters, so the token expression runs only where it may match. */
    private static boolean mayStartToken(String s, int i, char c) {
        switch (c) {
            case 'e':
                return s.startsWith("eyJ", i);
            case 'g':
                return s.startsWith("gh", i) || s.startsWith("gl", i) || s.startsWith("github_pat_", i);
            case 'x':
                return s.startsWith("xox", i) || s.startsWith("xapp-", i);
            case 'A':
                return i + 1 < s.length() && "IKSGRNBC".indexOf(s.charAt(i + 1)) >= 0;
            case 's':
                return s.startsWith("sk", i) || s.startsWith("shp", i);
            case 'r':
                return s.startsWith("rk_", i);
            case 'p':
                return s.startsWith("pk_", i) || s.startsWith("pypi-", i);
            case 'w':
                return s.startsWith("whsec_", i);
            case 'n':
                return s.startsWith("npm_", i);
            case 'h':
                return s.startsWith("hf_", i) || s.startsWith("hooks.slack.com/", i);
            case 'S':
                return s.startsWith("SG.", i);
            case 'd':
                return s.startsWith("dckr_pat_", i) || s.startsWith("discord", i);
            case 'B':
            case 'b':
                return s.regionMatches(true, i, "bearer", 0, 6) || s.regionMatches(true, i, "basic", 0, 5);
            default:
                return false;
        }
    }

    private static Matcher anchored(Pattern p, String s) {
        return p.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isFlagChar(char c) {
        return isWordChar(c) || c == '-';
    }

    private static boolean isBase64Char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/'
                || c == '+';
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || c == '.' || c == '-';
    }

    private static Edit tokenEdit(Matcher m) {
        if (m.start("tok") >= 0) {
            return new Edit(m.start(), m.end(), RedactionKind.TOKEN.replacement, RedactionKind.TOKEN);
        }
        if (m.start("hookv") >= 0) {
            return new Edit(m.start("hookv"), m.end("hookv"), RedactionKind.TOKEN.replacement,
                    RedactionKind.TOKEN);
        }
        if (m.start("bearer") >= 0) {
            String v = m.group("bv");
            return looksLikeCredential(v) || v.startsWith("eyJ")
                    ? new Edit(m.start("bv"), m.end("bv"), RedactionKind.TOKEN.replacement,
                    RedactionKind.TOKEN) : null;
        }
        if (m.start("basic") >= 0) {
            return isBasicCredential(m.group("bav"))
                    ? new Edit(m.start("bav"), m.end("bav"), RedactionKind.TOKEN.replacement,
                    RedactionKind.TOKEN) : null;
        }
        return null;
    }

    private static Edit flagEdit(String s, String flag, int vs) {
        KeyClass kc = classify(flag);
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
    private static Edit pairAt(String s, int sep, int last) {
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
        if (!(Character.isLetter(first) || first == '_') || !(isWordChar(lastKeyChar))) {
            return null;
        }
        String key = s.substring(keyStart, keyEnd);
        KeyClass kc = classify(key);
        if (kc == KeyClass.NONE) {
            return null;
        }
        char before = afterEscapedSeparator ? '&' : keyStart > 0 ? s.charAt(keyStart - 1) : ' ';
        if (before == '"' || before == '\'') {
            quotedKey = true;
        }
        String sepText = c == '%' ? "%3D" : String.valueOf(c);
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

    private static Edit valueEdit(KeyClass kc, int vs, int ve, String value, boolean prose) {
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

    private static boolean isBasicCredential(String b64) {
        try {
            String decoded = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
            if (decoded.indexOf(':') <= 0) {
                return false;
            }
            for (int i = 0; i < decoded.length(); i++) {
                char c = decoded.charAt(i);
                if (c < 0x20 || c == 0xFFFD) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isAwsSecret(String s, int start, int end) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        if (!(upper && lower && digit)) {
            return false;
        }
        String ctx = s.substring(Math.max(0, start - 60), start).toLowerCase(Locale.ROOT);
        return ctx.contains("aws") || ctx.contains("secret");
    }

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
            if (STRONG_WORDS.contains(w) && (!w.equals("pwd") || words.length > 1)) {
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

    // ---------------------------------------------------------------- high entropy

    private static String redactHighEntropy(String s, RedactionCounts counts) {
        int n = s.length();
        if (n < 32) {
            return s;
        }
        StringBuilder out = null;
        int last = 0;
        int i = 0;
        while (i < n) {
            if (!isEntropyChar(s.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && isEntropyChar(s.charAt(end))) {
                end++;
            }
            int runEnd = end;
            int pad = 0;
            while (end < n && pad < 2 && s.charAt(end) == '=') {
                end++;
                pad++;
            }
            boolean bounded = end == n || !(isEntropyChar(s.charAt(end)) || s.charAt(end) == '=');
            if (runEnd - i >= 32 && bounded && looksRandom(s, i, runEnd)) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(s, last, i).append(RedactionKind.TOKEN.replacement);
                counts.increment(RedactionKind.TOKEN);
                last = end;
            }
            i = end;
        }
        return out == null ? s : out.append(s, last, n).toString();
    }

    private static boolean isEntropyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
                || c == '_' || c == '-';
    }

    /**
     * Random-looking: upper, lower and digits all present, and the character class changes between
     * neighbours at least a third of the time, and lower-case runs are short (under 3 letters on
     * average). Random base62 changes class about 60% of the time with lower-case runs of about
     * 1.7; camelCase identifiers such as test method names have runs of 4 or more, so they stay.
     */
    static boolean looksRandom(String s, int from, int to) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int switches = 0;
        int lowerChars = 0;
        int lowerRuns = 0;
        int prevClass = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int cls;
            if (c >= 'A' && c <= 'Z') {
                upper = true;
                cls = 0;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
                cls = 1;
            } else if (c >= '0' && c <= '9') {
                digit = true;
                cls = 2;
            } else {
                cls = 3;
            }
            if (prevClass >= 0 && cls != prevClass) {
                switches++;
            }
            if (cls == 1) {
                lowerChars++;
                if (prevClass != 1) {
                    lowerRuns++;
                }
            }
            prevClass = cls;
        }
        // English words make long lower-case runs; random text averages under two letters
        return upper && lower && digit && switches * 3 >= (to - from - 1)
                && lowerChars < 3 * lowerRuns;
    }
}
