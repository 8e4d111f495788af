package dev.gatsbytelemetry.agent.sanitizer;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses, IP addresses and payment card numbers, in one combined expression.
 *
 * <ul>
 *   <li>E-mail ({@code @} or URL-encoded {@code %40}) becomes {@code <email>}; "domains" ending in
 *       a file extension ({@code icon@2x.png}, {@code pkg@next.js}) are not addresses.</li>
 *   <li>IPv4 (four octets 0–255, no leading zeros, not glued to letters, digits or dots, so
 *       {@code v1.2.3.4}, {@code 1.2.3.4.5} and {@code lib-1.2.3.4.jar}'s neighbours stay) and IPv6
 *       (full, compressed, with an IPv4 tail or a {@code %zone}; at least one digit, so
 *       {@code Bad::add} stays) become {@code <ip>}. Loopback ({@code 127.0.0.0/8}, {@code ::1})
 *       and unspecified ({@code 0.0.0.0}, {@code ::}) addresses are kept: they say nothing about
 *       the user and often explain the error. A dotted quad right after the word "version" is
 *       kept too.</li>
 *   <li>Card numbers: 13–19 digits starting with 2–6 (the card networks; this keeps epoch
 *       milliseconds, which start with 1), spaces or dashes used consistently, Luhn-valid;
 *       replaced by {@code <card>}.</li>
 * </ul>
 */
final class PersonalDataPatterns {

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

    private static final Pattern COMBINED = Pattern.compile(
            "(?<![A-Za-z0-9._%+\\-])(?<email>[A-Za-z0-9._%+\\-]{1,64}(?:@|%40)[A-Za-z0-9][A-Za-z0-9\\-]{0,62}"
                    + "(?:\\.[A-Za-z0-9\\-]{1,63}){0,8}\\.(?<tld>[A-Za-z]{2,24}))(?![A-Za-z0-9\\-]|\\.[A-Za-z0-9])"
                    + "|(?<![\\w.])(?<v4>" + OCTET + "(?:\\." + OCTET + "){3})(?![\\w]|\\.\\d)"
                    + "|(?<![\\w:.%])(?<v6>(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,64}"
                    + "(?:(?<=:)\\d{1,3}(?:\\.\\d{1,3}){3})?)(?<zone>%[0-9A-Za-z_.\\-]{1,32})?(?![\\w:]|\\.\\d)"
                    + "|(?<![\\w.\\-])(?<card>[2-6](?:[ \\-]?\\d){12,18})(?!\\w|[.\\-]\\d)");

    private static final Set<String> FILE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg",
            "webp", "avif", "ico", "js", "mjs", "cjs", "ts", "tsx", "jsx", "css", "scss", "less",
            "json", "java", "class", "jar", "kt", "kts", "groovy", "scala", "html", "htm", "map",
            "mdx", "txt", "xml", "yml", "yaml", "lock", "log", "properties", "gradle", "vue",
            "svelte", "wasm", "zip", "gz", "tgz");

    String redact(String s, RedactionCounts counts) {
        if (!hasTrigger(s)) {
            return s;
        }
        Matcher m = COMBINED.matcher(s);
        StringBuilder out = null;
        int last = 0;
        int pos = 0;
        int n = s.length();
        while (pos < n && m.find(pos)) {
            RedactionKind kind = judge(m, s);
            int end = m.end();
            if (kind == null && m.start("card") >= 0) {
                int e = cardPrefixEnd(m.group("card"));
                kind = e < 0 ? null : RedactionKind.CARD;
                end = m.start() + e;
            } else if (kind == null && m.start("v6") >= 0 && m.start("zone") < 0) {
                int e = ipv6PrefixEnd(m.group("v6"));
                kind = e < 0 ? null : RedactionKind.IP;
                end = m.start() + e;
            }
            if (kind == null) {
                pos = m.start() + 1;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(s, last, m.start()).append(kind.replacement);
            counts.increment(kind);
            last = end;
            pos = end;
        }
        return out == null ? s : out.append(s, last, n).toString();
    }

    private static boolean hasTrigger(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || c == '@' || c == ':') {
                return true;
            }
        }
        return false;
    }

    private static RedactionKind judge(Matcher m, String s) {
        if (m.start("email") >= 0) {
            return FILE_EXTENSIONS.contains(m.group("tld").toLowerCase(Locale.ROOT))
                    ? null : RedactionKind.EMAIL;
        }
        if (m.start("v4") >= 0) {
            String ip = m.group("v4");
            if (ip.startsWith("127.") || ip.equals("0.0.0.0") || afterVersionWord(s, m.start())) {
                return null;
            }
            return RedactionKind.IP;
        }
        if (m.start("v6") >= 0) {
            String ip = m.group("v6");
            if (!isIpv6(ip) || ip.equals("::1") || ip.equals("::")) {
                return null;
            }
            return RedactionKind.IP;
        }
        if (m.start("card") >= 0) {
            return isCard(m.group("card")) ? RedactionKind.CARD : null;
        }
        return null;
    }

    private static boolean afterVersionWord(String s, int start) {
        String before = s.substring(Math.max(0, start - 12), start).toLowerCase(Locale.ROOT).trim();
        if (before.endsWith(":") || before.endsWith("=")) {
            before = before.substring(0, before.length() - 1).trim();
        }
        return before.endsWith("version") || before.endsWith("ver") || before.endsWith("ver.");
    }

    /**
     * An address followed by a colon ({@code 2001:db8::1: refused}, or an unbracketed
     * {@code :port} / {@code :line}) makes the candidate invalid: the longest prefix ending
     * before a colon that is a valid, non-loopback address, or -1.
     */
    private static int ipv6PrefixEnd(String candidate) {
        for (int end = candidate.lastIndexOf(':'); end > 0; end = candidate.lastIndexOf(':', end - 1)) {
            String prefix = candidate.substring(0, end);
            if (prefix.endsWith(":") && !prefix.endsWith("::")) {
                continue;
            }
            if (isIpv6(prefix)) {
                return prefix.equals("::1") || prefix.equals("::") ? -1 : end;
            }
        }
        return -1;
    }

    /** Validates an IPv6 candidate: hex groups of 1–4, at most one {@code ::}, 8 groups in all. */
    static boolean isIpv6(String ip) {
        boolean digit = false;
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
                break;
            }
        }
        if (!digit && !ip.equals("::")) {
            return false;
        }
        int dbl = ip.indexOf("::");
        if (dbl >= 0 && ip.indexOf("::", dbl + 1) >= 0) {
            return false;
        }
        if (ip.contains(":::")) {
            return false;
        }
        int groups = 0;
        String body = ip;
        int lastColon = ip.lastIndexOf(':');
        if (ip.indexOf('.', lastColon) > 0) {
            groups += 2; // IPv4 tail; its shape was checked by the expression, check octets here
            for (String o : ip.substring(lastColon + 1).split("\\.")) {
                if (o.isEmpty() || Integer.parseInt(o) > 255) {
                    return false;
                }
            }
            body = ip.substring(0, lastColon + 1);
            if (body.endsWith(":") && !body.endsWith("::")) {
                body = body.substring(0, body.length() - 1);
            }
        }
        String[] halves = dbl >= 0 ? new String[] {body.substring(0, body.indexOf("::")),
            body.substring(body.indexOf("::") + 2)} : new String[] {body};
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String g : half.split(":", -1)) {
                if (g.isEmpty() || g.length() > 4) {
                    return false;
                }
                groups++;
            }
        }
        return dbl >= 0 ? groups <= 7 : groups == 8;
    }

    /**
     * The greedy match may have swallowed a following number ("4111 1111 1111 1111 5 items"): the
     * longest prefix that ends at a group boundary and is a valid card, or -1.
     */
    private static int cardPrefixEnd(String candidate) {
        for (int end = candidate.length() - 1; end >= 13; end--) {
            char next = candidate.charAt(end);
            if ((next == ' ' || next == '-') && isCard(candidate.substring(0, end))) {
                return end;
            }
        }
        return -1;
    }

    static boolean isCard(String s) {
        boolean space = s.indexOf(' ') >= 0;
        boolean dash = s.indexOf('-') >= 0;
        if (space && dash) {
            return false;
        }
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                digits++;
            }
        }
        return digits >= 13 && digits <= 19 && LuhnCheck.isValid(s);
    }
}
