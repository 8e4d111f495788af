package dev.gatsbytelemetry.agent.sanitizer;

import static dev.gatsbytelemetry.agent.sanitizer.SecretShapes.luhnCard;
import static dev.gatsbytelemetry.agent.sanitizer.SecretShapes.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Plants random secrets at random places in random messages, cause chains, suppressed
 * throwables and frames, and checks that none survives in any rendering. Seeded, so a failure
 * is reproducible; the failing seed and text are in the assertion message.
 */
class SanitizerPropertyTest {

    private static final long SEED = Long.getLong("sanitizer.seed", 0x6A7B5EEDL);
    private static final int TEXT_CASES = 4000;
    private static final int THROWABLE_CASES = 1500;

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String[] FILLER = {"build", "failed", "while", "reading", "config", "at", "line",
        "42", "HTTP", "401", "the", "plugin", "gatsby-source-filesystem", "threw", "an", "error",
        "{\"a\":1}", "index.js", "com.example.Main", "timeout", "after", "30s", "retrying", "node_modules",
        "Caused by:", "java.io.IOException:", "Unexpected token: }", "(see log)", "=>", "->", "[WARN]",
        "exit code=1", "v1.2.3", "localhost:8000", "127.0.0.1", "::1", "#", "*", "%", "&", "+", "~"};
    private static final String[] SEPARATORS = {" ", "\n", "\t", " (", ") ", " \"", "\" ", " '", "' ",
        ", ", "; ", ": ", " = ", " [", "] ", " <", "> ", "\n\tat ", " | "};

    /** Secret kind generators; each returns {text to plant, substring that must not survive}. */
    private interface Planter {
        String[] plant(Random r);
    }

    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> envSecretValues = new ArrayList<>();
    private final Sanitizer sanitizer;
    private final List<Planter> planters = new ArrayList<>();

    SanitizerPropertyTest() {
        Random r = new Random(SEED - 1);
        env.putAll(Fixtures.unixEnv());
        String[] names = {"API_TOKEN", "STRIPE_SECRET", "DB_PASSWORD_2", "SIGNING_KEY", "GH_PAT",
            "SESSION_COOKIE", "MY_APP_AUTH", "REDIS_PASS", "DEPLOY_CREDENTIALS", "X_PRIVATE"};
        for (String name : names) {
            String v = random(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!@#$%^&*/+=: ",
                    10 + r.nextInt(30)).trim();
            v = "s" + v + "9";
            env.put(name, v);
            envSecretValues.add(v);
        }
        sanitizer = new Sanitizer(SanitizerSettings.builder()
                .cwd("/home/alice/projects/blog").home("/home/alice").tmpDir("/tmp")
                .userName("alice").hostName("alice-laptop").environment(env).build());
        addPlanters();
    }

