package org.example.sitegen.content;

/**
 * A raw page as read from disk or fetched from a remote source.
 *
 * @param origin absolute file path (or URL) the text came from; used in error messages
 * @param slug   default output name, derived from the file name
 * @param text   front matter plus Markdown
 */
public record SourceFile(String origin, String slug, String text) {
}
