package dev.gatsbytelemetry.agent.sanitizer;

/** A replacement of the characters {@code [start, end)} by {@code text}, counted under {@code kind}. */
record Edit(int start, int end, String text, RedactionKind kind) {
}
