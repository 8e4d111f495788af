package dev.gatsbytelemetry.agent.command;

import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.files.StateFolder;
import dev.gatsbytelemetry.agent.identity.HmacSha256;
import dev.gatsbytelemetry.agent.identity.Sha256;
import dev.gatsbytelemetry.agent.instrumentation.HookedClassKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command-word decisions of earlier runs that reported a word, kept so that a later run with
 * exactly the same inputs skips the tool-code scan and the sanitizer's verdict (~5 ms of the
 * recorder thread's CPU on every {@code sitegen build}, docs/architecture.md, "Startup", session 5).
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>An entry is an HMAC-SHA256 tag, in hex, one a line, under the user's random key (the one
 *       that authenticates the hooked-class cache, read from the private config file; with its own
 *       domain string, so a tag of one use is never valid for the other). Nothing else is stored:
 *       not the word, not the jar's path. Without the key an entry can be neither read nor
 *       forged; a line that is not a tag of this run's inputs simply never matches.</li>
 *   <li>The tag covers every input of the decision ({@code CommandResolver}): the agent build; the
 *       tool's jar (absolute path, size, modification time in nanoseconds, file key) and entry
 *       class; the candidate words in order and which one was chosen; and everything the
 *       sanitizer's verdict reads: {@code user.name}, {@code user.dir}, {@code user.home},
 *       {@code java.io.tmpdir}, {@code os.name}, {@code /etc/hostname} and the whole environment
 *       (names and values: a new secret in a variable gives another tag). So a changed input can
 *       only miss, never reuse an old verdict. The check that no file of the word's name exists
 *       runs on every run before this, as it depends on the working directory's content.</li>
 *   <li>Only decisions that reported a word after a complete scan are kept. A word that was not
 *       reported is the user's own text, perhaps private: no trace of it is written. Tools run as a
 *       directory of classes or a source file are not kept (no cheap identity for their code).</li>
 *   <li>Bounded: at most {@value #MAX_ENTRIES} lines, read with {@link PrivateFiles#read} (a
 *       regular file of at most {@value #MAX_BYTES} bytes, never through a link) in a state folder
 *       that is the user's own ({@link StateFolder#usable}); written 0600 through a temporary file
 *       and an atomic rename, newest first, so old entries fall off.</li>
 * </ul>
 * Not thread-safe: one command word is decided per run, under {@code CommandName}'s lock.
 */
public final class KnownCommandWords {

    /** The file's name inside the agent's state folder. */
    public static final String FILE_NAME = "command-words.txt";

    static final int MAX_ENTRIES = 64;
    private static final int TAG_HEX = 64;
    static final int MAX_BYTES = MAX_ENTRIES * (TAG_HEX + 1);
    private static final int MAX_HOSTNAME_BYTES = 256;
    private static final String DOMAIN = "gatsby-telemetry-agent command word decision v1";
    private static final String[] PROPERTIES = {"user.name", "user.dir", "user.home", "java.io.tmpdir", "os.name"};
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path file;
    private final byte[] key;
    private final String agentBuild;
    private List<String> entries;

    /**
     * @param file       the cache file in the agent's state folder; null turns the cache off
     * @param storedKey  the user's key as stored in the config file (Base64 of 32 bytes); null or
     *                   malformed turns the cache off (it is made the first time a class is cached)
     * @param agentBuild the agent build's fingerprint; null turns the cache off
     */
    public KnownCommandWords(Path file, String storedKey, String agentBuild) {
        byte[] decoded = HookedClassKey.decode(storedKey);
        boolean on = file != null && decoded != null && agentBuild != null;
        this.file = on ? file : null;
        this.key = on ? decoded : null;
        this.agentBuild = agentBuild;
    }

    /**
     * One tag per candidate, {@code tags[i]} standing for "of these candidates, with these inputs,
     * word {@code i} is reported"; null when such a decision cannot be kept (the cache is off, the
     * code is not a jar, an input cannot be read). Never throws.
     */
    public String[] tags(ToolCode code, List<String> candidates, Map<String, String> sanitizerEnvironment) {
        if (key == null || code == null || code.jar() == null || candidates.isEmpty()) {
            return null;
        }
        try {
            byte[] inputs = Sha256.digest(inputs(code, candidates, sanitizerEnvironment));
            String[] tags = new String[candidates.size()];
            byte[] message = Arrays.copyOf(inputs, inputs.length + 4);
            for (int i = 0; i < tags.length; i++) {
                message[inputs.length] = (byte) (i >>> 24);
                message[inputs.length + 1] = (byte) (i >>> 16);
                message[inputs.length + 2] = (byte) (i >>> 8);
                message[inputs.length + 3] = (byte) i;
                tags[i] = hex(HmacSha256.mac(key, message));
            }
            return tags;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The index of the candidate an earlier run reported with the same inputs, or -1. Never throws. */
    public int knownChoice(String[] tags) {
        if (tags == null) {
            return -1;
        }
        List<String> known = entries();
        for (int i = 0; i < tags.length; i++) {
            if (known.contains(tags[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Keeps {@code tag} first in the file (written at once: a run decides one word). Never throws. */
    public boolean remember(String tag) {
        if (file == null || tag == null) {
            return false;
        }
        List<String> kept = new ArrayList<>(entries());
        kept.remove(tag);
        kept.add(0, tag);
        while (kept.size() > MAX_ENTRIES) {
            kept.remove(kept.size() - 1);
        }
        entries = kept;
        StringBuilder text = new StringBuilder(kept.size() * (TAG_HEX + 1));
        for (String entry : kept) {
            text.append(entry).append('\n');
        }
        try {
            Path folder = file.getParent();
            if (folder == null) {
                return false;
            }
            new StateFolder(folder).create(null); // 0700, the user's own, no link: else refused
            PrivateFiles.writeAtomically(file, text.toString().getBytes(StandardCharsets.US_ASCII));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The tags in the file: only well-formed lines, at most {@value #MAX_ENTRIES}; empty when unusable. */
    List<String> entries() {
        if (entries != null) {
            return entries;
        }
        List<String> read = new ArrayList<>();
        if (file != null) {
            try {
                Path folder = file.getParent();
                byte[] bytes = folder != null && StateFolder.usable(folder) ? PrivateFiles.read(file, MAX_BYTES) : null;
                if (bytes != null) {
                    for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
                        if (read.size() < MAX_ENTRIES && isTag(line)) {
                            read.add(line);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                read.clear(); // a link, a FIFO, too large: nothing known, the next remember replaces it
            }
        }
        entries = read;
        return read;
    }

    private byte[] inputs(ToolCode code, List<String> candidates, Map<String, String> environment) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        DataOutputStream out = new DataOutputStream(bytes);
        text(out, DOMAIN);
        text(out, agentBuild);
        Path jar = code.jar().toPath().toAbsolutePath().normalize();
        BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class, NO_FOLLOW);
        text(out, jar.toString());
        out.writeLong(attributes.size());
        out.writeLong(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        text(out, String.valueOf(attributes.fileKey()));
        text(out, code.entryResource());
        out.writeInt(candidates.size());
        for (String word : candidates) {
            text(out, word);
        }
        for (String property : PROPERTIES) {
            text(out, System.getProperty(property));
        }
        byte[] hostname = etcHostname();
        out.writeInt(hostname.length);
        out.write(hostname);
        // in the map's own order, not sorted (sorting cost ~1 ms of CPU here): the same variables in
        // another order can only miss, and the verdict read this very map in this order
        out.writeInt(environment.size());
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            text(out, variable.getKey());
            text(out, variable.getValue());
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** The first bytes of {@code /etc/hostname}, which the sanitizer reads when the environment names no host. */
    private static byte[] etcHostname() {
        try (FileInputStream in = new FileInputStream("/etc/hostname")) {
            return in.readNBytes(MAX_HOSTNAME_BYTES);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    /** Length-prefixed, so that no two different input lists serialize alike; null differs from empty. */
    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static boolean isTag(String line) {
        if (line.length() != TAG_HEX) {
            return false;
        }
        for (int i = 0; i < TAG_HEX; i++) {
            char c = line.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return new String(out);
    }
}
