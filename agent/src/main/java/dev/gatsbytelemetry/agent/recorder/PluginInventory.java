package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.identity.ComponentInfo;
import dev.gatsbytelemetry.agent.identity.JarCoordinatesCache;
import dev.gatsbytelemetry.agent.identity.PluginNames;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the run loaded besides the tool itself, found off the application's threads: the jars of
 * class loaders other than the tool's own, the class-path jars that carry Maven coordinates, and the
 * plugin behind an error.
 *
 * <p>Implementation notes. Nothing here runs in the class file transformer (which must stay O(1) per
 * loaded class): the loaders are found when they are needed, on the recorder's thread, from
 * {@link Instrumentation#getAllLoadedClasses()}: each class of a loader that is not the boot,
 * platform, application or agent loader contributes its {@code CodeSource} jar. The class-path part
 * opens each class-path jar once, as a background task after the run's first event, so the metadata
 * event at the end finds it done. An error's plugin is the jar of the topmost stack frame (innermost
 * cause first) that is neither the JDK's, the agent's nor the tool's own; frames are matched to
 * loaded classes by name, preferring the class whose loader has the frame's loader name. Every list
 * is bounded; jar names are read once ({@link PluginNames}). Not thread-safe: the recorder thread and
 * the exit hook take turns under the worker's lock.
 */
public final class PluginInventory {

    static final int MAX_PLUGINS = 100;
    private static final int MAX_CLASS_PATH_JARS = 200;
    private static final int MAX_CAUSES = 8;
    private static final int MAX_FRAMES = 64;

    private final Instrumentation instrumentation;
    private final boolean classPathPlugins;
    private Set<Path> toolJars;
    /*
     * Both made at first use on the recorder thread or at exit, not in premain where this inventory
     * is made (its classes and the code-source lookup were ~1 ms of the main thread's CPU).
     */
    private Path agentJar;
    private boolean agentJarKnown;
    private PluginNames names;
    private volatile List<String> classPathCoordinates;
    private final Path coordinatesCacheFile;
    private JarCoordinatesCache coordinatesCache;

    /**
     * @param instrumentation  where the loaded classes are listed; null in tests (then only the
     *                         throwables' own classes are known)
     * @param classPathPlugins whether class-path jars with Maven coordinates are listed
     * @param toolJars         the tool's own jars, never a plugin; null to find them at first use
     *                          (from the main class, which premain must not load early)
     */
    public PluginInventory(Instrumentation instrumentation, boolean classPathPlugins, Set<Path> toolJars) {
        this(instrumentation, classPathPlugins, toolJars, null);
    }

    /**
     * As {@link #PluginInventory(Instrumentation, boolean, Set)}, remembering the class-path jars'
     * coordinates between runs in {@code coordinatesCacheFile} ({@link JarCoordinatesCache}); null
     * to read every jar every run (no usable state folder).
     */
    public PluginInventory(Instrumentation instrumentation, boolean classPathPlugins, Set<Path> toolJars,
                           Path coordinatesCacheFile) {
        this.coordinatesCacheFile = coordinatesCacheFile;
        this.instrumentation = instrumentation;
        this.classPathPlugins = classPathPlugins;
        this.toolJars = toolJars == null ? null : Set.copyOf(toolJars);
    }

    private synchronized PluginNames names() {
        if (names == null) {
            names = new PluginNames();
        }
        return names;
    }

    private synchronized Path agentJar() {
        if (!agentJarKnown) {
            agentJar = PluginNames.jarOf(PluginInventory.class);
            agentJarKnown = true;
        }
        return agentJar;
    }

    /** The tool's own jars of the running JVM: its {@code -jar} jar or main class's jar; Maven's distribution. */
    private static Set<Path> toolJarsOfThisJvm() {
        String command = System.getProperty("sun.java.command", "").trim();
        String first = ComponentInfo.beforeWhitespace(command);
        Path main = null;
        try {
            main = first.toLowerCase(Locale.ROOT).endsWith(".jar") ? Path.of(first).toAbsolutePath().normalize()
                    : ComponentInfo.mainClassJar(command);
        } catch (RuntimeException ignored) {
            // no main jar, then
        }
        return toolJars(main, System.getProperty("maven.home"));
    }

