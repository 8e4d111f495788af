package dev.gatsbytelemetry.collector.storage;

import java.sql.SQLException;

/**
 * A row appended on the assumption that its key was new hit a key already stored (see
 * {@link JdbcEventConsumer.BulkInsert#assumingNewKeys}): the transaction is rolled back and written
 * again the conflict-checked way.
 */
public final class KeyConflictException extends SQLException {

    private static final long serialVersionUID = 1L;

    private final String table;

    public KeyConflictException(String table, SQLException cause) {
        super("a key appended to " + table + " is stored already: " + cause.getMessage(), cause);
        this.table = table;
    }

    /** The table whose key was stored already. */
    public String table() {
        return table;
    }
}
