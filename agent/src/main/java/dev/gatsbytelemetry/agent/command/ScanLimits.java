package dev.gatsbytelemetry.agent.command;

/**
 * How much a {@link StringConstantScanner} may read, and until when. The deadline is asked for again
 * before every class file, so the owner may bring it forward while a scan runs (the JVM is exiting).
 */
public interface ScanLimits {

    /** Most class files read in one scan. */
    int MAX_CLASS_FILES = 20_000;

    /** Most class-file bytes (inflated) read in one scan: a large tool's jar, many times over. */
    long MAX_BYTES = 64L * 1024 * 1024;

    /** Class files larger than this are skipped (no tool keeps its command words in one). */
    int MAX_CLASS_FILE_SIZE = 2 * 1024 * 1024;

    /** Whether the scan must stop now; the answer is then "not found" for every word still open. */
    boolean expired();
}
