package dev.gatsbytelemetry.agent.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.agent.recorder.FrameworkEvents;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The early load at {@code Launcher#launch}: which classes are asked of which loader, and that the
 * launcher's hook leaves the build's own bookkeeping alone. A real {@code mvn} run is in MavenIT.
 */
class MavenIntegrationTest {

    /** Every loadClass call, by name; nothing is found, as for a launcher that does not run Maven. */
    static final class RecordingRealm extends ClassLoader {
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());

        RecordingRealm() {
            super(null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            throw new ClassNotFoundException(name);
        }
    }

    /** Stands in for ClassWorlds' launcher: only its getter is called, by name. */
    public static final class FakeLauncher {
        final Object realm;

        FakeLauncher(Object realm) {
            this.realm = realm;
        }

        public Object getMainRealm() {
            return realm;
        }
    }

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final FrameworkEvents events = (FrameworkEvents) Proxy.newProxyInstance(
            FrameworkEvents.class.getClassLoader(), new Class<?>[] {FrameworkEvents.class},
            (proxy, method, args) -> {
                calls.add(method.getName());
                return null;
            });
    private final MavenIntegration maven = new MavenIntegration(events);

    private int target(String method) {
        for (int i = 0; i < maven.targets().size(); i++) {
            if (maven.targets().get(i).methodName.equals(method)) {
                return i;
            }
        }
        throw new AssertionError("no target " + method);
    }

    @Test
    void launchAsksTheMainRealmForBothObservedMavenClassesOnce() {
        RecordingRealm realm = new RecordingRealm();
        int launch = target("launch");
        assertThat(maven.targets().get(launch).internalClassName).isEqualTo(MavenIntegration.LAUNCHER);

        maven.enter(launch, new FakeLauncher(realm), new Object[] {new String[0]});
        maven.enter(launch, new FakeLauncher(realm), new Object[] {new String[0]});

        assertThat(realm.asked).containsExactly("org.apache.maven.DefaultMaven",
                "org.apache.maven.plugin.DefaultBuildPluginManager");
        assertThat(calls).as("the early load reports nothing").isEmpty();
    }

    @Test
    void aLauncherWithoutARealmOrThatThrowsIsLeftAlone() {
        int launch = target("launch");
        maven.enter(launch, new FakeLauncher("not a class loader"), new Object[0]);
        maven.enter(launch, null, new Object[0]);
        maven.exit(launch, null);
        maven.thrown(launch, new IllegalStateException("launch failed"));
        assertThat(calls).isEmpty();
    }

    @Test
    void theLauncherReturningOrThrowingInsideABuildLeavesTheBuildTimed() {
        int build = target("execute");
        int launch = target("launch");

        maven.enter(build, null, new Object[] {null});
        maven.enter(launch, new FakeLauncher(new RecordingRealm()), new Object[0]);
        maven.exit(launch, null);
        maven.enter(launch, null, new Object[0]);
        maven.thrown(launch, new IllegalStateException("x"));
        maven.exit(build, null);

        assertThat(calls).containsExactly("nameCommand", "commandTimed", "outcome");
    }
}
