package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatsbytelemetry.collector.config.CollectorConfig;
import dev.gatsbytelemetry.collector.config.CollectorConfigParser;
import dev.gatsbytelemetry.collector.config.ConfigException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorConfigParserTest {

    @Test
    void defaultsAreLoopbackPort8787DuckDbAnd400Days() {
        CollectorConfig config = CollectorConfigParser.parse(List.of());

        assertThat(config.bind().isLoopbackAddress()).isTrue();
        assertThat(config.port()).isEqualTo(8787);
        assertThat(config.database()).isEqualTo("telemetry.duckdb");
        assertThat(config.postgres()).isFalse();
        assertThat(config.retention()).isEqualTo(Duration.ofDays(400));
        assertThat(config.limits().maxCompressedBytes()).isEqualTo(5L << 20);
        assertThat(config.limits().maxDecompressedBytes()).isEqualTo(50L << 20);
        assertThat(config.ingestToken()).isEmpty();
        assertThat(config.dbMemoryMb()).isEqualTo(1024);
    }

    @Test
    void duckDbMemoryBoundIsSetAndHasAFloor() {
        assertThat(CollectorConfigParser.parse(List.of("--db-memory-mb", "256")).dbMemoryMb()).isEqualTo(256);
        assertThatThrownBy(() -> CollectorConfigParser.parse(List.of("--db-memory-mb", "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--db-memory-mb");
    }

    @Test
    void flagsInBothSpellings() {
        CollectorConfig config = CollectorConfigParser.parse(List.of("--port=9000", "--db",
                "jdbc:postgresql://127.0.0.1/t?user=u", "--retention-days", "30", "--ingest-token", "i",
                "--bind", "::1"));

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.postgres()).isTrue();
        assertThat(config.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.ingestToken()).contains("i");
        assertThat(config.bind().isLoopbackAddress()).isTrue();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> CollectorConfigParser.parse(List.of("--prot", "1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--prot");
        assertThatThrownBy(() -> CollectorConfigParser.parse(List.of("--port", "70000"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> CollectorConfigParser.parse(List.of("--retention-days", "0")))
                .hasMessageContaining("--retention-days");
        assertThatThrownBy(() -> CollectorConfigParser.parse(List.of("--port"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> CollectorConfigParser.parse(List.of("--bind", "0.0.0.0", "--read-token", " ")))
                .hasMessageContaining("--read-token");
    }
}
