package dev.gatsbytelemetry.agent.integration;

import dev.gatsbytelemetry.agent.recorder.FrameworkEvents;
import java.util.ArrayList;
import java.util.List;

/**
 * Maven 3 ({@code mvn}, main class {@code org.codehaus.plexus.classworlds.launcher.Launcher}), observed
 * at two methods of maven-core, whatever ClassWorlds realm loads them (and at the launcher's
 * {@code launch}, only to load those two early: see the implementation notes):
 * <ul>
 *   <li>{@code DefaultMaven#execute(MavenExecutionRequest)}: the request's goals (the non-option
 *       arguments, as Maven's own command line parser found them) name the command; its run is timed as
 *       the command; the returned {@code MavenExecutionResult}'s exceptions are {@code BUILD_FAILED}
 *       errors and decide the outcome.</li>
 *   <li>{@code DefaultBuildPluginManager#executeMojo(MavenSession, MojoExecution)}: each mojo execution
 *       is a stage {@code groupId:artifactId:goal@executionId}, timed per thread (parallel builds), and
 *       its plugin {@code groupId:artifactId@version} is a plugin the build used.</li>
 * </ul>
 *
 * <p>Implementation notes. The load-time transformer waits for those two classes, and in
 * {@code mvn validate} they load only at ~2,600-2,800 of ~3,600 classes: until then every class load
 * pays for the transformer's copy of its bytes (docs/architecture.md, "Why the transformer removes
 * itself"). So the entry of ClassWorlds' {@code Launcher#launch(String[])}, once the launcher has
 * built its realms from {@code m2.conf} and before it loads Maven's main class, loads both (never
 * initialises them) in the launcher's main realm, the one holding maven-core: the transformer hooks
 * them as they load and retires at once, ~100 classes (the realms' set-up) after the launcher's
 * and before {@code MavenCli} loads. That happens on the application's thread inside its own call,
 * never in the transformer callback (class loading there would recurse) nor on an agent thread
 * (ClassWorlds realms take loader locks an agent thread must not contend for). Waiting for the launcher costs nothing: Maven is only expected when it is the
 * main class. A Maven started otherwise (embedded, or by a wrapper's main class) gets the early load
 * only if its launcher happened to be hooked, and otherwise retires the transformer as before.
 */
final class MavenIntegration extends Integration {

    static final String LAUNCHER = "org/codehaus/plexus/classworlds/launcher/Launcher";
    private static final int BUILD = 0;
    private static final int MOJO = 1;
    private static final int LAUNCH = 2;
    private static final int MAX_DEPTH = 16;
    private static final int MAX_ERRORS = 5;
    private static final int MAX_COORDINATE = 100;

    private static final List<Target> TARGETS = List.of(
            new Target("org/apache/maven/DefaultMaven", "execute",
                    "(Lorg/apache/maven/execution/MavenExecutionRequest;)Lorg/apache/maven/execution/MavenExecutionResult;"),
            new Target("org/apache/maven/plugin/DefaultBuildPluginManager", "executeMojo",
                    "(Lorg/apache/maven/execution/MavenSession;Lorg/apache/maven/plugin/MojoExecution;)V"),
            new Target(LAUNCHER, "launch", "([Ljava/lang/String;)V"));

    /** Whether {@link #loadObservedClassesEarly} ran: once per JVM is enough. */
    private volatile boolean loadedEarly;

    private final ThreadLocal<Frames> frames = new ThreadLocal<>();

    /** This thread's value, made at first use: an {@code initialValue()} subclass would be one more class to load before {@code main}. */
    private Frames threadFrames() {
        Frames value = frames.get();
        if (value == null) {
            value = new Frames();
            frames.set(value);
        }
        return value;
    }

    MavenIntegration(FrameworkEvents events) {
        super(events, TARGETS);
    }

    /** One thread's open observed calls: start times and, for mojos, stage names. */
    private static final class Frames {
        final long[] starts = new long[MAX_DEPTH];
        final String[] names = new String[MAX_DEPTH];
        int depth;
        int builds;

        void push(long start, String name) {
            if (depth < MAX_DEPTH) {
                starts[depth] = start;
                names[depth] = name;
            }
            depth++;
        }

        /** The start of the innermost call, or -1; its name is then in {@link #poppedName}. */
        long pop() {
            if (depth == 0) {
                return -1;
            }
            depth--;
            if (depth >= MAX_DEPTH) {
                return -1;
            }
            poppedName = names[depth];
            names[depth] = null;
            return starts[depth];
        }

