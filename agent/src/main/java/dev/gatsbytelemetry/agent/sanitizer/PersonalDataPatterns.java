package dev.gatsbytelemetry.agent.sanitizer;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses, IP addresses and payment card numbers, in one scan.
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

    private static final Pattern EMAIL_AT = Pattern.compile(
            "[A-Za-z0-9._%+\\-]{1,64}(?:@|%40)[A-Za-z0-9][A-Za-z0-9\\-]{0,62}"
                    + "(?:\\.[A-Za-z0-9\\-]{1,63}){0,8}\\.(?<tld>[A-Za-z]{2,24})(?![A-Za-z0-9\\-]|\\.[A-Za-z0-9])");
    private static final Pattern V4_AT = Pattern.compile(
            OCTET + "(?:\\." + OCTET + "){3}(?![\\w]|\\.\\d)");
    private static final Pattern V6_AT = Pattern.compile(
            "(?<v6>(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,64}"
                    + "(?:(?<=:)\\d{1,3}(?:\\.\\d{1,3}){3})?)(?<zone>%[0-9A-Za-z_.\\-]{1,32})?(?![\\w:]|\\.\\d)");
    private static final Pattern CARD_AT = Pattern.compile("[2-6](?:[ \\-]?\\d){12,18}(?!\\w|[.\\-]\\d)");

    private static final Set<String> FILE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg",
            "webp", "avif", "ico", "js", "mjs", "cjs", "ts", "tsx", "jsx", "css", "scss", "less",
            "json", "java", "class", "jar", "kt", "kts", "groovy", "scala", "html", "htm", "map",
            "mdx", "txt", "xml", "yml", "yaml", "lock", "log", "properties", "gradle", "vue",
            "svelte", "wasm", "zip", "gz", "tgz");

    /**
     * One scan: {@code @} (or {@code %40}) looks back for an address's local part; a digit or
     * {@code :} that starts a word tries IPv4, IPv6 and card shapes, anchored there.
     */
    String redact(String s, RedactionCounts counts) {
        if (!hasTrigger(s)) {
            return s;
        }
        int n = s.length();
        StringBuilder out = null;
        int last = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            char prev = i > 0 ? s.charAt(i - 1) : ' ';
            int start = -1;
            int end = -1;
            RedactionKind kind = null;
            if (c == '@' || (c == '%' && s.startsWith("40", i + 1))) {
                int ls = i;
                while (ls > last && i - ls < 65 && isLocalChar(s.charAt(ls - 1))) {
                    ls--;
                }
                boolean bounded = ls == 0 || !isLocalChar(s.charAt(ls - 1));
                if (ls < i && bounded) {
                    Matcher m = anchored(EMAIL_AT, s, ls);
                    if (m.lookingAt() && m.end() > i
                            && !FILE_EXTENSIONS.contains(m.group("tld").toLowerCase(Locale.ROOT))) {
                        start = ls;
                        end = m.end();
                        kind = RedactionKind.EMAIL;
                    }
                }
            } else if (isHex(c) || c == ':') {
                if (c >= '0' && c <= '9' && !CharClasses.isWordChar(prev) && prev != '.' && mayBeIpv4(s, i)) {
                    Matcher m = anchored(V4_AT, s, i);
                    if (m.lookingAt()) {
                        String ip = m.group();
                        if (!(ip.startsWith("127.") || ip.equals("0.0.0.0") || afterVersionWord(s, i))) {
                            start = i;
                            end = m.end();
                            kind = RedactionKind.IP;
                        }
                    }
                }
                if (kind == null && !CharClasses.isWordChar(prev) && prev != ':' && prev != '.' && prev != '%'
                        && colonSoon(s, i)) {
                    Matcher m = anchored(V6_AT, s, i);
                    if (m.lookingAt()) {
                        String ip = m.group("v6");
                        int e = -1;
                        if (isIpv6(ip)) {
                            e = ip.equals("::1") || ip.equals("::") ? -1 : m.end() - i;
                        } else if (m.start("zone") < 0) {
                            e = ipv6PrefixEnd(ip);
                        }
                        if (e > 0) {
                            start = i;
                            end = i + e;
                            kind = RedactionKind.IP;
                        }
                    }
                }
                if (kind == null && c >= '2' && c <= '6' && !CharClasses.isWordChar(prev) && prev != '.' && prev != '-'
                        && enoughDigitsForACard(s, i)) {
                    Matcher m = anchored(CARD_AT, s, i);
                    if (m.lookingAt()) {
                        int e = isCard(m.group()) ? m.end() - i : cardPrefixEnd(m.group());
                        if (e > 0 && isOrderNumber(s, i, i + e)) {
                            e = -1;
                        }
                        if (e > 0) {
                            start = i;
                            end = i + e;
                            kind = RedactionKind.CARD;
                        }
                    }
                }
            }
            if (kind == null) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(s, last, start).append(kind.replacement);
            counts.increment(kind);
            last = end;
            i = end;
        }
        return out == null ? s : out.append(s, last, n).toString();
    }

    /**
     * Cheap pre-checks before a regular expression runs at a position: most digits in a message or
     * a stack frame ({@code Foo.java:59}) start neither an address nor a card number, and building
     * a matcher for each was a large part of sanitizing a stack trace.
     */
    private static boolean mayBeIpv4(String s, int i) {
        int j = i;
        while (j < s.length() && j - i < 3 && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
            j++;
        }
        return j + 1 < s.length() && s.charAt(j) == '.' && s.charAt(j + 1) >= '0' && s.charAt(j + 1) <= '9';
    }

    private static boolean enoughDigitsForACard(String s, int i) {
        int digits = 0;
        for (int j = i; j < s.length() && j - i < 40; j++) {
            char c = s.charAt(j);
            if (c >= '0' && c <= '9') {
                if (++digits >= 13) {
                    return true;
                }
            } else if (c != ' ' && c != '-') {
                return false;
            }
        }
        return false;
    }

    private static Matcher anchored(Pattern p, String s, int from) {
        return p.matcher(s).useTransparentBounds(true).useAnchoringBounds(false).region(from, s.length());
    }

    private static boolean isLocalChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** An IPv6 address has a colon within its first five characters. */
    private static boolean colonSoon(String s, int i) {
        int limit = Math.min(s.length(), i + 6);
        for (int k = i; k < limit; k++) {
            if (s.charAt(k) == ':') {
                return true;
            }
        }
        return false;
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

    /** Words that name a business number; a card number is named by others ("card", "visa"). */
    private static final String[] NUMBER_WORDS = {"order", "invoice", "id", "ref", "reference", "receipt",
        "ticket", "tracking", "shipment", "transaction", "txn", "booking", "confirmation",
        "no", "number", "nr"};
    private static final String[] CARD_WORDS = {"card", "visa", "mastercard", "amex", "maestro", "discover",
        "credit", "debit", "pan", "cc", "payment"};

    /**
     * A Luhn-valid run that is an order, invoice or id number, not a card: written as one run of
     * digits (a card is usually grouped by spaces or dashes), right after one of
     * {@link #NUMBER_WORDS} ("order 4111111111111111", "invoice no. …", "id=…") or a {@code #}, with no word of
     * {@link #CARD_WORDS} in the text. One in ten random numbers passes Luhn's check, so without
     * this every long order number became {@code <card>}.
     */
    private static boolean isOrderNumber(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '-') {
                return false;
            }
        }
        String lower = s.toLowerCase(Locale.ROOT);
        for (String word : CARD_WORDS) {
            for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
                boolean startsWord = at == 0 || !Character.isLetter(lower.charAt(at - 1));
                boolean endsWord = at + word.length() >= lower.length()
                        || !Character.isLetter(lower.charAt(at + word.length()));
                if (startsWord && endsWord) {
                    return false;
                }
            }
        }
        // "#4111…": numbered, as orders and tickets are
        if (start > 0 && lower.charAt(start - 1) == '#') {
            return true;
        }
        int k;
        // else the word right before it, over a few of ": = ." and blanks ("order id: 4111…", "invoice no. …")
        k = start;
        int skipped = 0;
        while (k > 0 && skipped < 4 && " \t:=.".indexOf(lower.charAt(k - 1)) >= 0) {
            k--;
            skipped++;
        }
        int wordEnd = k;
        while (k > 0 && Character.isLetter(lower.charAt(k - 1))) {
            k--;
        }
        String word = lower.substring(k, wordEnd);
        for (String name : NUMBER_WORDS) {
            if (word.equals(name)) {
                return true;
            }
        }
        return false;
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
