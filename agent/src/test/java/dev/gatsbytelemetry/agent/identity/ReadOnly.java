package dev.gatsbytelemetry.agent.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;

/** Makes a directory read-only, skipping the test where permissions are not enforced (root, Windows). */
final class ReadOnly {

    private ReadOnly() {}

    static void makeReadOnlyOrSkip(Path dir) throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"),
                "POSIX permissions unsupported here");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path probe = dir.resolve(".probe");
        boolean enforced;
        try {
            Files.createFile(probe);
            Files.delete(probe);
            enforced = false;
        } catch (IOException e) {
            enforced = true;
        }
        if (!enforced) {
            restore(dir);
        }
        Assumptions.assumeTrue(enforced, "permissions are not enforced for this user (probably root)");
    }

    static void restore(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
