package dev.gatsbytelemetry.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL 15 started by the test itself: {@code initdb} into a fresh folder, {@code pg_ctl}
 * on a free loopback port, trust authentication, sockets in the data folder. PostgreSQL refuses to
 * run as root, so as root (CI) the binaries run as the {@code postgres} user through {@code runuser}.
 * Without the binaries (Debian's {@code postgresql} package) the calling test is skipped, saying so.
 */
public final class PostgresServer implements AutoCloseable {

    public static final Path BIN = Path.of(System.getProperty("postgres.bin", "/usr/lib/postgresql/15/bin"));

    private final Path dataDir;
    private final int port;

    private PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a fresh server, or skips the test when PostgreSQL 15 is not installed. */
    public static PostgresServer start() {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("initdb")),
                "PostgreSQL 15 binaries not found in " + BIN + " (apt-get install postgresql): test skipped");
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "collector-pg-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path data = dir.resolve("data");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "postgres", dir.toString()), false);
            }
            int port = freePort();
            run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--no-sync"), root);
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start"), root);
            PostgresServer server = new PostgresServer(data, port);
            server.sql("postgres", "CREATE DATABASE telemetry");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDBC URL for database {@code telemetry}. */
    public String url() {
        return url("telemetry");
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** Creates another empty database on this server and returns its URL. */
    public String newDatabase(String name) {
        sql("postgres", "CREATE DATABASE " + name);
        return url(name);
    }

    public void sql(String database, String statement) {
        try (Connection connection = DriverManager.getConnection(url(database));
                Statement s = connection.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    public long count(String database, String query) {
        try (Connection connection = DriverManager.getConnection(url(database));
                Statement s = connection.createStatement();
                ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (fast shutdown) and deletes its folder. */
    @Override
    public void close() {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), root);
        } finally {
            deleteTree(dataDir.getParent());
        }
    }

    /** Stops the server without deleting anything: storage "goes down". */
    public void stopOnly() {
        boolean root = "root".equals(System.getProperty("user.name"));
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), root);
    }

    private static void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(full + " failed:\n" + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
