package dev.gatsbytelemetry.agent.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySelectionTest {

    private static final URI HTTPS = URI.create("https://telemetry.example.com/v1/events");
    private static final URI HTTP = URI.create("http://telemetry.example.com/v1/events");

    private static String select(Map<String, String> props, Map<String, String> env, URI target) {
        Proxy proxy = new ProxySelection(props::get, env).select(target);
        if (proxy.type() == Proxy.Type.DIRECT) {
            return "DIRECT";
        }
        InetSocketAddress address = (InetSocketAddress) proxy.address();
        assertThat(address.isUnresolved()).as("no DNS lookup while choosing").isTrue();
        return address.getHostString() + ":" + address.getPort();
    }

    @Test
    void directWhenNothingIsConfigured() {
        assertThat(select(Map.of(), Map.of(), HTTPS)).isEqualTo("DIRECT");
    }

    @Test
    void systemPropertiesMatchTheScheme() {
        Map<String, String> props = Map.of("https.proxyHost", "secure-proxy", "https.proxyPort", "8443",
                "http.proxyHost", "plain-proxy");
        assertThat(select(props, Map.of(), HTTPS)).isEqualTo("secure-proxy:8443");
        assertThat(select(props, Map.of(), HTTP)).isEqualTo("plain-proxy:80");
        assertThat(select(Map.of("https.proxyHost", "p"), Map.of(), HTTPS)).isEqualTo("p:443");
        assertThat(select(Map.of("https.proxyHost", "p", "https.proxyPort", "nonsense"), Map.of(), HTTPS)).isEqualTo("p:443");
    }

    @Test
    void systemPropertiesWinOverEnvironment() {
        assertThat(select(Map.of("https.proxyHost", "prop"), Map.of("HTTPS_PROXY", "http://env:3128"), HTTPS))
                .isEqualTo("prop:443");
    }

    @Test
    void nonProxyHostsFiltersSystemPropertyProxies() {
        Map<String, String> props = Map.of("https.proxyHost", "p", "http.nonProxyHosts", "*.example.com|internal");
        assertThat(select(props, Map.of(), HTTPS)).isEqualTo("DIRECT");
        assertThat(select(props, Map.of(), URI.create("https://elsewhere.org/"))).isEqualTo("p:443");
    }

    @Test
    void loopbackBypassesPropertyProxyUnlessNonProxyHostsIsExplicit() {
        URI loopback = URI.create("https://127.0.0.1:8443/");
        assertThat(select(Map.of("https.proxyHost", "p"), Map.of(), loopback)).isEqualTo("DIRECT");
        assertThat(select(Map.of("https.proxyHost", "p", "http.nonProxyHosts", "internal"), Map.of(), loopback))
                .isEqualTo("p:443");
    }

    @Test
    void environmentVariablesLowerCaseFirst() {
        assertThat(select(Map.of(), Map.of("HTTPS_PROXY", "http://upper:3128"), HTTPS)).isEqualTo("upper:3128");
        assertThat(select(Map.of(), Map.of("https_proxy", "lower:8080", "HTTPS_PROXY", "http://upper:3128"), HTTPS))
                .isEqualTo("lower:8080");
        assertThat(select(Map.of(), Map.of("HTTP_PROXY", "http://user:secret@plain:3128/"), HTTP)).isEqualTo("plain:3128");
        assertThat(select(Map.of(), Map.of("HTTP_PROXY", "http://plain:3128"), HTTPS))
                .as("an http proxy variable does not apply to https").isEqualTo("DIRECT");
        assertThat(select(Map.of(), Map.of("ALL_PROXY", "http://all:1"), HTTPS)).isEqualTo("all:1");
        assertThat(select(Map.of(), Map.of("HTTPS_PROXY", "socks5://s:1080"), HTTPS)).isEqualTo("DIRECT");
        assertThat(select(Map.of(), Map.of("HTTPS_PROXY", "http://"), HTTPS)).isEqualTo("DIRECT");
    }

    @Test
    void noProxyListsHostsSuffixesWildcardsAndIgnoresPorts() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://p:3128");
        assertThat(noProxy(env, "example.com")).isEqualTo("DIRECT");
        assertThat(noProxy(env, ".example.com")).isEqualTo("DIRECT");
        assertThat(noProxy(env, "*.example.com")).isEqualTo("DIRECT");
        assertThat(noProxy(env, "telemetry.example.com:443")).isEqualTo("DIRECT");
        assertThat(noProxy(env, "other.org, TELEMETRY.example.com")).isEqualTo("DIRECT");
        assertThat(noProxy(env, "*")).isEqualTo("DIRECT");
        assertThat(noProxy(env, "ample.com")).as("suffix matches whole labels only").isEqualTo("p:3128");
        assertThat(noProxy(env, "other.org")).isEqualTo("p:3128");
        assertThat(select(Map.of(), Map.of("HTTPS_PROXY", "http://p:3128", "no_proxy", "example.com"), HTTPS))
                .isEqualTo("DIRECT");
    }

    @Test
    void loopbackIsNeverProxiedFromTheEnvironment() {
        Map<String, String> env = Map.of("HTTP_PROXY", "http://p:3128", "HTTPS_PROXY", "http://p:3128");
        assertThat(select(Map.of(), env, URI.create("http://127.0.0.1:9/"))).isEqualTo("DIRECT");
        assertThat(select(Map.of(), env, URI.create("http://localhost:9/"))).isEqualTo("DIRECT");
        assertThat(select(Map.of(), env, URI.create("http://[::1]:9/"))).isEqualTo("DIRECT");
    }

    private static String noProxy(Map<String, String> env, String noProxy) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("NO_PROXY", noProxy);
        return select(Map.of(), all, HTTPS);
    }
}
