package dev.gatsbytelemetry.agent.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link Sanitizer} must know about this machine, and how much it may keep.
 *
 * <p>Immutable. Build with {@link #builder()} (tests, fixed values) or {@link #fromSystem(Map)}
 * (the agent: system properties plus the process environment). Any string field may be null or
 * empty, which simply disables the replacement that would use it.
 */
public final class SanitizerSettings {

    /** Environment variable that, when {@code 0} (or false/no/off), drops error messages entirely. */
    public static final String ERROR_MESSAGES_ENV = "GATSBY_TELEMETRY_ERROR_MESSAGES";

    private final String cwd;
    private final String home;
    private final String tmpDir;
    private final String userName;
    private final String hostName;
    private final Map<String, String> environment;
    private final boolean keepMessages;
    private final boolean caseInsensitivePaths;
    private final int maxMessageLength;
    private final int maxFramesPerThrowable;
    private final int maxCauseDepth;
    private final int maxSuppressed;
    private final int maxThrowables;

    private SanitizerSettings(Builder b) {
        this.cwd = b.cwd;
        this.home = b.home;
        this.tmpDir = b.tmpDir;
        this.userName = b.userName;
        this.hostName = b.hostName;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.keepMessages = b.keepMessages;
        this.caseInsensitivePaths = b.caseInsensitivePaths;
        this.maxMessageLength = b.maxMessageLength;
        this.maxFramesPerThrowable = b.maxFramesPerThrowable;
        this.maxCauseDepth = b.maxCauseDepth;
        this.maxSuppressed = b.maxSuppressed;
        this.maxThrowables = b.maxThrowables;
    }

    /** A builder with the default limits and nothing known about the machine. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings for the running JVM: {@code user.dir}, {@code user.home}, {@code java.io.tmpdir},
     * {@code user.name}, {@code os.name} from system properties; the host name from env
     * {@code HOSTNAME} or {@code COMPUTERNAME}, else the first line of {@code /etc/hostname}
     * (never a DNS lookup); {@code keepMessages} off when env {@value #ERROR_MESSAGES_ENV} is
     * {@code 0}. Never throws: whatever cannot be read is left null.
     *
     * @param env the process environment (normally {@code System.getenv()}); null means empty
     */
    public static SanitizerSettings fromSystem(Map<String, String> env) {
        Map<String, String> e = env == null ? Map.of() : env;
        Builder b = builder();
        try {
            b.environment(e);
            b.cwd(property("user.dir"));
            b.home(property("user.home"));
            b.tmpDir(property("java.io.tmpdir"));
            b.userName(property("user.name"));
            String os = property("os.name");
            String osLower = os == null ? "" : os.toLowerCase(Locale.ROOT);
            b.caseInsensitivePaths(osLower.startsWith("windows") || osLower.startsWith("mac")
                    || osLower.contains("darwin"));
            String host = nonBlank(e.get("HOSTNAME"));
            if (host == null) {
                host = nonBlank(e.get("COMPUTERNAME"));
            }
            if (host == null) {
                host = readEtcHostname();
            }
            b.hostName(host);
            b.keepMessages(!isOff(e.get(ERROR_MESSAGES_ENV)));
        } catch (RuntimeException ignored) {
            // keep whatever was set; a missing value only disables one replacement
        }
        return b.build();
    }

    private static String property(String name) {
        try {
            return nonBlank(System.getProperty(name));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static boolean isOff(String v) {
        if (v == null) {
            return false;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("0") || s.equals("false") || s.equals("no") || s.equals("off");
    }

    private static String readEtcHostname() {
        Path p = Path.of("/etc/hostname");
        try {
            if (!Files.isReadable(p)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(p)) {
                byte[] buf = in.readNBytes(256);
                String s = new String(buf, StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                return nonBlank(nl >= 0 ? s.substring(0, nl) : s);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Current working directory, or null. */
    public String cwd() {
        return cwd;
    }

    /** Home directory, or null. */
    public String home() {
        return home;
    }

    /** {@code java.io.tmpdir}, or null. */
    public String tmpDir() {
        return tmpDir;
    }

    /** Login name, or null. */
    public String userName() {
        return userName;
    }

    /** Host name (as configured, possibly fully qualified), or null. */
    public String hostName() {
        return hostName;
    }

    /** Environment variables, used only to find secret values. Unmodifiable. */
    public Map<String, String> environment() {
        return environment;
    }

    /** False when messages must be dropped (type and frames only). */
    public boolean keepMessages() {
        return keepMessages;
    }

    /** True on Windows and macOS: paths match in any letter case. */
    public boolean caseInsensitivePaths() {
        return caseInsensitivePaths;
    }

    /** Longest kept message (and sanitized text), in chars, before the truncation marker. */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /** Most frames kept per throwable. */
    public int maxFramesPerThrowable() {
        return maxFramesPerThrowable;
    }

    /** Most nested levels (causes and suppressed) below the top throwable. */
    public int maxCauseDepth() {
        return maxCauseDepth;
    }

    /** Most suppressed throwables kept per throwable. */
    public int maxSuppressed() {
        return maxSuppressed;
    }

    /** Most throwables kept in one tree (top, causes and suppressed together). */
    public int maxThrowables() {
        return maxThrowables;
    }

    @Override
    public String toString() {
        // Deliberately omits every value: settings hold the very strings we must not leak.
        return "SanitizerSettings[keepMessages=" + keepMessages + ", caseInsensitivePaths="
                + caseInsensitivePaths + ", maxMessageLength=" + maxMessageLength
                + ", maxFramesPerThrowable=" + maxFramesPerThrowable + ", maxCauseDepth="
                + maxCauseDepth + ", maxSuppressed=" + maxSuppressed + ", maxThrowables="
                + maxThrowables + ", env=" + environment.size() + " vars]";
    }

    /** Fluent builder; {@link #build()} may be called more than once. */
    public static final class Builder {
        private String cwd;
        private String home;
        private String tmpDir;
        private String userName;
        private String hostName;
        private Map<String, String> environment = Map.of();
        private boolean keepMessages = true;
        private boolean caseInsensitivePaths;
        private int maxMessageLength = 1000;
        private int maxFramesPerThrowable = 50;
        private int maxCauseDepth = 8;
        private int maxSuppressed = 5;
        private int maxThrowables = 64;

        private Builder() {
        }

        public Builder cwd(String v) {
            cwd = v;
            return this;
        }

        public Builder home(String v) {
            home = v;
            return this;
        }

        public Builder tmpDir(String v) {
            tmpDir = v;
            return this;
        }

        public Builder userName(String v) {
            userName = v;
            return this;
        }

        public Builder hostName(String v) {
            hostName = v;
            return this;
        }

        /** Copies the map; null keys and values are skipped. */
        public Builder environment(Map<String, String> env) {
            Map<String, String> copy = new LinkedHashMap<>();
            if (env != null) {
                // a loop, not forEach with a lambda: this runs on every run's command check, where a
                // lambda's first use spins a class
                for (Map.Entry<String, String> e : env.entrySet()) {
                    if (e.getKey() != null && e.getValue() != null) {
                        copy.put(e.getKey(), e.getValue());
                    }
                }
            }
            environment = copy;
            return this;
        }

        public Builder keepMessages(boolean v) {
            keepMessages = v;
            return this;
        }

        public Builder caseInsensitivePaths(boolean v) {
            caseInsensitivePaths = v;
            return this;
        }

        public Builder maxMessageLength(int v) {
            maxMessageLength = atLeast(v, 16, "maxMessageLength");
            return this;
        }

        public Builder maxFramesPerThrowable(int v) {
            maxFramesPerThrowable = atLeast(v, 0, "maxFramesPerThrowable");
            return this;
        }

        public Builder maxCauseDepth(int v) {
            maxCauseDepth = atLeast(v, 0, "maxCauseDepth");
            return this;
        }

        public Builder maxSuppressed(int v) {
            maxSuppressed = atLeast(v, 0, "maxSuppressed");
            return this;
        }

        public Builder maxThrowables(int v) {
            maxThrowables = atLeast(v, 1, "maxThrowables");
            return this;
        }

        private static int atLeast(int v, int min, String name) {
            if (v < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ": " + v);
            }
            return v;
        }

        public SanitizerSettings build() {
            return new SanitizerSettings(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SanitizerSettings)) {
            return false;
        }
        SanitizerSettings s = (SanitizerSettings) o;
        return keepMessages == s.keepMessages && caseInsensitivePaths == s.caseInsensitivePaths
                && maxMessageLength == s.maxMessageLength
                && maxFramesPerThrowable == s.maxFramesPerThrowable
                && maxCauseDepth == s.maxCauseDepth && maxSuppressed == s.maxSuppressed
                && maxThrowables == s.maxThrowables && Objects.equals(cwd, s.cwd)
                && Objects.equals(home, s.home) && Objects.equals(tmpDir, s.tmpDir)
                && Objects.equals(userName, s.userName) && Objects.equals(hostName, s.hostName)
                && environment.equals(s.environment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cwd, home, tmpDir, userName, hostName, keepMessages,
                caseInsensitivePaths, maxMessageLength, maxFramesPerThrowable, maxCauseDepth,
                maxSuppressed, maxThrowables);
    }
}
