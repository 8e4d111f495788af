package dev.gatsbytelemetry.collector.storage;

import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import dev.gatsbytelemetry.collector.storage.postgres.PostgresStorage;
import java.nio.file.Path;
import java.sql.SQLException;

/** Picks the backend from {@code --db}: a {@code jdbc:postgresql:} URL, else a DuckDB file path. */
public final class StorageFactory {

    private StorageFactory() {
    }

    /** @param duckDbMemoryMb the DuckDB file's memory bound in MiB (ignored for PostgreSQL) */
    public static StorageComponent open(String database, long duckDbMemoryMb) throws SQLException {
        if (database.startsWith("jdbc:postgresql:")) {
            return PostgresStorage.open(database);
        }
        if (database.startsWith("jdbc:")) {
            throw new SQLException("unsupported database URL (only jdbc:postgresql: or a DuckDB file): "
                    + database.replaceFirst("\\?.*", ""));
        }
        return DuckDbStorage.open(Path.of(database), duckDbMemoryMb);
    }
}
