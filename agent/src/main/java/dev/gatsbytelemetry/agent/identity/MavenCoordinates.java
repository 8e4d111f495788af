package dev.gatsbytelemetry.agent.identity;

/**
 * A jar's Maven coordinates as its {@code pom.properties} gives them; each part is a Maven
 * coordinate word ({@code [A-Za-z0-9._-]}), so nothing else a jar might carry can pass for one.
 *
 * @param groupId    e.g. {@code com.puppycrawl.tools}
 * @param artifactId e.g. {@code checkstyle}
 * @param version    e.g. {@code 12.3.1}
 */
public record MavenCoordinates(String groupId, String artifactId, String version) {

    private static final int MAX_PART = 100;

    /** The coordinates, or null when a part is missing or not shaped like a coordinate. */
    static MavenCoordinates of(String groupId, String artifactId, String version) {
        String g = word(groupId);
        String a = word(artifactId);
        String v = word(version);
        return g == null || a == null || v == null ? null : new MavenCoordinates(g, a, v);
    }

    /** {@code groupId:artifactId@version}, the form the metadata event's {@code plugins} use. */
    public String nameAtVersion() {
        return groupId + ":" + artifactId + "@" + version;
    }

    private static String word(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_PART) {
            return null;
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return null;
            }
        }
        return trimmed;
    }
}
