package dev.gatsbytelemetry.agent.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small parts: settings, counts, secret names, Luhn, IPv6 validation, key classes. */
class SanitizerPartsTest {

    /** The ASCII fast path of a secret's URL-encoded spelling must spell it exactly as URLEncoder does. */
    @Test
    void urlEncodedSpellingIsUrlEncodersForAnyText() {
        java.util.Random random = new java.util.Random(19);
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            every.append(c);
        }
        java.util.List<String> values = new java.util.ArrayList<>(java.util.List.of("", "plain", every.toString(),
                "p@ss word/+%é", "clé", "\uD83D\uDE00 smile", "a\uD800b"));
        for (int i = 0; i < 2000; i++) {
            char[] text = new char[random.nextInt(24)];
            for (int j = 0; j < text.length; j++) {
                text[j] = (char) (random.nextInt(10) == 0 ? random.nextInt(0x800) : random.nextInt(0x80));
            }
            values.add(new String(text));
        }
        for (String value : values) {
            assertThat(EnvSecrets.urlEncoded(value)).as(value)
                    .isEqualTo(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void settingsDefaults() {
        SanitizerSettings s = SanitizerSettings.builder().build();
        assertThat(s.maxMessageLength()).isEqualTo(1000);
        assertThat(s.maxFramesPerThrowable()).isEqualTo(50);
        assertThat(s.maxCauseDepth()).isEqualTo(8);
        assertThat(s.maxSuppressed()).isEqualTo(5);
        assertThat(s.keepMessages()).isTrue();
        assertThat(s.environment()).isEmpty();
        assertThatThrownBy(() -> SanitizerSettings.builder().maxMessageLength(3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsFromSystem() {
        SanitizerSettings s = SanitizerSettings.fromSystem(Map.of("HOSTNAME", "build-box-7",
                "GATSBY_TELEMETRY_ERROR_MESSAGES", "0", "API_TOKEN", "abcdef123456"));
        assertThat(s.cwd()).isEqualTo(System.getProperty("user.dir"));
        assertThat(s.home()).isEqualTo(System.getProperty("user.home"));
        assertThat(s.tmpDir()).isEqualTo(System.getProperty("java.io.tmpdir"));
        assertThat(s.userName()).isEqualTo(System.getProperty("user.name"));
        assertThat(s.hostName()).isEqualTo("build-box-7");
        assertThat(s.keepMessages()).isFalse();
        assertThat(s.environment()).containsEntry("API_TOKEN", "abcdef123456");
        assertThat(s.toString()).doesNotContain("abcdef123456").doesNotContain(String.valueOf(s.home()));
        assertThat(SanitizerSettings.fromSystem(Map.of("COMPUTERNAME", "ALICE-PC")).hostName()).isEqualTo("ALICE-PC");
        assertThat(SanitizerSettings.fromSystem(null).keepMessages()).isTrue();
    }

    @Test
    void realSystemSettingsHideThisMachine() {
        SanitizerSettings s = SanitizerSettings.fromSystem(System.getenv());
        Sanitizer sanitizer = new Sanitizer(s);
        String text = "cwd " + s.cwd() + "/x home " + s.home() + "/y tmp " + s.tmpDir();
        String out = sanitizer.sanitizeText(text, null);
        assertThat(out).doesNotContain(s.home() + "/");
    }

    @Test
    void countsSnapshotIsSortedAndNonZero() {
        RedactionCounts c = new RedactionCounts();
        assertThat(c.isEmpty()).isTrue();
        c.increment(RedactionKind.TOKEN);
        c.increment(RedactionKind.EMAIL);
        c.increment(RedactionKind.TOKEN);
        assertThat(c.snapshot()).containsExactly(Map.entry("email", 1), Map.entry("token", 2));
        assertThat(c.get("token")).isEqualTo(2);
        assertThat(c.get("nope")).isZero();
        assertThat(c.total()).isEqualTo(3);
        RedactionCounts d = new RedactionCounts();
        d.addAll(c);
        d.addAll(null);
        assertThat(d.snapshot()).isEqualTo(c.snapshot());
        assertThat(RedactionCounts.KINDS).containsExactly("path", "user", "host", "secret",
                "url-credentials", "token", "pem", "email", "ip", "card", "literal");
    }

    @Test
    void countsPerKind() {
        Sanitizer s = new Sanitizer(Fixtures.unix());
        RedactionCounts c = new RedactionCounts();
        s.sanitizeText("/home/alice/projects/blog alice alice-laptop s3cr3t-cms-token-value "
                + "https://u:p@h.example ghp_abcdefghijklmnopqrstuvwxyz0123456789 a@b.example 10.1.1.1 "
                + "4111111111111111 -----BEGIN KEY-----x-----END KEY-----", c);
        assertThat(c.snapshot()).containsExactly(Map.entry("card", 1), Map.entry("email", 1),
                Map.entry("host", 1), Map.entry("ip", 1), Map.entry("path", 1), Map.entry("pem", 1),
                Map.entry("secret", 1), Map.entry("token", 1), Map.entry("url-credentials", 1),
                Map.entry("user", 1));
    }

    @Test
    void secretEnvironmentNames() {
        for (String n : new String[] {"GITHUB_TOKEN", "NPM_TOKEN", "NPMTOKEN", "DB_PASSWORD", "MYSQL_PWD",
            "AWS_SECRET_ACCESS_KEY", "STRIPE_API_KEY", "SESSION_SECRET", "SENTRY_DSN", "GH_PAT", "AUTH",
            "COOKIE_SECRET", "PRIVATE_KEY", "SIGNING_KEY", "REDIS_PASS", "GOOGLE_CREDENTIALS", "apiKey"}) {
            assertThat(EnvSecrets.isSecretName(n)).as(n).isTrue();
        }
        for (String n : new String[] {"PWD", "OLDPWD", "HOME", "PATH", "SSH_AUTH_SOCK", "XDG_SESSION_TYPE",
            "GIT_AUTHOR_NAME", "AUTHOR", "KEYBOARD_LAYOUT", "DESKTOP_SESSION", "MONKEY", "EDITOR", "SSL_KEY_PATH"}) {
            assertThat(EnvSecrets.isSecretName(n)).as(n).isFalse();
        }
    }

    @Test
    void luhn() {
        assertThat(LuhnCheck.isValid("4111 1111 1111 1111")).isTrue();
        assertThat(LuhnCheck.isValid("79927398713")).isTrue();
        assertThat(LuhnCheck.isValid("79927398710")).isFalse();
        assertThat(LuhnCheck.isValid("")).isFalse();
    }

    @Test
    void ipv6Validation() {
        assertThat(PersonalDataPatterns.isIpv6("2001:db8::1")).isTrue();
        assertThat(PersonalDataPatterns.isIpv6("1:2:3:4:5:6:7:8")).isTrue();
        assertThat(PersonalDataPatterns.isIpv6("::ffff:192.0.2.1")).isTrue();
        assertThat(PersonalDataPatterns.isIpv6("1:2:3:4:5:6:7")).isFalse();
        assertThat(PersonalDataPatterns.isIpv6("1::2::3")).isFalse();
        assertThat(PersonalDataPatterns.isIpv6("12345::1")).isFalse();
        assertThat(PersonalDataPatterns.isIpv6("abc::def")).isFalse();
    }

    @Test
    void keyClasses() {
        assertThat(KeyNames.classify("password")).isEqualTo(KeyNames.KeyClass.STRONG);
        assertThat(KeyNames.classify("-Djavax.net.ssl.trustStorePassword")).isEqualTo(KeyNames.KeyClass.STRONG);
        assertThat(KeyNames.classify("DB_PWD")).isEqualTo(KeyNames.KeyClass.STRONG);
        assertThat(KeyNames.classify("PWD")).isEqualTo(KeyNames.KeyClass.NONE);
        assertThat(KeyNames.classify("token")).isEqualTo(KeyNames.KeyClass.WEAK);
        assertThat(KeyNames.classify("token_type")).isEqualTo(KeyNames.KeyClass.NONE);
        assertThat(KeyNames.classify("Authorization")).isEqualTo(KeyNames.KeyClass.AUTH_HEADER);
        assertThat(KeyNames.classify("db_user")).isEqualTo(KeyNames.KeyClass.USER);
        assertThat(KeyNames.classify("code")).isEqualTo(KeyNames.KeyClass.QUERY_ONLY);
        assertThat(KeyNames.classify("TokenParser.java")).isEqualTo(KeyNames.KeyClass.NONE);
        assertThat(KeyNames.classify("author")).isEqualTo(KeyNames.KeyClass.NONE);
    }

    @Test
    void messageLimitIsConfigurable() {
        Sanitizer s = new Sanitizer(SanitizerSettings.builder().maxMessageLength(20).build());
        String out = s.sanitizeText("0123456789".repeat(10), null);
        assertThat(out).isEqualTo("01234567890123456789\u2026[truncated 80 chars]");
    }

    @Test
    void surrogatePairsAreNotSplit() {
        Sanitizer s = new Sanitizer(SanitizerSettings.builder().maxMessageLength(20).build());
        String out = s.sanitizeText("x".repeat(19) + "\uD83D\uDE00" + "tail", null);
        assertThat(out).startsWith("x".repeat(19) + "\u2026");
    }
}
