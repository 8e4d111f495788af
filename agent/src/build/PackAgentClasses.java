import dev.gatsbytelemetry.agent.AgentClassLoader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step (run by the agent's pom after shading, as a single-file source program with the agent's
 * classes on the class path): writes the final agent jar from the shaded one, every entry stored
 * (not deflated), the manifest first, and the agent's own class files moved into one pack,
 * {@code AgentClassLoader.PACK}, with their offsets in {@code AgentClassLoader.INDEX}, which the
 * agent's class loader reads at once. Only
 * {@code AgentClassLoader.LAUNCHER_CLASSES} stay as class entries of the agent's package; the
 * bundled (relocated) ASM stays as it is, read only on a first run.
 *
 * <p>Usage: {@code java -cp target/classes src/build/PackAgentClasses.java SHADED_JAR OUTPUT_JAR}
 */
public final class PackAgentClasses {

    private static final String AGENT = "dev/gatsbytelemetry/agent/";
    private static final String SHADED = AGENT + "shaded/";

    public static void main(String[] args) throws IOException {
        List<String> launcher = new ArrayList<>();
        for (String name : AgentClassLoader.LAUNCHER_CLASSES) {
            launcher.add(name.replace('.', '/') + ".class");
        }
        ByteArrayOutputStream pack = new ByteArrayOutputStream();
        ByteArrayOutputStream index = new ByteArrayOutputStream();
        DataOutputStream indexOut = new DataOutputStream(index);
        int packed = 0;
        try (ZipFile in = new ZipFile(args[0]);
             ZipOutputStream out = new ZipOutputStream(new FileOutputStream(args[1]))) {
            out.setMethod(ZipOutputStream.STORED);
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                entries.add(e.nextElement());
            }
            if (in.getEntry(AgentClassLoader.PACK) != null) {
                throw new IOException(args[0] + " is packed already: build the jar again from the classes");
            }
            ZipEntry manifest = in.getEntry("META-INF/MANIFEST.MF");
            if (manifest == null) {
                throw new IOException("no manifest in " + args[0]);
            }
            write(out, "META-INF/MANIFEST.MF", in.getInputStream(manifest).readAllBytes(), manifest.getTime());
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                byte[] data = entry.isDirectory() ? new byte[0] : in.getInputStream(entry).readAllBytes();
                boolean agentClass = name.startsWith(AGENT) && !name.startsWith(SHADED) && name.endsWith(".class");
                if (agentClass && !launcher.contains(name)) {
                    byte[] binaryName = name.substring(0, name.length() - ".class".length()).replace('/', '.')
                            .getBytes(StandardCharsets.US_ASCII);
                    indexOut.writeShort(binaryName.length);
                    indexOut.write(binaryName);
                    indexOut.writeInt(pack.size());
                    indexOut.writeInt(data.length);
                    pack.write(data);
                    packed++;
                } else {
                    write(out, name, data, entry.getTime());
                }
            }
            indexOut.flush();
            write(out, AgentClassLoader.INDEX, index.toByteArray(), manifest.getTime());
            write(out, AgentClassLoader.PACK, pack.toByteArray(), manifest.getTime());
        }
        if (packed == 0) {
            throw new IOException("no agent class packed from " + args[0]);
        }
        System.out.println("packed " + packed + " agent classes, " + pack.size() + " bytes; launcher classes "
                + Arrays.toString(AgentClassLoader.LAUNCHER_CLASSES));
    }

    private static void write(ZipOutputStream out, String name, byte[] data, long time) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        entry.setCrc(crc.getValue());
        entry.setTime(time);
        out.putNextEntry(entry);
        out.write(data);
        out.closeEntry();
    }
}
