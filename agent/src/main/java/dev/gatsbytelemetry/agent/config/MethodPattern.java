package dev.gatsbytelemetry.agent.config;

import java.util.Objects;

/**
 * One {@code fully.qualified.Class#method[=name]} pattern, where {@code *} matches any run of
 * characters within the class part or the method part. Immutable.
 */
public final class MethodPattern {

    private final String source;
    private final String classGlob;
    private final String internalClassGlob;
    private final String methodGlob;
    private final String name;

    private MethodPattern(String source, String classGlob, String methodGlob, String name) {
        this.source = source;
        this.classGlob = classGlob;
        this.internalClassGlob = classGlob.replace('.', '/');
        this.methodGlob = methodGlob;
        this.name = name;
    }

    /**
     * Parses one pattern.
     *
     * @throws IllegalArgumentException with a message fit to show the user when the text is not a pattern
     */
    public static MethodPattern parse(String text) {
        String trimmed = text.trim();
        String name = null;
        int equals = trimmed.indexOf('=');
        String target = trimmed;
        if (equals >= 0) {
            name = trimmed.substring(equals + 1).trim();
            target = trimmed.substring(0, equals).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty name after '='");
            }
        }
        int hash = target.indexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("expected Class#method");
        }
        if (target.indexOf('#', hash + 1) >= 0) {
            throw new IllegalArgumentException("more than one '#'");
        }
        String classPart = target.substring(0, hash);
        String methodPart = target.substring(hash + 1);
        if (classPart.isEmpty() || methodPart.isEmpty()) {
            throw new IllegalArgumentException("class and method must both be given");
        }
        checkChars(classPart, true);
        checkChars(methodPart, false);
        if (classPart.startsWith(".") || classPart.endsWith(".") || classPart.contains("..")) {
            throw new IllegalArgumentException("malformed class name '" + classPart + "'");
        }
        return new MethodPattern(trimmed, classPart, methodPart, name);
    }

    private static void checkChars(String part, boolean dotsAllowed) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = Character.isJavaIdentifierPart(c) || c == '*' || (dotsAllowed && c == '.');
            if (!ok) {
                throw new IllegalArgumentException("unexpected character '" + c + "' in '" + part + "'");
            }
        }
    }

    /** The pattern as the user wrote it. */
    public String source() {
        return source;
    }

    /** The class part with dots, e.g. {@code com.example.*Builder}. */
    public String classGlob() {
        return classGlob;
    }

    public String methodGlob() {
        return methodGlob;
    }

    /** Whether the class part has no wildcard, so it names exactly one class. */
    public boolean isExactClass() {
        return classGlob.indexOf('*') < 0;
    }

    /** The name given after {@code =}, or {@code null}. */
    public String explicitName() {
        return name;
    }

    /** Matches a class name in the JVM's internal form ({@code com/example/Foo}). */
    public boolean matchesInternalClassName(String internalName) {
        return Glob.matches(internalClassGlob, internalName);
    }

    public boolean matchesMethod(String methodName) {
        return Glob.matches(methodGlob, methodName);
    }

    /** The name events use for a method matched by this pattern. */
    public String nameFor(String internalClassName, String methodName) {
        if (name != null) {
            return name;
        }
        int slash = internalClassName.lastIndexOf('/');
        String simple = internalClassName.substring(slash + 1);
        int dollar = simple.lastIndexOf('$');
        if (dollar >= 0 && dollar < simple.length() - 1) {
            simple = simple.substring(dollar + 1);
        }
        return simple + "#" + methodName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodPattern && ((MethodPattern) o).source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source);
    }

    @Override
    public String toString() {
        return source;
    }

    /** {@code *}-only glob matching without regular expressions: called for every class the JVM loads. */
    static final class Glob {
        private Glob() {
        }

        static boolean matches(String glob, String text) {
            int g = 0;
            int t = 0;
            int starG = -1;
            int starT = 0;
            while (t < text.length()) {
                if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                    g++;
                    t++;
                } else if (g < glob.length() && glob.charAt(g) == '*') {
                    starG = g++;
                    starT = t;
                } else if (starG >= 0) {
                    g = starG + 1;
                    t = ++starT;
                } else {
                    return false;
                }
            }
            while (g < glob.length() && glob.charAt(g) == '*') {
                g++;
            }
            return g == glob.length();
        }
    }
}
