package dev.gatsbytelemetry.agent.identity;

import java.util.Locale;

/**
 * A git remote URL reduced to what identifies the repository, so that the same repository gives
 * the same value whatever the protocol or credentials: {@code https://user:token@GitHub.com/o/r.git},
 * {@code ssh://git@github.com:22/o/r}, {@code git@github.com:o/r.git} and {@code git://github.com/o/r/}
 * all become host {@code github.com}, path {@code o/r}.
 *
 * <p>Dropped: scheme, user name and password, port (https and ssh use different ports for the
 * same repository), query, fragment, a trailing {@code .git} and slashes. The host is lower-cased;
 * the path keeps its case (some servers are case-sensitive). A few well-known SSH aliases are
 * folded into their web host ({@code ssh.github.com}, {@code altssh.gitlab.com},
 * {@code ssh.dev.azure.com/v3/...}, Azure's {@code /_git/} segment). Local paths and
 * {@code file://} URLs have no host.
 *
 * @param host lower-case host, or null for a local repository
 * @param path path below the host without leading or trailing slash or {@code .git}; never null
 */
record RemoteUrl(String host, String path) {

    /** Parses a remote URL; null when blank. Never throws. */
    static RemoteUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = raw.trim();
        int schemeEnd = schemeEnd(url);
        if (schemeEnd > 0) {
            String rest = url.substring(schemeEnd + 3);
            if (url.substring(0, schemeEnd).equalsIgnoreCase("file")) {
                return local(rest);
            }
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1);
            return remote(hostOf(authority), stripQuery(path));
        }
        int slash = url.indexOf('/');
        String beforeSlash = slash < 0 ? url : url.substring(0, slash);
        int hostStart = beforeSlash.lastIndexOf('@') + 1; // skips user (and a stray password)
        int colon = url.indexOf(':', hostStart);
        boolean windowsDrive = colon == 1 && Character.isLetter(url.charAt(0));
        if (colon > hostStart && (slash < 0 || colon < slash) && !windowsDrive) {
            // scp-like [user@]host:path
            return remote(url.substring(hostStart, colon).toLowerCase(Locale.ROOT), url.substring(colon + 1));
        }
        return local(url);
    }

    /**
     * Where {@code url}'s scheme ends, at {@code ://}, for a URL {@code ^[A-Za-z][A-Za-z0-9+.-]*://}
     * (RFC 3986's scheme); -1 for anything else (scp-like {@code host:path}, a local path). Written
     * out rather than a regular expression: every run asks this once, most with no remote at all,
     * and compiling the pattern loaded {@code java.util.regex} (29 classes) on the first event of a
     * tool that uses none itself.
     */
    static int schemeEnd(String url) {
        int colon = url.indexOf(':');
        if (colon < 1 || !url.startsWith("//", colon + 1) || !isAsciiLetter(url.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < colon; i++) {
            char c = url.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') {
                return -1;
            }
        }
        return colon;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /** The value that is hashed: {@code host/path}, or {@code file:path} for local repositories. */
    String canonical() {
        return host == null ? "file:" + path : host + "/" + path;
    }

    /** Everything before the last path segment (e.g. a GitLab group and subgroup), or null. */
    String owner() {
        int last = path.lastIndexOf('/');
        return last <= 0 ? null : path.substring(0, last);
    }

    /** The last path segment, or null when the path is empty. */
    String name() {
        int last = path.lastIndexOf('/');
        String name = path.substring(last + 1);
        return name.isEmpty() ? null : name;
    }

    private static RemoteUrl remote(String host, String rawPath) {
        String path = cleanPath(rawPath);
        if (host == null || host.isEmpty()) {
            return local(rawPath);
        }
        switch (host) {
            case "ssh.github.com":
                host = "github.com";
                break;
            case "altssh.gitlab.com":
                host = "gitlab.com";
                break;
            case "ssh.dev.azure.com":
                host = "dev.azure.com";
                if (path.startsWith("v3/")) {
                    path = path.substring(3);
                }
                break;
            default:
                break;
        }
        if (host.equals("dev.azure.com")) {
            path = path.replace("/_git/", "/");
        }
        return new RemoteUrl(host, path);
    }

    private static RemoteUrl local(String rawPath) {
        return new RemoteUrl(null, cleanPath(rawPath.replace('\\', '/')));
    }

    /** Host without credentials and port, lower case. */
    private static String hostOf(String authority) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (host.startsWith("[")) { // IPv6 literal
            int close = host.indexOf(']');
            host = close < 0 ? host : host.substring(0, close + 1);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                host = host.substring(0, colon);
            }
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static String stripQuery(String path) {
        int cut = path.length();
        int query = path.indexOf('?');
        int fragment = path.indexOf('#');
        if (query >= 0) {
            cut = Math.min(cut, query);
        }
        if (fragment >= 0) {
            cut = Math.min(cut, fragment);
        }
        return path.substring(0, cut);
    }

    /** {@code path.replaceAll("/{2,}", "/")} without compiling a pattern. */
    static String singleSlashes(String path) {
        if (!path.contains("//")) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '/' || out.length() == 0 || out.charAt(out.length() - 1) != '/') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String cleanPath(String raw) {
        String path = singleSlashes(raw.trim());
        boolean changed = true;
        while (changed) {
            changed = false;
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
                changed = true;
            }
            if (path.regionMatches(true, Math.max(0, path.length() - 4), ".git", 0, 4) && path.length() >= 4) {
                path = path.substring(0, path.length() - 4);
                changed = true;
            }
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }
}
