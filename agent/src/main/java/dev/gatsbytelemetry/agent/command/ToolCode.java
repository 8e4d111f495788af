package dev.gatsbytelemetry.agent.command;

import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.util.Locale;

/**
 * Where the class that started the command was loaded from: a jar, a directory of classes, the
 * source file of a single-file launch, or, when none can be named, just that class's bytes.
 *
 * <p>Found from the code source of the class as the loader that ran it defined it (a {@code file:}
 * jar or directory), else by asking each class loader for the class's resource
 * ({@code jar:file:…!/a/B.class} or {@code file:…/a/B.class}). The code source comes first because
 * it is already there: building a {@code jar:} URL for the resource cost the recorder thread ~3 ms
 * of CPU on every run (BENCHMARKS.md, "Command word check"). Runs on the recorder's thread; a loader that fails or answers nothing
 * means the code is unknown, and then no word can be shown to be the tool's own.
 */
public final class ToolCode {

    private final String entryResource;
    private final File jar;
    private final File classesDirectory;
    private final byte[] entryClassBytes;
    private final File sourceFile;

    private ToolCode(String entryResource, File jar, File classesDirectory, byte[] entryClassBytes, File sourceFile) {
        this.entryResource = entryResource;
        this.jar = jar;
        this.classesDirectory = classesDirectory;
        this.entryClassBytes = entryClassBytes;
        this.sourceFile = sourceFile;
    }

    /** A jar: every {@code .class} entry is the tool's code; {@code entryResource} is read first. */
    public static ToolCode jar(File jar, String entryResource) {
        return new ToolCode(entryResource, jar, null, null, null);
    }

    /** A directory of class files; {@code entryResource} is read first. */
    public static ToolCode directory(File root, String entryResource) {
        return new ToolCode(entryResource, null, root, null, null);
    }

    /** The entry class alone, when its loader names no file. */
    public static ToolCode singleClass(String entryResource, byte[] bytes) {
        return new ToolCode(entryResource, null, null, bytes, null);
    }

    /**
     * The code holding {@code className} (binary name, {@code a.b.Main}) as {@code loaders} see it,
     * the first loader that knows the class winning; {@code null} when none does.
     */
    public static ToolCode of(String className, ClassLoader... loaders) {
        if (className == null || className.isEmpty()) {
            return null;
        }
        String resource = className.replace('.', '/') + ".class";
        ToolCode defined = loaders.length == 0 ? null : fromCodeSource(className, loaders[0], resource);
        if (defined != null) {
            return defined;
        }
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            try {
                URL url = loader.getResource(resource);
                if (url == null) {
                    continue;
                }
                ToolCode code = fromUrl(url, resource);
                if (code != null) {
                    return code;
                }
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in != null) {
                        byte[] bytes = in.readNBytes(ScanLimits.MAX_CLASS_FILE_SIZE + 1);
                        if (bytes.length <= ScanLimits.MAX_CLASS_FILE_SIZE) {
                            return singleClass(resource, bytes);
                        }
                    }
                }
            } catch (Exception | LinkageError e) {
                // a loader we cannot ask does not name the code: try the next one
            }
        }
        return null;
    }

    /**
     * The source file of a single-file launch ({@code java App.java build}): its classes exist only
     * in memory, so the tool's string constants are the quoted literals of its source. {@code null}
     * when {@code sunJavaCommand} is no such launch or the file is not there.
     */
    public static ToolCode launchedSourceFile(String sunJavaCommand, File workingDirectory) {
        if (sunJavaCommand == null) {
            return null;
        }
        String launcher = "com.sun.tools.javac.launcher.Main ";
        int at = sunJavaCommand.indexOf(launcher);
        if (at < 0) {
            return null;
        }
        String rest = sunJavaCommand.substring(at + launcher.length());
        // the launcher reports the path unquoted: it ends at the first ".java" followed by a blank or the end
        for (int end = rest.indexOf(".java"); end > 0; end = rest.indexOf(".java", end + 1)) {
            int stop = end + 5;
            if (stop == rest.length() || rest.charAt(stop) == ' ') {
                File file = new File(rest.substring(0, stop));
                if (!file.isAbsolute()) {
                    file = new File(workingDirectory, file.getPath());
                }
                return file.isFile() ? new ToolCode(null, null, null, null, file) : null;
            }
        }
        return null;
    }

    /**
     * The jar or directory {@code loader} defined {@code className} from, if it did (the first loader
     * given is the one whose class ran the command, so the class is loaded already); else null.
     */
    private static ToolCode fromCodeSource(String className, ClassLoader loader, String resource) {
        if (loader == null) {
            return null;
        }
        try {
            Class<?> type = Class.forName(className, false, loader);
            if (type.getClassLoader() != loader) {
                return null;
            }
            java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equalsIgnoreCase(location.getProtocol())) {
                return null;
            }
            File file = new File(location.toURI());
            if (file.isFile()) {
                // JDK 22+'s source launcher names the .java file it compiled in memory: not a jar, so
                // the resource lookup below finds that file as a single-file launch (HardeningIT, JDK 25)
                return file.getName().toLowerCase(Locale.ROOT).endsWith(".jar") ? jar(file, resource) : null;
            }
            return file.isDirectory() && new File(file, resource).isFile() ? directory(file, resource) : null;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    static ToolCode fromUrl(URL url, String resource) {
        try {
            String protocol = url.getProtocol().toLowerCase(Locale.ROOT);
            if (protocol.equals("jar")) {
                String spec = url.getFile();
                int bang = spec.indexOf("!/");
                if (bang < 0 || !spec.startsWith("file:")) {
                    return null;
                }
                // a nested jar (jar:file:outer.jar!/lib/inner.jar!/…): the outer jar is the launched one
                File file = new File(new URI(spec.substring(0, bang)));
                return file.isFile() ? jar(file, spec.substring(bang + 2)) : null;
            }
            if (protocol.equals("file")) {
                File classFile = new File(url.toURI());
                String path = classFile.getPath().replace(File.separatorChar, '/');
                if (!path.endsWith("/" + resource)) {
                    return null;
                }
                File root = new File(path.substring(0, path.length() - resource.length()));
                return root.isDirectory() ? directory(root, resource) : null;
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    /** The entry class's resource name, {@code a/b/Main.class}. */
    public String entryResource() {
        return entryResource;
    }

    /** The jar, or {@code null}. */
    public File jar() {
        return jar;
    }

    /** The classes directory, or {@code null}. */
    public File classesDirectory() {
        return classesDirectory;
    }

    /** The launched source file, or {@code null}. */
    File sourceFile() {
        return sourceFile;
    }

    /** The entry class's bytes when only they are known, or {@code null}. */
    byte[] entryClassBytes() {
        return entryClassBytes;
    }

    @Override
    public String toString() {
        return jar != null ? "jar " + jar.getName() : classesDirectory != null ? "classes directory"
                : sourceFile != null ? "source file" : "one class";
    }
}
