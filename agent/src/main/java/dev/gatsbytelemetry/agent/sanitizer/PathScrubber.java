package dev.gatsbytelemetry.agent.sanitizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces this machine's directories, user name and host name, then any other user's home.
 *
 * <ul>
 *   <li>cwd, home and tmp become {@code <cwd>}, {@code <home>}, {@code <tmp>}; ancestors of the cwd
 *       that are below the home (or at least two levels deep when the cwd is outside the home)
 *       become {@code <cwd>/..}, {@code <cwd>/../..}, so a sibling project's name does not leak.
 *       Each is matched as written, with {@code /} for {@code \}, JSON-escaped ({@code \\},
 *       {@code \/}), doubly JSON-escaped, percent-encoded (as in {@code file:} and {@code jar:file:}
 *       URLs) and, for macOS temp dirs, with {@code /private} in front. Longest first, so a cwd
 *       under the home becomes {@code <cwd>}, not {@code <home>/…}.</li>
 *   <li>The user name becomes {@code <user>} only as a whole word, never inside a longer word,
 *       and not at all when it is shorter than 3 characters or a generic account name
 *       ({@code root}, {@code runner}, {@code user}, …) that would wreck ordinary words.</li>
 *   <li>The host name (and its first label) becomes {@code <host>} as a whole host-name token.</li>
 *   <li>Other users' homes keep everything after the user segment:
 *       {@code /home/bob/x/y.md} becomes {@code /home/<user>/x/y.md}; the same for
 *       {@code /Users/…} and {@code C:\Users\…} (Windows names may contain spaces). A UNC server
 *       becomes {@code \\<host>\share}.</li>
 * </ul>
 */
final class PathScrubber {

    private static final Set<String> GENERIC_USERS = Set.of("root", "admin", "administrator", "user",
            "users", "runner", "jenkins", "ubuntu", "ec2-user", "build", "builder", "ci", "dev", "test",
            "guest", "default", "nobody", "app", "vagrant", "docker", "node", "gradle", "maven",
            "circleci", "travis", "vscode", "codespace", "home", "public", "shared", "system", "owner",
            "local", "main", "server", "worker", "agent", "git");

    private static final Set<String> GENERIC_HOSTS = Set.of("localhost", "localhost.localdomain",
            "ubuntu", "debian", "fedora", "raspberrypi", "runner", "host", "server", "docker",
            "container", "local", "buildkitsandbox", "codespaces", "mac", "pc", "desktop", "laptop");

    private static final Set<String> SHARED_HOME_SEGMENTS = Set.of("shared", "public", "default",
            "default user", "all users", "defaultapppool", ".localized");

    /** Windows homes, drive-rooted, any of the four separator spellings; names may hold spaces. */
    private static final Pattern WINDOWS_HOME = Pattern.compile(
            "(?i)(?<=[a-z]:)(\\\\\\\\\\\\\\\\|\\\\\\\\|\\\\|/)(users|documents and settings)\\1"
                    + "([^\\\\/\\s\"'<>|:*?]+(?: [^\\\\/\\s\"'<>|:*?]+)*(?=\\\\|/)|[^\\\\/\\s\"'<>|:*?]+)");

    /** Unix and macOS homes, also WSL ({@code /mnt/c/Users}), Git Bash and JSON-escaped forms. */
    private static final Pattern UNIX_HOME = Pattern.compile(
            "(/|\\\\/|\\\\\\\\|\\\\)((?i:home|users))\\1([^/\\\\\\s\"'<>|:*?]+)");

    /** A UNC server name: {@code \\server\share}, also JSON-escaped; not {@code \\?\} or {@code \\.\}. */
    private static final Pattern UNC = Pattern.compile(
            "(?<![^\\s\"'(\\[=,;<`|])(\\\\\\\\\\\\\\\\|\\\\\\\\)([A-Za-z0-9][A-Za-z0-9._$\\-]{0,62})(?=\\\\)");

    private final LiteralReplacer literals;

