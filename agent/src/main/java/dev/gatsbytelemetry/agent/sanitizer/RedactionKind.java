package dev.gatsbytelemetry.agent.sanitizer;

/** The fixed set of redaction kinds, each with its counter name and the text that replaces it. */
enum RedactionKind {
    PATH("path", null),
    USER("user", "<user>"),
    HOST("host", "<host>"),
    SECRET("secret", "[REDACTED:secret]"),
    URL_CREDENTIALS("url-credentials", "[REDACTED:url-credentials]"),
    TOKEN("token", "[REDACTED:token]"),
    PEM("pem", "[REDACTED:pem]"),
    EMAIL("email", "<email>"),
    IP("ip", "<ip>"),
    CARD("card", "<card>"),
    /** A quoted value in SQL; the quotes stay around it. */
    LITERAL("literal", "?");

    final String label;
    /** Replacement text; null for {@link #PATH}, whose needles carry their own placeholder. */
    final String replacement;

    RedactionKind(String label, String replacement) {
        this.label = label;
        this.replacement = replacement;
    }
}