        String poppedName;

        /** The name of the innermost open call, or null. */
        String innermostName() {
            return depth > 0 && depth <= MAX_DEPTH ? names[depth - 1] : null;
        }
    }

    @Override
    boolean expected(String mainClass, ClassLoader applicationLoader) {
        return LAUNCHER.equals(mainClass);
    }

    @Override
    void enter(int target, Object self, Object[] arguments) {
        if (target == LAUNCH) {
            loadObservedClassesEarly(self);
            return;
        }
        Frames f = threadFrames();
        if (target == BUILD) {
            if (f.builds++ == 0) {
                Object goals = Reflect.call(arguments.length > 0 ? arguments[0] : null, "getGoals");
                List<String> path = new ArrayList<>();
                if (goals instanceof List) {
                    for (Object goal : (List<?>) goals) {
                        path.add(goal instanceof String ? (String) goal : null);
                    }
                }
                events.nameCommand(path);
            }
            f.push(System.nanoTime(), null);
        } else if (target == MOJO) {
            Object execution = arguments.length > 1 ? arguments[1] : null;
            String groupId = coordinate(Reflect.string(execution, "getGroupId"));
            String artifactId = coordinate(Reflect.string(execution, "getArtifactId"));
            String goal = coordinate(Reflect.string(execution, "getGoal"));
            String executionId = coordinate(Reflect.string(execution, "getExecutionId"));
            String version = coordinate(Reflect.string(execution, "getVersion"));
            events.pluginUsed(groupId + ":" + artifactId + "@" + version);
            f.push(System.nanoTime(), groupId + ":" + artifactId + ":" + goal + "@" + executionId);
        }
    }

    @Override
    void exit(int target, Object returned) {
        if (target != LAUNCH) {
            leave(target, returned, false);
        }
    }

    @Override
    void thrown(int target, Throwable thrown) {
        if (target == LAUNCH) {
            return;
        }
        String mojo = target == MOJO ? threadFrames().innermostName() : null;
        leave(target, null, true);
        if (mojo != null) {
            // the build result's exception wraps this one: its stage is the failing mojo execution
            events.escaped(thrown, mojo);
        }
    }

    /** The end of a build or of a mojo execution, whether it returned or threw. */
    private void leave(int target, Object buildResult, boolean threw) {
        Frames f = threadFrames();
        long start = f.pop();
        if (target == BUILD) {
            if (--f.builds == 0) {
                if (start >= 0) {
                    events.commandTimed(System.nanoTime() - start);
                }
                boolean failed = reportBuildExceptions(buildResult);
                events.outcome(threw || failed ? "failure" : "success");
            }
        } else if (target == MOJO && start >= 0 && f.poppedName != null) {
            events.stageTimed(f.poppedName, System.nanoTime() - start, threw);
        }
    }

    /**
     * Loads, without initialising, the observed maven-core classes in the launcher's main realm, so
     * that the transformer hooks them now and can retire (see the implementation notes). A class the
     * realm cannot load (not Maven) is left to load, or not, when the application wants it.
     */
    private void loadObservedClassesEarly(Object launcher) {
        if (loadedEarly) {
            return;
        }
        loadedEarly = true;
        Object realm = Reflect.call(launcher, "getMainRealm");
        if (!(realm instanceof ClassLoader)) {
            return;
        }
        for (int i = 0; i < LAUNCH; i++) {
            try {
                Class.forName(TARGETS.get(i).internalClassName.replace('/', '.'), false, (ClassLoader) realm);
            } catch (Throwable notThere) {
                // the application loads it later, or never; either way nothing changes for it
            }
        }
    }

    /** Reports the exceptions a {@code MavenExecutionResult} holds; whether it holds any. */
    private boolean reportBuildExceptions(Object buildResult) {
        Object exceptions = Reflect.call(buildResult, "getExceptions");
        boolean failed = false;
        if (exceptions instanceof List) {
            int n = 0;
            for (Object exception : (List<?>) exceptions) {
                if (exception instanceof Throwable && n++ < MAX_ERRORS) {
                    events.error("BUILD_FAILED", (Throwable) exception);
                }
                failed = true;
            }
        }
        return failed;
    }

    /** Maven coordinates are {@code [A-Za-z0-9._-]}; anything else (or nothing) is reported as {@code other}. */
    static String coordinate(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_COORDINATE) {
            return "other";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return "other";
            }
        }
        return value;
    }
}
