package dev.gatsbytelemetry.agent.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Every file operation the agent performs on its state: never through a symbolic link, only on
 * regular files, with a size bound checked before reading, and creating folders 0700 and files
 * 0600 whatever the umask.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>Java cannot open a file with {@code O_NONBLOCK}, and opening a FIFO blocks until the other
 *       end appears. So every open is preceded by an attribute read that does not follow links
 *       ({@link LinkOption#NOFOLLOW_LINKS}) and refuses anything but a regular file. Writes, locks
 *       and counters also open with {@code NOFOLLOW_LINKS} ({@code O_NOFOLLOW}), so a link swapped
 *       in after the check fails instead of being followed; reads use a plain stream (the channel
 *       classes cost a cold JVM ~2.5 ms, and the config file is read in premain), so for them a
 *       link or FIFO swapped in between the check and the open would be followed: possible only for
 *       someone who can write the folder, which {@link #folderProblem} makes the user alone.</li>
 *   <li>Modes are given at creation ({@code open(2)}'s and {@code mkdir(2)}'s mode argument, then
 *       masked by the umask, which can only remove bits), never fixed afterwards, so there is no
 *       moment when a file is readable by others. Renames keep a file's mode.</li>
 *   <li>{@code Files.delete} and {@code rename(2)} act on a link itself, never on its target.</li>
 *   <li>File systems without POSIX permissions (Windows) get the platform's defaults.</li>
 * </ul>
 */
public final class PrivateFiles {

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_DIRECTORY = 0040000;
    private static final int TYPE_LINK = 0120000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;

    /** Looked up once, on first use: whether the default file system has POSIX modes. */
    private static final class Posix {
        static final boolean SUPPORTED = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
        static final int UID = ownUid();

        private static int ownUid() {
            try {
                // /proc/self is the process's own directory, owned by its effective uid (Linux)
                return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /**
     * The modes new files and folders are created with, apart from {@link Posix}: only writes need
     * them, and premain only reads (checks), so its every run does not load the permission classes.
     */
    private static final class Modes {
        static final FileAttribute<Set<java.nio.file.attribute.PosixFilePermission>> FILE =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        static final FileAttribute<Set<java.nio.file.attribute.PosixFilePermission>> FOLDER =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    }

    private PrivateFiles() {
    }

    /**
     * The content of a regular file, at most {@code maxBytes}; null when the file does not exist.
     *
     * @throws UnsafeFileException when it is a link, not a regular file, or larger than {@code maxBytes}
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.file.FileSystemException e) {
            if (notADirectory(e)) {
                return null; // a file where a parent folder should be: this file cannot exist
            }
            throw e;
        }
        requireRegular(file, attributes);
        if (attributes.size() > maxBytes) {
            throw new UnsafeFileException(file, "is larger than " + maxBytes + " bytes");
        }
        // A stream, not Files.newByteChannel: the channel classes cost a cold JVM ~2.5 ms, and this
        // runs in premain. The check above has just refused links and non-regular files; the
        // size may still have grown since, or lie: read one byte more than allowed.
        try (java.io.FileInputStream in = new java.io.FileInputStream(file.toFile())) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new UnsafeFileException(file, "is larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (java.io.FileNotFoundException e) {
            if (Files.notExists(file, NO_FOLLOW)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Writes {@code content} to {@code target} crash-safely: a new private temporary file beside it,
     * then an atomic rename over it (which replaces a link at {@code target}, never its target).
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(System.nanoTime()) + ".part");
        try {
            writeNew(temp, content);
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates {@code file} (it must not exist: {@code O_EXCL}, which never follows a link), mode 0600, and writes it. */
    public static void writeNew(Path file, byte[] content) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try (SeekableByteChannel out = Posix.SUPPORTED
                ? Files.newByteChannel(file, options, Modes.FILE) : Files.newByteChannel(file, options)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    /** Renames atomically where the file system can, else replaces. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Opens a small file for reading and writing in place (a lock file, a counter), creating it 0600
     * when absent.
     *
     * @throws UnsafeFileException when something other than a regular file is there
     */
    public static FileChannel openForUpdate(Path file) throws IOException {
        try {
            requireRegular(file, Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW));
        } catch (NoSuchFileException e) {
            // created below
        }
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return Posix.SUPPORTED ? FileChannel.open(file, options, Modes.FILE) : FileChannel.open(file, options);
    }

    /** Whether {@code path} is a regular file itself (a link to one is not). */
    public static boolean isRegularFile(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW).isRegularFile();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The size of a regular file; -1 when it is absent, a link or not a regular file. */
    public static long regularFileSize(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
            return attributes.isRegularFile() ? attributes.size() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Makes sure {@code folder} exists as a private folder of this user: creates it 0700 when absent
     * (its parent must already be usable: the caller creates folders top-down), then checks it.
     *
     * @throws UnsafeFileException saying why the folder must not be used
     */
    public static void createFolder(Path folder) throws IOException {
        String problem = folderProblem(folder);
        if (problem == null) {
            return;
        }
        if (problem.equals(ABSENT)) {
            try {
                if (Posix.SUPPORTED) {
                    Files.createDirectory(folder, Modes.FOLDER);
                } else {
                    Files.createDirectory(folder);
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process made it at the same moment: check it below
            }
            problem = folderProblem(folder);
        }
        if (problem != null) {
            throw new UnsafeFileException(folder, problem);
        }
    }

    static final String ABSENT = "does not exist";

    /**
     * Why {@code folder} must not be used, in a few words, or null when it is a real folder (no
     * link) owned by this user and not writable by group or others. {@value #ABSENT} when absent.
     */
    public static String folderProblem(Path folder) {
        if (!Posix.SUPPORTED) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(folder, BasicFileAttributes.class, NO_FOLLOW);
                return attributes.isSymbolicLink() ? "is a symbolic link"
                        : attributes.isDirectory() ? null : "is not a folder";
            } catch (NoSuchFileException e) {
                return ABSENT;
            } catch (IOException | RuntimeException e) {
                return "cannot be examined (" + e.getClass().getSimpleName() + ")";
            }
        }
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(folder, "unix:mode,uid", NO_FOLLOW);
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (java.nio.file.FileSystemException e) {
            // ENOTDIR: a file where a parent folder should be, so nothing is here (creating it fails, saying why)
            return notADirectory(e) ? ABSENT
                    : "cannot be examined (" + e.getClass().getSimpleName() + ")";
        } catch (IOException | RuntimeException e) {
            return "cannot be examined (" + e.getClass().getSimpleName() + ")";
        }
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        if ((mode & TYPE_MASK) == TYPE_LINK) {
            return "is a symbolic link";
        }
        if ((mode & TYPE_MASK) != TYPE_DIRECTORY) {
            return "is not a folder";
        }
        if (!ownedByMe(folder, uid)) {
            return "is owned by another user (uid " + uid + ")";
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            return "is writable by group or others (mode " + Integer.toOctalString(mode & 0777) + ")";
        }
        return null;
    }

    /**
     * Why {@code folder} must not hold the agent's folders, or null when it is a real folder (no
     * link) owned by this user or root that nobody else can change entries of: not writable by
     * group or others, or with the sticky bit (like {@code /tmp}, where nobody may rename or delete
     * another user's entries).
     */
    public static String parentProblem(Path folder) {
        if (!Posix.SUPPORTED) {
            return folderProblem(folder);
        }
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(folder, "unix:mode,uid", NO_FOLLOW);
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (IOException | RuntimeException e) {
            return "cannot be examined (" + e.getClass().getSimpleName() + ")";
        }
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        if ((mode & TYPE_MASK) != TYPE_DIRECTORY) {
            return (mode & TYPE_MASK) == TYPE_LINK ? "is a symbolic link" : "is not a folder";
        }
        if (uid != 0 && !ownedByMe(folder, uid)) {
            return "is owned by another user (uid " + uid + ")";
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
            return "is writable by group or others (mode " + Integer.toOctalString(mode & 0777) + ")";
        }
        return null;
    }

    private static boolean ownedByMe(Path folder, int uid) {
        if (Posix.UID >= 0) {
            return uid == Posix.UID;
        }
        try { // no /proc (macOS): compare names
            return Files.getOwner(folder, NO_FOLLOW).getName().equals(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean notADirectory(java.nio.file.FileSystemException e) {
        return e.getReason() != null && e.getReason().contains("Not a directory");
    }

    private static void requireRegular(Path file, BasicFileAttributes attributes) throws UnsafeFileException {
        if (attributes.isSymbolicLink()) {
            throw new UnsafeFileException(file, "is a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            throw new UnsafeFileException(file, "is not a regular file");
        }
    }
}
