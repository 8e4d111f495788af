package dev.gatsbytelemetry.agent.sender;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses the HTTP proxy for a collector URL, in this order:
 * <ol>
 *   <li>JVM system properties {@code https.proxyHost}/{@code https.proxyPort} (for https URLs) or
 *       {@code http.proxyHost}/{@code http.proxyPort} (for http URLs), filtered by
 *       {@code http.nonProxyHosts} ({@code |}-separated, {@code *} wildcards). As in the JDK, loopback
 *       hosts are exempt unless {@code http.nonProxyHosts} is set explicitly.</li>
 *   <li>Environment {@code https_proxy}/{@code HTTPS_PROXY} or {@code http_proxy}/{@code HTTP_PROXY}
 *       (lower case wins), then {@code all_proxy}/{@code ALL_PROXY}, filtered by
 *       {@code no_proxy}/{@code NO_PROXY}: comma-separated hosts or domain suffixes ({@code .example.com},
 *       {@code *.example.com} or plain {@code example.com}), ports ignored, {@code *} = never proxy.
 *       Loopback hosts are never proxied from the environment.</li>
 * </ol>
 * Proxy credentials in URLs are ignored (not supported). The result never triggers a DNS lookup.
 */
final class ProxySelection {

    private final Function<String, String> systemProperties;
    private final Map<String, String> env;

    ProxySelection(Function<String, String> systemProperties, Map<String, String> env) {
        this.systemProperties = systemProperties == null ? key -> null : systemProperties;
        this.env = env == null ? Map.of() : env;
    }

    /** The proxy for {@code target}; {@link Proxy#NO_PROXY} for a direct connection. Never throws. */
    Proxy select(URI target) {
        try {
            String host = target.getHost();
            if (host == null) {
                return Proxy.NO_PROXY;
            }
            host = stripBrackets(host.toLowerCase(Locale.ROOT));
            boolean https = "https".equalsIgnoreCase(target.getScheme());
            Proxy fromProperties = fromSystemProperties(host, https);
            if (fromProperties != null) {
                return fromProperties;
            }
            return fromEnvironment(host, https);
        } catch (RuntimeException e) {
            return Proxy.NO_PROXY;
        }
    }

    private Proxy fromSystemProperties(String host, boolean https) {
        String prefix = https ? "https" : "http";
        String proxyHost = trimToNull(systemProperties.apply(prefix + ".proxyHost"));
        if (proxyHost == null) {
            return null;
        }
        String nonProxy = systemProperties.apply("http.nonProxyHosts");
        if (nonProxy == null ? isLoopback(host) : matchesNonProxyHosts(host, nonProxy)) {
            return Proxy.NO_PROXY;
        }
        int port = parsePort(systemProperties.apply(prefix + ".proxyPort"), https ? 443 : 80);
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxyHost, port));
    }

    private Proxy fromEnvironment(String host, boolean https) {
        String scheme = https ? "https" : "http";
        String url = firstEnv(scheme + "_proxy", scheme.toUpperCase(Locale.ROOT) + "_PROXY", "all_proxy", "ALL_PROXY");
        if (url == null || isLoopback(host) || matchesNoProxy(host, firstEnv("no_proxy", "NO_PROXY"))) {
            return Proxy.NO_PROXY;
        }
        Proxy proxy = parseProxyUrl(url);
        return proxy == null ? Proxy.NO_PROXY : proxy;
    }

    /** Parses {@code http://user:pw@host:port/}, {@code host:port} or {@code host}; null if unusable. */
    static Proxy parseProxyUrl(String value) {
        String text = value.trim();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null; // socks and friends are not supported by this client
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(stripBrackets(host), port));
    }

    static boolean matchesNoProxy(String host, String noProxy) {
        if (noProxy == null) {
            return false;
        }
        for (String raw : noProxy.split("[,\\s]+")) {
            String entry = stripPort(raw.trim().toLowerCase(Locale.ROOT));
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            if (entry.startsWith("*.")) {
                entry = entry.substring(1);
            }
            if (entry.startsWith(".")) {
                if (host.endsWith(entry) || host.equals(entry.substring(1))) {
                    return true;
                }
            } else if (host.equals(entry) || host.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    static boolean matchesNonProxyHosts(String host, String patterns) {
        for (String raw : patterns.split("\\|")) {
            String pattern = stripBrackets(raw.trim().toLowerCase(Locale.ROOT));
            if (pattern.isEmpty()) {
                continue;
            }
            if (pattern.equals("*")
                    || pattern.startsWith("*") && host.endsWith(pattern.substring(1))
                    || pattern.endsWith("*") && host.startsWith(pattern.substring(0, pattern.length() - 1))
                    || host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    private String firstEnv(String... names) {
        for (String name : names) {
            String value = trimToNull(env.get(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String stripPort(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            return close > 0 ? entry.substring(1, close) : entry;
        }
        int colon = entry.lastIndexOf(':');
        // One colon: host:port. Several colons: a bare IPv6 address, leave it alone.
        if (colon > 0 && entry.indexOf(':') == colon) {
            return entry.substring(0, colon);
        }
        return entry;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int parsePort(String value, int fallback) {
        try {
            int port = Integer.parseInt(value == null ? "" : value.trim());
            return port > 0 && port < 65536 ? port : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String trimToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
