package dev.gatsbytelemetry.agent.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file rules on real files. Runs as root in CI, which bypasses permission bits: these tests
 * check modes, types and links, never that a permission is refused.
 */
class PrivateFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void readsRegularFilesOnlyNeverThroughALinkAndBounded() throws Exception {
        Path file = Files.writeString(dir.resolve("a.json"), "{}");
        assertThat(PrivateFiles.read(file, 2)).isEqualTo("{}".getBytes());
        assertThat(PrivateFiles.read(dir.resolve("absent"), 10)).isNull();
        assertThatThrownBy(() -> PrivateFiles.read(file, 1)).isInstanceOf(UnsafeFileException.class)
                .hasMessageContaining("larger than 1 bytes");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), file);
        assertThatThrownBy(() -> PrivateFiles.read(link, 10)).hasMessageContaining("is a symbolic link");
        assertThatThrownBy(() -> PrivateFiles.read(dir, 10)).hasMessageContaining("is not a regular file");
        assertThatThrownBy(() -> PrivateFiles.read(Path.of("/dev/zero"), 10)).hasMessageContaining("is not a regular file");
        assertThat(PrivateFiles.read(file.resolve("below-a-file"), 10)).as("a file where a folder should be").isNull();
    }

    @Test
    void writesArePrivateAndReplaceALinkInsteadOfWritingThroughIt() throws Exception {
        Path target = Files.writeString(dir.resolve("victim"), "precious");
        Path link = Files.createSymbolicLink(dir.resolve("config.json"), target);

        PrivateFiles.writeAtomically(link, "{}".getBytes());

        assertThat(Files.readString(target)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(Files.readString(link)).isEqualTo("{}");
        assertThat(mode(link)).isEqualTo("rw-------");
        assertThatThrownBy(() -> PrivateFiles.writeNew(link, new byte[1])).as("never over an existing file")
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    @Test
    void aLockOrCounterLinkIsRefusedAndNothingIsCreatedAtItsTarget() throws Exception {
        Path absentTarget = dir.resolve("created-through-link");
        Path link = Files.createSymbolicLink(dir.resolve("config.json.lock"), absentTarget);
        assertThatThrownBy(() -> PrivateFiles.openForUpdate(link)).hasMessageContaining("is a symbolic link");
        assertThat(absentTarget).doesNotExist();
        try (FileChannel channel = PrivateFiles.openForUpdate(dir.resolve("counter"))) {
            assertThat(channel.size()).isZero();
        }
        assertThat(mode(dir.resolve("counter"))).isEqualTo("rw-------");
    }

    @Test
    void foldersAreCreated0700AndOnlyTheUsersOwnPrivateFoldersAreUsed() throws Exception {
        Path state = dir.resolve("state");
        PrivateFiles.createFolder(state);
        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(PrivateFiles.folderProblem(state)).isNull();

        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThat(PrivateFiles.folderProblem(state)).isEqualTo("is writable by group or others (mode 775)");
        assertThatThrownBy(() -> PrivateFiles.createFolder(state)).hasMessageContaining("writable by group");

        Path link = Files.createSymbolicLink(dir.resolve("linked"), dir);
        assertThat(PrivateFiles.folderProblem(link)).isEqualTo("is a symbolic link");
        assertThat(PrivateFiles.folderProblem(Files.writeString(dir.resolve("f"), ""))).isEqualTo("is not a folder");
        assertThat(PrivateFiles.folderProblem(dir.resolve("absent"))).isEqualTo(PrivateFiles.ABSENT);
        assertThat(PrivateFiles.parentProblem(Path.of("/tmp"))).as("root's sticky /tmp may hold private folders").isNull();
    }

    @Test
    void aFolderOwnedByAnotherUserIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "chown to another uid needs root");
        Path theirs = dir.resolve("theirs");
        PrivateFiles.createFolder(theirs);
        Files.setAttribute(theirs, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        assertThat(PrivateFiles.folderProblem(theirs)).isEqualTo("is owned by another user (uid 65534)");
    }

    @Test
    void theStateFolderMakesItsSubfoldersPrivateAndRefusesALinkedOne() throws Exception {
        StateFolder folder = new StateFolder(dir.resolve("xdg/gatsby-telemetry-agent"));
        Path events = folder.create(StateFolder.EVENTS);
        assertThat(mode(events)).isEqualTo("rwx------");
        assertThat(mode(folder.path())).isEqualTo("rwx------");
        assertThat(folder.problem(StateFolder.EVENTS)).isNull();

        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path hooked = Files.createSymbolicLink(folder.path().resolve(StateFolder.HOOKED_CLASSES), elsewhere);
        assertThat(folder.problem(StateFolder.HOOKED_CLASSES)).isEqualTo(hooked + " is a symbolic link");
        assertThatThrownBy(() -> StateFolder.ensure(hooked)).hasMessageContaining("is a symbolic link");
        assertThat(StateFolder.usable(hooked)).isFalse();
    }
}
