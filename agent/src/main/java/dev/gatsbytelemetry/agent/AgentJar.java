package dev.gatsbytelemetry.agent;

import java.io.File;

/**
 * Where the agent jar is: for reading its own class files and fingerprinting its build at startup,
 * and for messages that tell the user which command to run
 * ({@code java -jar <this path> telemetry --disable}). Never throws.
 */
public final class AgentJar {

    /** Used when the classes do not come from a jar (unit tests run from {@code target/classes}). */
    static final String FALLBACK = "gatsby-telemetry-agent.jar";

    private AgentJar() {
    }

    /**
     * The jar holding the agent's classes, or {@code null} when they do not come from a jar file
     * (unit tests run from {@code target/classes}; a custom loader without a code source).
     */
    public static File file() {
        try {
            File location = new File(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.isFile() ? location : null;
        } catch (Exception | LinkageError e) {
            return null; // no code source, or not a file URI
        }
    }

    /** The absolute path of the jar holding the agent's classes, or {@value #FALLBACK}. */
    public static String path() {
        File location = file();
        return location == null ? FALLBACK : location.toPath().toAbsolutePath().normalize().toString();
    }

    /** The opt-out command, quoted for a POSIX shell when the path needs it. */
    public static String disableCommand(String jarPath) {
        return "java -jar " + shellQuote(jarPath) + " telemetry --disable";
    }

    /** {@code text} as one word for a POSIX shell: as is when it is plain, else single-quoted. */
    public static String shellQuote(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "/._-+:@%,=".indexOf(c) >= 0;
            if (!plain) {
                return "'" + text.replace("'", "'\\''") + "'";
            }
        }
        return text;
    }
}
