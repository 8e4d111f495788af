package dev.gatsbytelemetry.agent.sanitizer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts credentials recognised by their shape or by the name they are stored under.
 *
 * <p>Passes, each skipped when a cheap {@code indexOf} says it cannot match:
 * <ol>
 *   <li>PEM blocks: the body between {@code -----BEGIN X-----} and {@code -----END X-----} (or the
 *       end of the text, for a cut-off block) becomes {@code [REDACTED:pem]}; labels stay.</li>
 *   <li>URL user-info: {@code scheme://user:pw@host} and {@code jdbc:oracle:thin:user/pw@host}
 *       lose everything before the {@code @}. Any user-info, even without a password, since a
 *       bare user part is often a key (Sentry DSNs) or a person.</li>
 *   <li>One hand-written scan that runs small anchored expressions only where a trigger is: token
 *       shapes at a word start with a known prefix (JWT, GitHub, GitLab, Slack, Google, Stripe,
 *       npm, AWS key ids, OpenAI, Hugging Face, PyPI, SendGrid, Docker Hub, Shopify, webhook
 *       URLs, {@code Bearer}/{@code Basic} credentials); 40-character base64 runs near "aws" or
 *       "secret" (AWS secret keys); and, through {@link KeyValuePairs}, the values of sensitive
 *       keys at {@code =}, {@code :}, {@code %3D}, {@code --flag} and XML elements.</li>
 *   <li>High-entropy strings: 32+ characters mixing upper case, lower case and digits, with
 *       short lower-case runs (see {@link #looksRandom}).</li>
 * </ol>
 */
final class SecretPatterns {

    private static final Pattern ORACLE_AT = Pattern.compile(
            "jdbc:oracle:[A-Za-z0-9]+:(?<orav>[^/@\\s\"'\\[\\]]+/[^@\\s\"'\\[\\]]+)@");

    private static final String TOKEN_SHAPES = String.join("|",
            "\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*",
            "\\bgh[pousr]_[A-Za-z0-9]{20,}",
            "\\bgithub_pat_[A-Za-z0-9_]{20,}",
            // GitLab: personal, deploy, runner, pipeline trigger, CI build, SCIM, OAuth, incoming mail,
            // agent, feature flag, feed, workspace tokens; newer ones carry ".01." style parts
            "\\bgl(?:pat|dt|rt|rtr|ptt|cbt|soat|oas|imt|agent|ffct|ft|wt)-[A-Za-z0-9_\\-]{20,}(?:\\.[A-Za-z0-9_\\-]+){0,3}",
            "\\bGR1348941[A-Za-z0-9_\\-]{20,}",
            "\\bglc_[A-Za-z0-9+/]{32,}={0,2}",
            "\\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
            "\\bxox[abposre]-[A-Za-z0-9\\-]{10,}",
            "\\bxoxe\\.xox[a-z]-[A-Za-z0-9\\-]{10,}",
            "\\bxapp-[A-Za-z0-9\\-]{10,}",
            "\\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
            "\\bAIza[0-9A-Za-z_\\-]{35}",
            "\\bGOCSPX-[A-Za-z0-9_\\-]{20,}",
            "\\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}",
            "\\bwhsec_[0-9A-Za-z]{20,}",
            "\\bnpm_[A-Za-z0-9]{30,}",
            "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\\b",
            "\\bsk-(?:proj-|ant-(?:api\\d\\d-)?)?[A-Za-z0-9_\\-]{20,}",
            "\\b(?:sk|tk)\\.eyJ[A-Za-z0-9_\\-]{10,}\\.[A-Za-z0-9_\\-]{10,}",
            "\\bhf_[A-Za-z0-9]{30,}",
            "\\bapi_org_[A-Za-z0-9]{30,}",
            "\\bpypi-[A-Za-z0-9_\\-]{50,}",
            "\\bSG\\.[A-Za-z0-9_\\-]{16,}\\.[A-Za-z0-9_\\-]{16,}",
            "\\bdckr_(?:pat|oat)_[A-Za-z0-9_\\-]{20,}",
            "\\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
            // DigitalOcean personal, OAuth access and refresh tokens
            "\\bdo[opr]_v1_[a-fA-F0-9]{64,}",
            // Doppler CLI, personal, service (optionally with a config name), service account, SCIM, audit
            "\\bdp\\.(?:ct|pt|st(?:\\.[a-z0-9_\\-]{2,35})?|sa|said|scim|audit)\\.[A-Za-z0-9]{40,44}",
            "\\bcf(?:k|ut|at)_[A-Za-z0-9]{40,}",
            "\\bhv[sbr]\\.[A-Za-z0-9_\\-]{24,}",
            "\\bgsk_[A-Za-z0-9]{40,}",
            "\\br8_[A-Za-z0-9]{30,}",
            "\\blin_(?:api|oauth)_[A-Za-z0-9]{30,}",
            "\\bPMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}",
            "\\bsntr[ysu]_[A-Za-z0-9+/=_\\-]{30,}",
            "\\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_\\-.]{30,}",
            "\\bfigd_[A-Za-z0-9_\\-]{30,}",
            "\\bntn_[A-Za-z0-9]{30,}",
            "\\bsecret_[A-Za-z0-9]{43}\\b",
            "\\bsbp_[a-fA-F0-9]{40}",
            "\\bnf[pc]_[A-Za-z0-9]{30,}",
            "\\btskey-[a-z]+-[A-Za-z0-9\\-]{10,}",
            "\\bAGE-SECRET-KEY-1[0-9A-Z]{58}",
            "\\brubygems_[a-fA-F0-9]{48}",
            "\\bCCIPAT_[A-Za-z0-9_]{30,}",
            "\\bbkua_[a-fA-F0-9]{40}",
            "\\bATATT3[A-Za-z0-9_\\-=]{50,}",
            "\\bdapi[a-fA-F0-9]{32}(?:-\\d)?\\b",
            "\\bNRAK-[A-Z0-9]{27}",
            "\\bpul-[a-fA-F0-9]{40}",
            "\\bFLWSECK(?:_TEST)?-[a-fA-F0-9]{12,}-X",
            "\\bsq0(?:atp|csp)-[A-Za-z0-9_\\-]{22,}",
            "\\bSK[0-9a-fA-F]{32}\\b",
            "\\bkey-[0-9a-f]{32}\\b",
            "\\bops_eyJ[A-Za-z0-9+/=_\\-]{50,}",
            "\\bHRKU-[A-Za-z0-9_\\-]{40,}",
            "\\bfo1_[A-Za-z0-9_\\-]{40,}",
            "\\bfm[12][ar]?_[A-Za-z0-9+/=_\\-]{50,}",
            "\\brnd_[A-Za-z0-9]{30,}",
            "\\bvc[pikar]_[A-Za-z0-9]{40,}",
            "\\bpnu_[A-Za-z0-9]{36}",
            "\\bpat[A-Za-z0-9]{14}\\.[a-fA-F0-9]{64}");

    /** Tried only at a word start that {@link TokenPrefixes#mayStartAt} accepts. */
    private static final Pattern TOKEN_AT = Pattern.compile(
            "(?<tok>" + TOKEN_SHAPES + ")"
                    + "|(?<hook>hooks\\.slack\\.com/(?:services|workflows|triggers)/|discord(?:app)?\\.com/api/webhooks/)"
                    + "(?<hookv>[A-Za-z0-9/_\\-]{8,})"
                    + "|(?<bearer>[Bb]earer|BEARER)\\s+(?<bv>[A-Za-z0-9\\-._~+/]+=*)"
                    + "|(?<basic>[Bb]asic|BASIC)\\s+(?<bav>[A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])");
    private static final Pattern XML_AT = Pattern.compile(
            "<(?<xk>[A-Za-z_][A-Za-z0-9_.\\-:]{0,60})>(?<xv>[^<]{1,2000})</\\k<xk>>");
    private static final Pattern FLAG_AT = Pattern.compile("--[A-Za-z][A-Za-z0-9_\\-]{1,60} +");

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
            if (m.group("orav").startsWith(KeyValuePairs.REDACTED_PREFIX)) {
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

    /**
     * One left-to-right scan. Each position is looked at by the detector its character can start:
     * a separator ({@code =}, {@code :}, {@code %3D}) looks back for a key; a word start whose
     * first letter begins some token shape tries the anchored token expression; {@code <} tries
     * an XML element, {@code --} a flag; the start of a 40-character base64 run an AWS secret.
     * Edits never overlap and the scan resumes after each one.
     */
    private static String redactCombined(String s, RedactionCounts counts) {
        int n = s.length();
        // An AWS secret key is only recognised next to "aws" or "secret" (see isAwsSecret); without
        // either anywhere, no 40-character run can qualify, and scanning every word for one was most
        // of the cost of a stack trace.
        boolean awsContext = CharClasses.containsAsciiIgnoreCase(s, "aws")
                || CharClasses.containsAsciiIgnoreCase(s, "secret") || hasAwsKeyIdStart(s);
        Matcher tok = null;
        StringBuilder out = null;
        int last = 0;
        int i = 0;
        while (i < n) {
            i = nextCandidate(s, i, awsContext);
            if (i < 0) {
                break;
            }
            char c = s.charAt(i);
            char prev = i > 0 ? s.charAt(i - 1) : ' ';
            Edit e = null;
            if (c == ':' && isSourceLineNumber(s, i)) {
                i++;
                continue;
            } else if (c == '=' || c == ':' || (c == '%' && i + 2 < n && s.charAt(i + 1) == '3'
                    && (s.charAt(i + 2) == 'D' || s.charAt(i + 2) == 'd'))) {
                e = KeyValuePairs.pairAt(s, i, last);
            } else if (!CharClasses.isWordChar(prev) && TokenPrefixes.mayStartAt(s, i, c)) {
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
                    e = KeyValuePairs.valueEdit(KeyNames.classify(m.group("xk")), m.start("xv"), m.end("xv"),
                            m.group("xv"), false);
                }
            } else if (c == '-' && s.startsWith("--", i) && !isFlagChar(prev)) {
                Matcher m = anchored(FLAG_AT, s).region(i, n);
                if (m.lookingAt()) {
                    e = KeyValuePairs.flagEdit(s, m.group().trim(), m.end());
                }
            }
            if (e == null && awsContext && isBase64Char(c) && !isBase64Char(prev)) {
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
            out.append(s, last, e.start()).append(e.text());
            counts.increment(e.kind());
            last = e.end();
            i = Math.max(e.end(), i + 1);
        }
        return out == null ? s : out.append(s, last, n).toString();
    }

    /**
     * What may start at an ASCII character in {@link #redactCombined}: a separator or {@code <} or
     * {@code -} (a pair, an XML element, a flag), or a first letter {@link TokenPrefixes#mayStartAt} knows,
     * which counts only at a word start. One table load skips every other character; in a stack
     * trace most characters are letters, and most of those sit inside a word.
     */
    private static final byte[] TRIGGERS = new byte[128];
    private static final byte PUNCTUATION = 1;
    private static final byte TOKEN_LETTER = 2;

    static {
        for (char c : "=:%<-".toCharArray()) {
            TRIGGERS[c] = PUNCTUATION;
        }
        for (String prefix : TokenPrefixes.PREFIXES) {
            TRIGGERS[prefix.charAt(0)] = TOKEN_LETTER;
        }
        for (char c : "ABb".toCharArray()) {
            TRIGGERS[c] = TOKEN_LETTER;
        }
    }

    /**
     * The next position at or after {@code from} where a detector of {@link #redactCombined} may
     * start, or -1. A separate small loop, so that it compiles tight whatever the rare paths do.
     */
    private static int nextCandidate(String s, int from, boolean awsContext) {
        for (int i = from, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128) {
                continue;
            }
            byte trigger = TRIGGERS[c];
            if (trigger == PUNCTUATION) {
                return i;
            }
            if (trigger == TOKEN_LETTER && (i == 0 || !CharClasses.isWordChar(s.charAt(i - 1)))
                    && TokenPrefixes.mayStartPair(s, i)) {
                return i; // a token starts a word; a letter inside one cannot start it
            }
            if (awsContext && isBase64Char(c) && (i == 0 || !isBase64Char(s.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static Matcher anchored(Pattern p, String s) {
        return p.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
    }

    private static boolean isFlagChar(char c) {
        return CharClasses.isWordChar(c) || c == '-';
    }

    private static boolean isBase64Char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/'
                || c == '+';
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
            return KeyValuePairs.looksLikeCredential(v) || v.startsWith("eyJ")
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

    /** The {@code :123} of a stack frame's {@code File.java:123}: a line number, never a secret value. */
    private static boolean isSourceLineNumber(String s, int colon) {
        if (colon + 1 >= s.length() || s.charAt(colon + 1) < '0' || s.charAt(colon + 1) > '9') {
            return false;
        }
        for (String extension : SOURCE_EXTENSIONS) {
            if (s.startsWith(extension, colon - extension.length())) {
                return true;
            }
        }
        return false;
    }

    private static final String[] SOURCE_EXTENSIONS = {".java", ".kt", ".groovy", ".scala", ".clj", ".kts"};

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
        if (ctx.contains("aws") || ctx.contains("secret")) {
            return true;
        }
        // a key id within a line's reach on either side: the pair is printed together
        // ("AKIA… wJalr…", "wJalr… for AKIA…") without naming either
        String around = s.substring(Math.max(0, start - 120), Math.min(s.length(), end + 120));
        return hasAwsKeyIdStart(around);
    }

    /** Whether an AWS access key id's prefix ({@code AKIA}, {@code ASIA}) starts a word somewhere. */
    private static boolean hasAwsKeyIdStart(String s) {
        for (String prefix : AWS_KEY_ID_PREFIXES) {
            for (int i = s.indexOf(prefix); i >= 0; i = s.indexOf(prefix, i + 1)) {
                if ((i == 0 || !CharClasses.isWordChar(s.charAt(i - 1))) && i + 20 <= s.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final String[] AWS_KEY_ID_PREFIXES = {"AKIA", "ASIA"};

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

    private static final boolean[] ENTROPY_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ENTROPY_CHARS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '_' || c == '-';
        }
    }

    private static boolean isEntropyChar(char c) {
        return c < 128 && ENTROPY_CHARS[c];
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