    PathScrubber(SanitizerSettings s) {
        boolean ci = s.caseInsensitivePaths();
        LiteralReplacer lr = new LiteralReplacer();
        List<String[]> paths = new ArrayList<>();
        String cwd = normalize(s.cwd());
        String home = normalize(s.home());
        String tmp = normalize(s.tmpDir());
        if (cwd != null) {
            paths.add(new String[] {cwd, "<cwd>"});
        }
        if (home != null) {
            paths.add(new String[] {home, "<home>"});
        }
        if (tmp != null) {
            paths.add(new String[] {tmp, "<tmp>"});
        }
        if (cwd != null) {
            addCwdAncestors(paths, cwd, home, tmp, ci);
        }
        for (String[] p : paths) {
            addPathVariants(lr, p[0], p[1], ci);
        }
        String host = s.hostName() == null ? null : s.hostName().trim();
        if (host != null && host.length() >= 2) {
            addHost(lr, host);
            int dot = host.indexOf('.');
            if (dot >= 2) {
                addHost(lr, host.substring(0, dot));
            }
        }
        String user = s.userName() == null ? null : s.userName().trim();
        if (user != null && !user.isEmpty()) {
            if (user.length() >= 3 && !GENERIC_USERS.contains(user.toLowerCase(Locale.ROOT))) {
                lr.add(user, RedactionKind.USER.replacement, RedactionKind.USER, true,
                        LiteralReplacer.Boundary.WORD);
                String enc = percentEncode(user, true);
                if (!enc.equals(user)) {
                    lr.add(enc, RedactionKind.USER.replacement, RedactionKind.USER, true,
                            LiteralReplacer.Boundary.WORD);
                }
            } else {
                // "root", "ci", "dev" stay as words ("root cause"), but not where text names the user
                for (String[] context : USER_CONTEXTS) {
                    lr.add(context[0] + user + context[1], context[0] + RedactionKind.USER.replacement + context[1],
                            RedactionKind.USER, false, LiteralReplacer.Boundary.WORD);
                }
            }
        }
        literals = lr.build();
    }

    /**
     * Host names that are also ordinary words, replaced only where text names a host. Short names
     * (under {@value #MIN_HOST_WORD} characters) are treated the same: "the vm ran out of memory"
     * keeps its "vm".
     */
    private static final Set<String> WORD_HOSTS = Set.of("build", "node", "master", "worker", "test", "prod",
            "demo", "data", "files", "proxy", "home", "work", "office", "cloud", "mini", "studio", "alpha", "beta",
            "gamma", "delta", "main", "primary", "secondary", "storage", "backup", "gateway", "router",
            "printer", "monitor", "staging", "sandbox", "devbox", "macbook", "imac", "workstation");
    private static final int MIN_HOST_WORD = 4;

    /** What names a host right before its name: {@code @vm}, {@code //vm}, {@code host vm}. */
    private static final String[] HOST_CONTEXTS = {"@", "//", "\\\\"};
    private static final String[] HOST_WORD_CONTEXTS = {"host ", "Host ", "hostname ", "host '", "host \""};

    /** Text that names the user right before the name (prefix, suffix). */
    private static final String[][] USER_CONTEXTS = {{"user ", ""}, {"User ", ""}, {"USER ", ""},
        {"user '", "'"}, {"user \"", "\""}, {"user: ", ""}, {"username ", ""}, {"login ", ""}};

    private static void addHost(LiteralReplacer lr, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (GENERIC_HOSTS.contains(lower)) {
            return;
        }
        if (name.length() >= MIN_HOST_WORD && !WORD_HOSTS.contains(lower)) {
            lr.add(name, RedactionKind.HOST.replacement, RedactionKind.HOST, true, LiteralReplacer.Boundary.HOST);
            return;
        }
        for (String context : HOST_CONTEXTS) {
            lr.add(context + name, context + RedactionKind.HOST.replacement, RedactionKind.HOST, true,
                    LiteralReplacer.Boundary.HOST_END);
        }
        for (String context : HOST_WORD_CONTEXTS) {
            String close = context.endsWith("'") ? "'" : context.endsWith("\"") ? "\"" : "";
            lr.add(context + name + close, context + RedactionKind.HOST.replacement + close, RedactionKind.HOST,
                    false, LiteralReplacer.Boundary.HOST);
        }
    }

