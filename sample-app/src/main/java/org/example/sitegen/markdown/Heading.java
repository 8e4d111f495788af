package org.example.sitegen.markdown;

/** A heading found while rendering, used for the table of contents. */
public record Heading(int level, String text, String id) {
}