    private void addPlanters() {
        // secret environment values, as written, URL-encoded and JSON-escaped
        planters.add(r -> {
            String v = envSecretValues.get(r.nextInt(envSecretValues.size()));
            switch (r.nextInt(3)) {
                case 0:
                    return new String[] {v, v};
                case 1: {
                    String e = URLEncoder.encode(v, StandardCharsets.UTF_8);
                    return new String[] {e, e};
                }
                default: {
                    String e = v.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/");
                    return new String[] {e, e};
                }
            }
        });
        // token shapes
        planters.add(r -> one("ghp_" + random(r, ALNUM, 36)));
        planters.add(r -> one("gh" + "ousr".charAt(r.nextInt(4)) + "_" + random(r, ALNUM, 36)));
        planters.add(r -> one("github_pat_" + random(r, ALNUM, 22) + "_" + random(r, ALNUM, 59)));
        planters.add(r -> one("glpat-" + random(r, ALNUM + "_-", 20)));
        planters.add(r -> one("xox" + "abprs".charAt(r.nextInt(5)) + "-" + random(r, "0123456789", 11) + "-"
                + random(r, ALNUM, 24)));
        planters.add(r -> one("AIza" + random(r, ALNUM + "_-", 35)));
        planters.add(r -> one(new String[] {"sk", "rk", "pk"}[r.nextInt(3)] + "_"
                + (r.nextBoolean() ? "live" : "test") + "_" + random(r, ALNUM, 24)));
        planters.add(r -> one("npm_" + random(r, ALNUM, 36)));
        planters.add(r -> one((r.nextBoolean() ? "AKIA" : "ASIA") + random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)));
        planters.add(r -> one("eyJ" + random(r, ALNUM + "_-", 20 + r.nextInt(20)) + ".eyJ"
                + random(r, ALNUM + "_-", 20 + r.nextInt(40)) + "." + random(r, ALNUM + "_-", 43)));
        planters.add(r -> one("sk-proj-" + random(r, ALNUM, 40)));
        planters.add(r -> {
            String s = "https://hooks.slack.com/services/T" + random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8)
                    + "/B" + random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8) + "/" + random(r, ALNUM, 24);
            return new String[] {s, s.substring("https://hooks.slack.com/services/".length())};
        });
        planters.add(r -> {
            String v = "-----BEGIN " + (r.nextBoolean() ? "RSA " : "") + "PRIVATE KEY-----\n";
            String body = random(r, ALNUM + "+/", 64) + "\n" + random(r, ALNUM + "+/", 40) + "==";
            return new String[] {v + body + "\n-----END PRIVATE KEY-----", body.substring(0, 30)};
        });
        // secrets behind sensitive keys
        planters.add(r -> keyed(r, new String[] {"password=", "passwd=", "secret=", "api_key=", "apiKey=",
            "access_token=", "client_secret=", "-Ddb.password=", "--password ", "--token=", "DB_PASS=",
            "Password: ", "secret: ", "X-Api-Key: ", "?access_token=", "&token=", "&sig=", ";password="}));
        planters.add(r -> {
            String v = credential(r);
            String[] forms = {"{\"password\":\"" + v + "\"}", "\"token\": \"" + v + "\"",
                "{\\\"client_secret\\\":\\\"" + v + "\\\"}", "<password>" + v + "</password>",
                "password='" + v + "'"};
            return new String[] {forms[r.nextInt(forms.length)], v};
        });
        planters.add(r -> {
            String v = credential(r);
            String[] forms = {"Authorization: Bearer " + v, "Bearer " + v, "Authorization: token " + v,
                "authorization=Bearer " + v};
            return new String[] {forms[r.nextInt(forms.length)], v};
        });
        planters.add(r -> {
            String pw = credential(r);
            String[] forms = {"https://deploy:" + pw + "@git.example.com/r.git",
                "jdbc:postgresql://app:" + pw + "@db.example.com:5432/app",
                "redis://:" + pw + "@cache:6379", "jdbc:mysql://db/app?user=app&password=" + pw,
                "jdbc:sqlserver://db;user=sa;password=" + pw + ";encrypt=true",
                "jdbc:oracle:thin:scott/" + pw + "@//db:1521/ORCL"};
            return new String[] {forms[r.nextInt(forms.length)], pw};
        });
        // issue 14: vendor prefixes, pwd and arrow separators, AWS pairs, SQL values
        planters.add(r -> one("do" + "opr".charAt(r.nextInt(3)) + "_v1_" + random(r, "0123456789abcdef", 64)));
        planters.add(r -> one("dp." + new String[] {"pt", "ct", "sa", "st.dev"}[r.nextInt(4)] + "."
                + random(r, ALNUM, 40 + r.nextInt(5))));
        planters.add(r -> one(new String[] {"cfk_", "cfut_", "cfat_"}[r.nextInt(3)] + random(r, ALNUM, 40)));
        planters.add(r -> one(new String[] {"hvs.", "hvb."}[r.nextInt(2)] + random(r, ALNUM, 24 + r.nextInt(60))));
        planters.add(r -> one(new String[] {"glrt-", "gldt-", "glptt-", "glcbt-", "glsoat-", "gloas-", "glimt-"}[r.nextInt(7)]
                + random(r, ALNUM + "_-", 20 + r.nextInt(10))));
        planters.add(r -> one("GOCSPX-" + random(r, ALNUM + "_-", 28)));
        planters.add(r -> one("xoxe.xoxp-1-" + random(r, ALNUM, 40)));
        planters.add(r -> one(new String[] {"gsk_", "r8_", "lin_api_", "figd_", "ntn_", "nfp_", "rnd_"}[r.nextInt(7)]
                + random(r, ALNUM, 40)));
        planters.add(r -> keyed(r, new String[] {"pwd=", "pwd = ", "pwd=>", "Pwd: ", "pwd => ", "token => ",
            "password => ", ":pwd=>", "\"pwd\": \"", "db.pwd="}));
        planters.add(r -> {
            String secret = random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + random(r, "abcdefghijklmnopqrstuvwxyz", 1)
                    + random(r, "0123456789", 1) + random(r, ALNUM + "/+", 37);
            String id = "AKIA" + random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
            String pair = r.nextBoolean() ? id + " " + secret : secret + " for " + id;
            return new String[] {pair, secret};
        });
        planters.add(r -> {
            String v = credential(r);
            String[] forms = {"INSERT INTO t (a) VALUES ('" + v + "')", "SELECT * FROM u WHERE name = '" + v + "'",
                "UPDATE u SET note='" + v + "' WHERE id=1", "DELETE FROM u WHERE v = '" + v + "'"};
            return new String[] {forms[r.nextInt(forms.length)], v};
        });
        // personal data
        planters.add(r -> {
            String local = random(r, "abcdefghijklmnopqrstuvwxyz", 3 + r.nextInt(8))
                    + (r.nextBoolean() ? "." + random(r, "abcdefghijklmnopqrstuvwxyz", 2 + r.nextInt(6)) : "");
            String domain = random(r, "abcdefghijklmnopqrstuvwxyz", 3 + r.nextInt(8)) + "."
                    + new String[] {"com", "org", "io", "dev", "co.uk", "de"}[r.nextInt(6)];
            String email = local + (r.nextInt(4) == 0 ? "%40" : "@") + domain;
            return one(email);
        });
        planters.add(r -> {
            int a = 1 + r.nextInt(223);
            if (a == 127) {
                a = 128;
            }
            return one(a + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)));
        });
        planters.add(r -> {
            StringBuilder b = new StringBuilder("2001:db8");
            for (int i = 0; i < 6; i++) {
                b.append(':').append(Integer.toHexString(1 + r.nextInt(0xfffe)));
            }
            return one(b.toString());
        });
        planters.add(r -> {
            String digits = luhnCard(r);
            String sep = new String[] {"", " ", "-"}[r.nextInt(3)];
            String s = digits.substring(0, 4) + sep + digits.substring(4, 8) + sep + digits.substring(8, 12)
                    + sep + digits.substring(12);
            return one(s);
        });
        // paths and names
        planters.add(r -> {
            String name = "u" + random(r, "abcdefghijklmnopqrstuvwxyz", 5 + r.nextInt(5));
            String[] forms = {"/home/" + name + "/src/app.js", "/Users/" + name + "/Library/x.plist",
                "C:\\Users\\" + name + "\\AppData\\x.log", "C:/Users/" + name + "/x", "C:\\\\Users\\\\" + name + "\\\\x",
                "file:/home/" + name + "/x.jar", "\\/home\\/" + name + "\\/x"};
            return new String[] {forms[r.nextInt(forms.length)], name};
        });
        planters.add(r -> {
            String[] forms = {"/home/alice/projects/blog/src/x.js", "/home/alice/.npmrc", "/tmp/x",
                "file:///home/alice/projects/blog/a.jar", "alice", "Alice", "alice-laptop",
                "\\/home\\/alice\\/x", "jar:file:/home/alice/.m2/r/x.jar!/y"};
            String f = forms[r.nextInt(forms.length)];
            return new String[] {f, f.contains("laptop") ? "alice-laptop" : f.startsWith("/tmp") ? "/tmp" : "alice"};
        });
    }

    private static String[] one(String s) {
        return new String[] {s, s};
    }

    private static String[] keyed(Random r, String[] keys) {
        String v = credential(r);
        return new String[] {keys[r.nextInt(keys.length)] + v, v};
    }

    /** A random credential: letters and digits, 10 to 40 chars, at least one of each. */
    private static String credential(Random r) {
        return random(r, "abcdefghijklmnopqrstuvwxyz", 1) + random(r, ALNUM, 8 + r.nextInt(31))
                + random(r, "0123456789", 1);
    }

    /** A random message with 1–4 planted secrets; adds what must not survive to {@code forbidden}. */
    private String message(Random r, List<String> forbidden) {
        StringBuilder b = new StringBuilder();
        int words = r.nextInt(12);
        int plants = 1 + r.nextInt(4);
        int total = words + plants;
        int planted = 0;
        for (int i = 0; i < total; i++) {
            if (i > 0) {
                b.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
            }
            boolean plant = planted < plants && (r.nextInt(total - i) < plants - planted);
            if (plant) {
                String[] p = planters.get(r.nextInt(planters.size())).plant(r);
                b.append(p[0]);
                forbidden.add(p[1]);
                planted++;
            } else {
                b.append(FILLER[r.nextInt(FILLER.length)]);
            }
        }
        return b.toString();
    }

    @Test
    void plantedSecretsNeverSurviveInText() {
        Random r = new Random(SEED);
        for (int i = 0; i < TEXT_CASES; i++) {
            List<String> forbidden = new ArrayList<>();
            String text = message(r, forbidden);
            RedactionCounts counts = new RedactionCounts();
            String out = sanitizer.sanitizeText(text, counts);
            for (String f : forbidden) {
                assertThat(out).as("case %d, planted %s in:%n%s", i, f, text).doesNotContain(f);
            }
            assertThat(counts.isEmpty()).as("case %d counts", i).isFalse();
            assertThat(sanitizer.sanitizeText(out, new RedactionCounts())).as("idempotent %d", i).isEqualTo(out);
        }
    }

    /**
     * What {@link PlainWords} calls certainly unchanged, the sanitizer leaves unchanged: generated
     * plain words, words made of the user's and host's names and secret values, and every token
     * prefix as a word, against the real sanitizer with the same settings.
     */
    @Test
    void plainWordsAgreeWithTheSanitizer() {
        Random r = new Random(SEED + 3);
        SanitizerSettings settings = sanitizer.settings();
        List<String> words = new ArrayList<>();
        for (String prefix : TokenPrefixes.PREFIXES) {
            words.add(prefix.toLowerCase(java.util.Locale.ROOT) + random(r, "abcdef", 40));
            words.add(prefix + random(r, "abcdefghijklmnopqrstuvwxyz", 12));
        }
        String[] parts = {"alice", "laptop", "alice-laptop", "build", "update", "sql", "x", "api", "key", "secret",
            "token", "pass", "pwd", "sk", "gh", "npm", "dop", "hf", "hunter", "longer", "cms", "value"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    b.append("-_.".charAt(r.nextInt(3)));
                }
                b.append(r.nextInt(3) == 0 ? parts[r.nextInt(parts.length)]
                        : random(r, "abcdefghijklmnopqrstuvwxyz", 1 + r.nextInt(12)));
            }
            words.add(b.toString());
        }
        for (String v : envSecretValues) {
            words.add(v.toLowerCase(java.util.Locale.ROOT));
        }
        int certain = 0;
        for (String word : words) {
            if (PlainWords.certainlyUnchanged(word, settings)) {
                certain++;
                assertThat(sanitizer.sanitizeText(word, new RedactionCounts())).as("plain word %s", word).isEqualTo(word);
            }
        }
        assertThat(certain).as("words judged without a sanitizer").isGreaterThan(words.size() / 2);
    }

    /** Ordinary words that merely begin like a vendor token, and prose around them, stay as they are. */
    @Test
    void wordsThatBeginLikeTokensAreNotRedacted() {
        String text = "the pattern path skips the secret_key of the key-value store; dapi and hvs.conf are names; "
                + "a sketchy glimpse of sk-learn, GR-1 and the cfg; no pwd here, print pwd, the vm ran";
        assertThat(sanitizer.sanitizeText(text, new RedactionCounts())).isEqualTo(text);
    }

    @Test
    void plantedSecretsNeverSurviveInThrowables() {
        Random r = new Random(SEED + 1);
        for (int i = 0; i < THROWABLE_CASES; i++) {
            List<String> forbidden = new ArrayList<>();
            Throwable t = tree(r, forbidden, 0);
            RedactionCounts counts = new RedactionCounts();
            SanitizedThrowable st = sanitizer.sanitizeThrowable(t, counts);
            String trace = st.toStackTrace();
            String json = Json.write(st.toMap());
            String map = String.valueOf(st.toMap());
            for (String f : forbidden) {
                assertThat(trace).as("case %d, planted %s, trace", i, f).doesNotContain(f);
                assertThat(map).as("case %d, planted %s, map", i, f).doesNotContain(f);
                assertThat(json).as("case %d, planted %s, json", i, f).doesNotContain(f);
            }
        }
    }

    /**
     * Plain frames skip the personal-data pass on the claim that it cannot match them: random
     * identifier-shaped frames (digit runs of every length, dots, {@code $}, planted secrets) must
     * come out the same, with the same counts, with and without it.
     */
    @Test
    void plainFramesLoseNothingBySkippingThePersonalDataPass() {
        Random r = new Random(SEED + 2);
        String alphabet = "abcdefxyzABCDEFXYZ_$.0123456789";
        int plain = 0;
        for (int i = 0; i < TEXT_CASES; i++) {
            List<String> lines = new ArrayList<>();
            for (int f = 0, n = 1 + r.nextInt(5); f < n; f++) {
                String[] names = new String[3];
                for (int k = 0; k < 3; k++) {
                    StringBuilder b = new StringBuilder(random(r, alphabet, 1 + r.nextInt(12)));
                    if (r.nextInt(3) == 0) {
                        b.append(random(r, "0123456789", 1 + r.nextInt(19)));
                    }
                    if (r.nextInt(3) == 0) {
                        b.append('.').append(random(r, alphabet, 1 + r.nextInt(8)));
                    }
                    if (r.nextInt(6) == 0) {
                        b.append(r.nextBoolean() ? "." : "$").append(1 + r.nextInt(254)).append('.')
                                .append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.')
                                .append(1 + r.nextInt(254));
                    }
                    if (r.nextInt(8) == 0) {
                        b.append(planters.get(r.nextInt(planters.size())).plant(r)[0]);
                    }
                    names[k] = b.toString();
                }
                StackTraceElement e = new StackTraceElement(names[0], names[1],
                        r.nextInt(5) == 0 ? null : names[2], r.nextInt(3) == 0 ? -2 : r.nextInt(1_000_000));
                if (StackTraceSanitizer.isPlainFrame(e)) {
                    lines.add(StackTraceSanitizer.format(e));
                }
            }
            if (lines.isEmpty()) {
                continue;
            }
            plain++;
            String text = String.join("\n", lines);
            RedactionCounts skipped = new RedactionCounts();
            RedactionCounts full = new RedactionCounts();
            assertThat(sanitizer.cleanFrames(text, true, skipped)).as("case %d: %s", i, text)
                    .isEqualTo(sanitizer.cleanFrames(text, false, full));
            assertThat(skipped.snapshot()).as("case %d: %s", i, text).isEqualTo(full.snapshot());
        }
        assertThat(plain).as("cases with plain frames").isGreaterThan(TEXT_CASES / 8);
    }

    @Test
    void plainFrameShapes() {
        assertThat(StackTraceSanitizer.isPlainFrame(new StackTraceElement("a.b.C$1", "<init>", "C.java", 3))).isTrue();
        assertThat(StackTraceSanitizer.isPlainFrame(new StackTraceElement("a.C", "lambda$run$0", null, -1))).isTrue();
        assertThat(StackTraceSanitizer.isPlainFrame(new StackTraceElement("a.C", "m", "1.2.3.4", 1))).isFalse();
        assertThat(StackTraceSanitizer.isPlainFrame(new StackTraceElement("a.C$4111111111111111", "m", "C.java", 1)))
                .isFalse();
        assertThat(StackTraceSanitizer.isPlainFrame(new StackTraceElement("a.C", "m", "a@b.com", 1))).isFalse();
        assertThat(StackTraceSanitizer.isPlainFrame(new StackTraceElement("a.C", "my test", "C.kt", 1))).isFalse();
    }

    private Throwable tree(Random r, List<String> forbidden, int depth) {
        String msg = r.nextInt(10) == 0 ? null : message(r, forbidden);
        Throwable t;
        switch (r.nextInt(4)) {
            case 0:
                t = new IllegalStateException(msg);
                break;
            case 1:
                t = new java.io.IOException(msg);
                break;
            case 2:
                t = new RuntimeException(msg);
                break;
            default:
                t = new Exception(msg);
        }
        StackTraceElement[] frames = new StackTraceElement[1 + r.nextInt(6)];
        for (int i = 0; i < frames.length; i++) {
            String[] names = {"com.example.C" + i, "m" + i, "Main.java"};
            if (r.nextInt(4) == 0) {
                // identifier-shaped secrets (tokens, some env values) also go into class and method
                // names, where they make plain frames (StackTraceSanitizer.isPlainFrame); any
                // other text goes into the file name, as a class file's SourceFile may hold anything
                String[] p = planters.get(r.nextInt(planters.size())).plant(r);
                if (!p[0].contains("\n")) {
                    int where = p[0].matches("[A-Za-z_][A-Za-z0-9_$.]*") ? r.nextInt(3) : 2;
                    names[where] = where == 0 ? "com.example." + p[0] + "$1" : p[0];
                    forbidden.add(p[1]);
                }
            }
            frames[i] = new StackTraceElement(names[0], names[1], names[2], 10 + i);
        }
        t.setStackTrace(frames);
        if (depth < 5 && r.nextInt(3) > 0) {
            t.initCause(tree(r, forbidden, depth + 1));
        }
        if (depth < 3 && r.nextInt(3) == 0) {
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                t.addSuppressed(tree(r, forbidden, depth + 2));
            }
        }
        return t;
    }
}