    /** Drops trailing separators; null for a root or a path too short to be worth replacing. */
    static String normalize(String p) {
        if (p == null) {
            return null;
        }
        String t = p.trim();
        while (t.length() > 1 && (t.endsWith("/") || t.endsWith("\\"))) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.length() < 2 || t.matches("[A-Za-z]:") || t.equals("\\\\")) {
            return null;
        }
        return t;
    }

    private static char separatorOf(String p) {
        return p.indexOf('\\') >= 0 && p.indexOf('/') < 0 ? '\\' : '/';
    }

    private static void addCwdAncestors(List<String[]> paths, String cwd, String home, String tmp,
                                        boolean ci) {
        char sep = separatorOf(cwd);
        String dotdot = "";
        String current = cwd;
        for (int level = 1; level <= 4; level++) {
            int cut = current.lastIndexOf(sep);
            if (cut <= 0) {
                return;
            }
            String parent = current.substring(0, cut);
            dotdot = dotdot + "/..";
            current = parent;
            if (depth(parent, sep) < 2 || equalsPath(parent, tmp, ci)) {
                return;
            }
            if (home != null && (equalsPath(parent, home, ci) || isAncestor(parent, home, sep, ci))) {
                return;
            }
            paths.add(new String[] {parent, "<cwd>" + dotdot});
        }
    }

    private static int depth(String p, char sep) {
        int d = 0;
        String body = p.matches("(?s)[A-Za-z]:.*") ? p.substring(2) : p;
        for (String seg : body.split(sep == '\\' ? "\\\\" : "/")) {
            if (!seg.isEmpty()) {
                d++;
            }
        }
        return d;
    }

    private static boolean equalsPath(String a, String b, boolean ci) {
        return b != null && (ci ? a.equalsIgnoreCase(b) : a.equals(b));
    }

    private static boolean isAncestor(String a, String b, char sep, boolean ci) {
        String prefix = a + sep;
        return b.length() > prefix.length() && b.regionMatches(ci, 0, prefix, 0, prefix.length());
    }

    /** Adds every spelling of {@code path}; the placeholder's {@code /} follows each spelling. */
    private static void addPathVariants(LiteralReplacer lr, String path, String placeholder,
                                        boolean ci) {
        String slashed = path.replace('\\', '/');
        add(lr, path, placeholder, separatorOf(path) == '\\' ? "\\" : "/", ci);
        add(lr, slashed, placeholder, "/", ci);
        if (path.indexOf('\\') >= 0) {
            add(lr, path.replace("\\", "\\\\"), placeholder, "\\\\", ci);
            add(lr, path.replace("\\", "\\\\\\\\"), placeholder, "\\\\\\\\", ci);
        }
        add(lr, slashed.replace("/", "\\/"), placeholder, "\\/", ci);
        String urlPath = slashed.startsWith("/") ? slashed : "/" + slashed;
        // file:/C:/x and file:///home/x both contain the path after one '/'; the needle starts at
        // the path's own first character, so match without the leading slash for drive paths.
        String asciiOnly = percentEncode(urlPath, true);
        String keepUnicode = percentEncode(urlPath, false);
        String strip = slashed.startsWith("/") ? "" : "/";
        add(lr, asciiOnly.substring(strip.length()), placeholder, "/", ci);
        add(lr, keepUnicode.substring(strip.length()), placeholder, "/", ci);
        if (slashed.startsWith("/var/") || slashed.startsWith("/tmp") || slashed.startsWith("/etc/")) {
            add(lr, "/private" + slashed, placeholder, "/", ci);
        }
    }

    private static void add(LiteralReplacer lr, String needle, String placeholder, String sep,
                            boolean ci) {
        lr.add(needle, placeholder.replace("/", sep), RedactionKind.PATH, ci,
                LiteralReplacer.Boundary.PATH);
    }

    /**
     * Percent-encodes like a {@code file:} URI path: unreserved characters, {@code /} and {@code :}
     * stay; with {@code asciiOnly}, non-ASCII characters are encoded as UTF-8 too.
     */
    static String percentEncode(String s, boolean asciiOnly) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~/:!$&'()*+,;=@".indexOf(c) >= 0 || (!asciiOnly && c >= 128);
            if (keep) {
                b.append(c);
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
            for (byte x : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(x & 0xF, 16)));
            }
            i = end - 1;
        }
        return b.toString();
    }

    String scrub(String s, RedactionCounts counts) {
        String out = literals.replace(s, counts);
        if (out.indexOf('<') >= 0) {
            out = collapseDirectories(out, counts);
        }
        // Every home and UNC pattern starts at a separator; most stack frames have none.
        if (out.indexOf('/') < 0 && out.indexOf('\\') < 0) {
            return out;
        }
        boolean users = CharClasses.containsAsciiIgnoreCase(out, "users")
                || CharClasses.containsAsciiIgnoreCase(out, "documents and");
        if (users && out.indexOf(':') >= 0) {
            out = replaceHomes(WINDOWS_HOME, out, counts);
        }
        if (users || CharClasses.containsAsciiIgnoreCase(out, "home")) {
            out = replaceHomes(UNIX_HOME, out, counts);
        }
        if (out.indexOf("\\\\") >= 0) {
            out = replaceUnc(out, counts);
        }
        return out;
    }

    private static final String[] PLACEHOLDERS = {"<cwd>", "<home>", "<tmp>"};
    /** Separators, longest first: doubly JSON-escaped, JSON-escaped, as written. */
    private static final String[] SEPARATORS = {"\\\\\\\\", "\\/", "\\\\", "/", "\\"};
    static final String ELLIPSIS = "\u2026";

    /**
     * Drops the directory names after a placeholder, which may name a client, a person or a project
     * ({@code <cwd>/clients/jane-doe/missing.yaml}), keeping the placeholder, the separator style and
     * the file's name with its extension: {@code <cwd>/…/missing.yaml}. A last segment without an
     * extension may itself be a directory, so it goes too ({@code <cwd>/…}). Ancestor forms
     * ({@code <cwd>/..}) are kept as the prefix.
     */
    static String collapseDirectories(String s, RedactionCounts counts) {
        StringBuilder out = null;
        int last = 0;
        int i = s.indexOf('<');
        while (i >= 0) {
            int next = i + 1;
            for (String placeholder : PLACEHOLDERS) {
                if (!s.startsWith(placeholder, i)) {
                    continue;
                }
                int p = i + placeholder.length();
                String sep = separatorAt(s, p);
                if (sep == null) {
                    break;
                }
                while (s.startsWith(sep + "..", p) && (p + sep.length() + 2 == s.length()
                        || s.startsWith(sep, p + sep.length() + 2))) {
                    p += sep.length() + 2;
                }
                if (!s.startsWith(sep, p)) {
                    break;
                }
                int first = p + sep.length();
                int segStart = first;
                int leafStart = first;
                int end = first;
                int segments = 0;
                while (true) {
                    int e = segStart;
                    while (e < s.length() && !s.startsWith(sep, e) && !endsPath(s.charAt(e))) {
                        e++;
                    }
                    if (e > segStart) {
                        segments++;
                    }
                    leafStart = segStart;
                    end = e;
                    if (e < s.length() && s.startsWith(sep, e) && e > segStart) {
                        segStart = e + sep.length();
                        continue;
                    }
                    break;
                }
                if (segments == 0) {
                    break;
                }
                String leaf = s.substring(leafStart, end);
                String replacement = hasExtension(leaf) ? (segments > 1 ? ELLIPSIS + sep + leaf : leaf) : ELLIPSIS;
                if (!replacement.equals(s.substring(first, end))) {
                    if (out == null) {
                        out = new StringBuilder(s.length());
                    }
                    out.append(s, last, first).append(replacement);
                    counts.increment(RedactionKind.PATH);
                    last = end;
                }
                next = Math.max(end, i + 1);
                break;
            }
            i = s.indexOf('<', next);
        }
        return out == null ? s : out.append(s, last, s.length()).toString();
    }

    private static String separatorAt(String s, int at) {
        for (String sep : SEPARATORS) {
            if (s.startsWith(sep, at)) {
                return sep;
            }
        }
        return null;
    }

    /** Characters that end a path in text: blanks, quotes, brackets, {@code :line}, {@code !/} of jar URLs. */
    private static boolean endsPath(char c) {
        return Character.isWhitespace(c) || "\"'<>|*?,;()[]{}`:!#&\\".indexOf(c) >= 0;
    }

    /** {@code name.ext}: a dot after the first character, then 1-10 letters or digits. */
    static boolean hasExtension(String leaf) {
        int dot = leaf.lastIndexOf('.');
        if (dot <= 0 || dot == leaf.length() - 1 || leaf.length() - dot - 1 > 10) {
            return false;
        }
        for (int k = dot + 1; k < leaf.length(); k++) {
            if (!Character.isLetterOrDigit(leaf.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static String replaceHomes(Pattern p, String s, RedactionCounts counts) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        do {
            String name = m.group(3);
            if (SHARED_HOME_SEGMENTS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            out.append(s, last, m.start(3)).append(RedactionKind.USER.replacement);
            counts.increment(RedactionKind.USER);
            last = m.end(3);
        } while (m.find());
        return out.append(s, last, s.length()).toString();
    }

    private static String replaceUnc(String s, RedactionCounts counts) {
        Matcher m = UNC.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        do {
            out.append(s, last, m.start(2)).append(RedactionKind.HOST.replacement);
            counts.increment(RedactionKind.HOST);
            last = m.end(2);
        } while (m.find());
        return out.append(s, last, s.length()).toString();
    }
}