    /** The tool's own jars: the jar holding the main class; for Maven, every jar of its distribution. */
    public static Set<Path> toolJars(Path mainClassJar, String mavenHome) {
        Set<Path> out = new HashSet<>();
        if (mainClassJar != null) {
            out.add(mainClassJar);
        }
        if (mavenHome != null) {
            for (String dir : new String[] {"lib", "boot"}) {
                File[] jars = new File(mavenHome, dir).listFiles();
                if (jars != null) {
                    for (File jar : jars) {
                        out.add(jar.toPath().toAbsolutePath().normalize());
                        try {
                            out.add(jar.toPath().toRealPath());
                        } catch (java.io.IOException | RuntimeException ignored) {
                            // the link's own path is enough
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Reads the class-path jars' coordinates once (a background task: it opens every jar); a scan cut
     * short by {@code deadlineNanos} is done again next time. Jars unchanged since an earlier run
     * are answered from the cache file, which is rewritten (when something changed) before the deadline.
     *
     * @return whether this call did the scan
     */
    public synchronized boolean scanClassPath(long deadlineNanos) {
        if (classPathCoordinates != null) {
            return false;
        }
        List<String> found = new ArrayList<>();
        if (classPathPlugins) {
            if (coordinatesCache == null) {
                coordinatesCache = JarCoordinatesCache.load(coordinatesCacheFile);
            }
            String classPath = System.getProperty("java.class.path", "");
            int n = 0;
            for (String entry : classPath.split(File.pathSeparator)) {
                if (n++ >= MAX_CLASS_PATH_JARS || found.size() >= MAX_PLUGINS) {
                    break;
                }
                if (System.nanoTime() - deadlineNanos >= 0) {
                    return false;
                }
                if (!entry.toLowerCase(Locale.ROOT).endsWith(".jar")) {
                    continue;
                }
                Path jar = Path.of(entry).toAbsolutePath().normalize();
                if (isToolOrAgent(jar) || !Files.isRegularFile(jar)) {
                    continue;
                }
                String coordinates = coordinatesCache.coordinatesOf(jar);
                if (coordinates != null && !found.contains(coordinates)) {
                    found.add(coordinates);
                }
            }
            if (System.nanoTime() - deadlineNanos < 0) {
                coordinatesCache.save(); // a small file: well within the deadline left
            }
        }
        classPathCoordinates = found;
        return true;
    }

    /** How the last class-path scan went, for the debug log: jars answered by the cache and jars read. */
    public synchronized String classPathCacheSummary() {
        return coordinatesCache == null ? "no scan"
                : coordinatesCache.hits() + " jars from the cache, " + coordinatesCache.misses() + " read";
    }

    /**
     * The plugins of this run: jars loaded through other class loaders, then (unless turned off) the
     * class-path jars with coordinates. Stops looking at {@code deadlineNanos}.
     */
    public List<String> plugins(long deadlineNanos) {
        Set<String> out = new LinkedHashSet<>();
        for (Path jar : jarsOfOtherLoaders(deadlineNanos)) {
            if (out.size() >= MAX_PLUGINS || System.nanoTime() - deadlineNanos >= 0) {
                break;
            }
            String name = names().of(jar);
            if (name != null) {
                out.add(name);
            }
        }
        if (classPathPlugins && classPathCoordinates == null && System.nanoTime() - deadlineNanos < 0) {
            scanClassPath(deadlineNanos);
        }
        if (classPathCoordinates != null) {
            for (String coordinates : classPathCoordinates) {
                if (out.size() < MAX_PLUGINS) {
                    out.add(coordinates);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * {@code name@version} of the jar whose code threw, or null when the JDK or the tool did, or when
     * the exception's own {@code getStackTrace} or {@code getCause} throws (its error event is still
     * made, without a plugin: NothingLostIT).
     */
    public String pluginOf(Throwable thrown) {
        try {
            return pluginOfChain(thrown);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private String pluginOfChain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && chain.size() < MAX_CAUSES; t = t.getCause() == t ? null : t.getCause()) {
            chain.add(t);
        }
        Collections.reverse(chain);
        Map<String, List<Class<?>>> classes = null;
        ClassLoader app = ClassLoader.getSystemClassLoader();
        for (Throwable t : chain) {
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < frames.length && i < MAX_FRAMES; i++) {
                StackTraceElement frame = frames[i];
                if (isJdkFrame(frame)) {
                    continue;
                }
                Class<?> type;
                if ("app".equals(frame.getClassLoaderName())) {
                    // the application loader already holds it: asking it loads nothing, and the
                    // common case (the tool's own frames) never needs the list of every loaded class
                    type = loadedByApplicationLoader(frame.getClassName(), app);
                } else {
                    if (classes == null) {
                        classes = loadedClasses(chain);
                    }
                    type = pick(classes.get(frame.getClassName()), frame.getClassLoaderName());
                }
                Path jar = type == null ? null : PluginNames.jarOf(type);
                if (jar != null && !isToolOrAgent(jar)) {
                    return names().of(jar);
                }
            }
        }
        return null;
    }

    private static Class<?> loadedByApplicationLoader(String name, ClassLoader app) {
        try {
            return Class.forName(name, false, app);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private synchronized boolean isToolOrAgent(Path jar) {
        if (toolJars == null) {
            toolJars = toolJarsOfThisJvm();
        }
        return jar.equals(agentJar()) || toolJars.contains(jar);
    }

    /** The loaded classes named in the chain's frames, by name. */
    private Map<String, List<Class<?>>> loadedClasses(List<Throwable> chain) {
        Map<String, List<Class<?>>> out = new HashMap<>();
        for (Throwable t : chain) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (!isJdkFrame(frame)) {
                    out.putIfAbsent(frame.getClassName(), new ArrayList<>(1));
                }
            }
            List<Class<?>> own = out.get(t.getClass().getName());
            if (own != null) {
                own.add(t.getClass());
            }
        }
        if (instrumentation != null) {
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                // the boot loader's classes are the JDK's: no plugin, and most of the loaded classes
                if (type.getClassLoader() == null) {
                    continue;
                }
                List<Class<?>> same = out.get(type.getName());
                if (same != null && !same.contains(type)) {
                    same.add(type);
                }
            }
        }
        return out;
    }

    /** A frame of the JDK's own modules: never a plugin, so never looked up. */
    private static boolean isJdkFrame(StackTraceElement frame) {
        String module = frame.getModuleName();
        return module != null && (module.startsWith("java.") || module.startsWith("jdk."));
    }

    private static Class<?> pick(List<Class<?>> candidates, String loaderName) {
        if (candidates == null || candidates.isEmpty()) {
            return null;
        }
        for (Class<?> c : candidates) {
            ClassLoader loader = c.getClassLoader();
            if (loader != null && loaderName != null && loaderName.equals(loader.getName())) {
                return c;
            }
        }
        return candidates.get(0);
    }

    /**
     * Jars of the class loaders other than the boot, platform, application and agent loaders. A
     * {@code URLClassLoader} (ClassWorlds realms, most plugin loaders) says which jars it reads:
     * one call per loader; of any other loader, the code source of each class is asked, once per
     * protection domain.
     */
    private Set<Path> jarsOfOtherLoaders(long deadlineNanos) {
        Set<Path> jars = new LinkedHashSet<>();
        if (instrumentation == null) {
            return jars;
        }
        ClassLoader app = ClassLoader.getSystemClassLoader();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        ClassLoader agent = PluginInventory.class.getClassLoader();
        Map<ClassLoader, Set<Object>> seen = new IdentityHashMap<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            ClassLoader loader = type.getClassLoader();
            if (loader == null || loader == app || loader == platform || loader == agent || type.isArray()) {
                continue;
            }
            Set<Object> domains = seen.get(loader);
            if (domains == null) {
                if (System.nanoTime() - deadlineNanos >= 0 || jars.size() >= MAX_PLUGINS * 2) {
                    break;
                }
                domains = new HashSet<>();
                seen.put(loader, domains);
                if (loader instanceof URLClassLoader) {
                    for (URL url : ((URLClassLoader) loader).getURLs()) {
                        addJar(jars, url);
                    }
                }
            }
            if (loader instanceof URLClassLoader || type.isHidden()) {
                continue;
            }
            java.security.ProtectionDomain domain = type.getProtectionDomain();
            if (domains.add(domain)) {
                Path jar = PluginNames.jarOf(type);
                if (jar != null && !isToolOrAgent(jar) && jars.size() < MAX_PLUGINS * 2) {
                    jars.add(jar);
                }
            }
        }
        return jars;
    }

    private void addJar(Set<Path> jars, URL url) {
        try {
            if (url != null && "file".equals(url.getProtocol()) && url.getPath().endsWith(".jar")) {
                Path jar = Path.of(url.toURI()).toAbsolutePath().normalize();
                if (!isToolOrAgent(jar) && jars.size() < MAX_PLUGINS * 2) {
                    jars.add(jar);
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException ignored) {
            // not a local jar
        }
    }
}
