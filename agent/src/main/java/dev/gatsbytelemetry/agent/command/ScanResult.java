package dev.gatsbytelemetry.agent.command;

import java.util.Set;

/**
 * What a {@link StringConstantScanner} found: the words seen as string constants, whether the scan
 * read everything it was meant to ({@code complete}; a word not found in an incomplete scan may still
 * be in the code, so it must be treated as unknown), and what it cost, for debug output and benchmarks.
 */
public final class ScanResult {

    private final Set<String> found;
    private final boolean complete;
    private final int classFiles;
    private final long bytes;

    ScanResult(Set<String> found, boolean complete, int classFiles, long bytes) {
        this.found = Set.copyOf(found);
        this.complete = complete;
        this.classFiles = classFiles;
        this.bytes = bytes;
    }

    static ScanResult nothing() {
        return new ScanResult(Set.of(), false, 0, 0);
    }

    /** The words found as {@code CONSTANT_Utf8} entries. */
    public Set<String> found() {
        return found;
    }

    /** Whether every class file was read (or every word was found before the end). */
    public boolean complete() {
        return complete;
    }

    /** Class files read. */
    public int classFiles() {
        return classFiles;
    }

    /** Class-file bytes read (after inflating). */
    public long bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "found " + found.size() + ", " + (complete ? "complete" : "incomplete") + ", " + classFiles
                + " class files, " + bytes / 1024 + " KiB";
    }
}
