package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's buffers live outside the Java heap, so {@code -Xmx} does not bound them and DuckDB's own
 * default is 80% of the machine: the collector sets a bound, and its start line shows the one in force.
 */
class DuckDbMemoryLimitTest {

    @TempDir
    Path dir;

    @Test
    void theBoundGivenIsTheOneDuckDbApplies() throws Exception {
        try (DuckDbStorage storage = DuckDbStorage.open(dir.resolve("small.duckdb"), 128)) {
            assertThat(storage.describe()).contains("memory limit 128.0 MiB");
        }
    }

    @Test
    void theDefaultIsOneGibibyte() throws Exception {
        try (DuckDbStorage storage = DuckDbStorage.open(dir.resolve("default.duckdb"))) {
            assertThat(storage.describe()).contains("memory limit 1.0 GiB");
        }
    }
}
