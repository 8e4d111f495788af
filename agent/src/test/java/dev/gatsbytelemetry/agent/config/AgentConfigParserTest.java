package dev.gatsbytelemetry.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigParserTest {

    private static final Supplier<Optional<Boolean>> NO_FILE = Optional::empty;

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "TRUE", "True", "2", "42", " 1 "})
    void gatsbyDisabledTruthyValuesDisable(String value) {
        AgentConfig config = AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_DISABLED", value), null, NO_FILE);
        assertThat(config.enabled()).isFalse();
        assertThat(config.decidedBy()).isEqualTo("GATSBY_TELEMETRY_DISABLED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "false", "", "-1", "yes-please", "no"})
    void otherValuesDoNotDisable(String value) {
        AgentConfig config = AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_DISABLED", value), null, NO_FILE);
        assertThat(config.enabled()).isTrue();
        assertThat(config.decidedBy()).isEqualTo("default");
    }

    @Test
    void precedenceIsDisabledThenDoNotTrackThenFileThenAgentArgument() {
        Supplier<Optional<Boolean>> fileOn = () -> Optional.of(true);
        Supplier<Optional<Boolean>> fileOff = () -> Optional.of(false);
        assertThat(AgentConfigParser.parse(Map.of("DO_NOT_TRACK", "1"), null, fileOn).decidedBy())
                .isEqualTo("DO_NOT_TRACK");
        assertThat(AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_DISABLED", "1", "DO_NOT_TRACK", "1"), null, fileOn)
                .decidedBy()).isEqualTo("GATSBY_TELEMETRY_DISABLED");
        AgentConfig file = AgentConfigParser.parse(Map.of(), "enabled=false", fileOn);
        assertThat(file.enabled()).isTrue();
        assertThat(file.decidedBy()).contains("config file");
        assertThat(AgentConfigParser.parse(Map.of(), "enabled=true", fileOff).enabled()).isFalse();
        AgentConfig argument = AgentConfigParser.parse(Map.of(), "enabled=false", NO_FILE);
        assertThat(argument.enabled()).isFalse();
        assertThat(argument.decidedBy()).contains("agent argument");
    }

    @Test
    void configFileIsNotReadWhenAnEnvironmentVariableDecides() {
        AtomicInteger reads = new AtomicInteger();
        Supplier<Optional<Boolean>> counting = () -> {
            reads.incrementAndGet();
            return Optional.empty();
        };
        AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_DISABLED", "1"), null, counting);
        assertThat(reads).hasValue(0);
        AgentConfigParser.parse(Map.of(), null, counting);
        assertThat(reads).hasValue(1);
    }

    @Test
    void stagesComeFromEnvironmentOrAgentArgumentsAndEnvironmentWins() {
        AgentConfig fromArgs = AgentConfigParser.parse(Map.of(),
                "stages=a.B#c,a.D#e=render pages;api=https://collector.example/v1", NO_FILE);
        assertThat(fromArgs.stages()).extracting(MethodPattern::source).containsExactly("a.B#c", "a.D#e=render pages");
        assertThat(fromArgs.endpoint()).hasToString("https://collector.example/v1");

        AgentConfig envWins = AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_STAGES", "x.Y#z"), "stages=a.B#c", NO_FILE);
        assertThat(envWins.stages()).extracting(MethodPattern::source).containsExactly("x.Y#z");
    }

    @Test
    void badValuesBecomeProblemsAndKeepDefaults() {
        Map<String, String> env = new HashMap<>();
        env.put("GATSBY_TELEMETRY_STAGES", "good.A#b, bad pattern ,also.Bad");
        env.put("GATSBY_TELEMETRY_API", "ftp://nope");
        env.put("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "soon");
        AgentConfig config = AgentConfigParser.parse(env, "unknown=1;novalue", NO_FILE);
        assertThat(config.stages()).extracting(MethodPattern::source).containsExactly("good.A#b");
        assertThat(config.endpoint()).isNull();
        assertThat(config.flushTimeoutMillis()).isEqualTo(250);
        assertThat(config.problems()).hasSize(6)
                .anySatisfy(p -> assertThat(p).startsWith("ignoring GATSBY_TELEMETRY_STAGES pattern 'bad pattern'"))
                .anySatisfy(p -> assertThat(p).contains("also.Bad").contains("expected Class#method"))
                .anySatisfy(p -> assertThat(p).contains("GATSBY_TELEMETRY_API"))
                .anySatisfy(p -> assertThat(p).contains("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS"))
                .anySatisfy(p -> assertThat(p).contains("unknown agent argument 'unknown'"))
                .anySatisfy(p -> assertThat(p).contains("'novalue'"));
    }

    @Test
    void sendIntervalDefaultsTo60MinutesAndTo0InCiAndVerboseModeUnlessSet() {
        AgentConfig plain = AgentConfigParser.parse(Map.of(), null, NO_FILE);
        assertThat(plain.sendIntervalMinutes(false)).isEqualTo(60);
        assertThat(plain.sendIntervalMinutes(true)).as("CI").isZero();
        AgentConfig verbose = AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_VERBOSE", "1"), null, NO_FILE);
        assertThat(verbose.sendIntervalMinutes(false)).isZero();

        AgentConfig set = AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES", " 15 ",
                "GATSBY_TELEMETRY_VERBOSE", "1"), "sendIntervalMinutes=30", NO_FILE);
        assertThat(set.sendIntervalMinutes(true)).as("an explicit value wins, the environment first").isEqualTo(15);
        assertThat(AgentConfigParser.parse(Map.of(), "sendIntervalMinutes=0", NO_FILE).sendIntervalMinutes(false))
                .isZero();

        for (String bad : new String[] {"-1", "1441", "hourly", ""}) {
            AgentConfig config = AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES", bad), null, NO_FILE);
            assertThat(config.sendIntervalMinutes(false)).as("'%s'", bad).isEqualTo(60);
            assertThat(config.problems()).as("'%s'", bad)
                    .anySatisfy(p -> assertThat(p).contains("GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES"));
        }
    }

    @Test
    void debugVerboseAndSending() {
        AgentConfig debug = AgentConfigParser.parse(
                Map.of("GATSBY_TELEMETRY_DEBUG", "1", "GATSBY_TELEMETRY_API", "http://127.0.0.1:1/"), null, NO_FILE);
        assertThat(debug.printsEvents()).isTrue();
        assertThat(debug.sendsEvents()).as("debug mode never sends").isFalse();
        AgentConfig verbose = AgentConfigParser.parse(
                Map.of("GATSBY_TELEMETRY_VERBOSE", "true", "GATSBY_TELEMETRY_API", "http://127.0.0.1:1/"), null, NO_FILE);
        assertThat(verbose.printsEvents()).isTrue();
        assertThat(verbose.sendsEvents()).isTrue();
        assertThat(AgentConfigParser.parse(Map.of(), null, NO_FILE).sendsEvents())
                .as("no endpoint, nothing sent").isFalse();
    }

    @Test
    void commandAllowListAndErrorMessages() {
        AgentConfig config = AgentConfigParser.parse(
                Map.of("GATSBY_TELEMETRY_COMMANDS", "build, develop,,clean", "GATSBY_TELEMETRY_ERROR_MESSAGES", "0"),
                null, NO_FILE);
        assertThat(config.commandAllowList()).containsExactly("build", "develop", "clean");
        assertThat(config.errorMessages()).isFalse();
    }

    @Test
    void theHookedClassCacheIsOnUnlessAUserOrTheMaintainerTurnsItOff() {
        assertThat(AgentConfigParser.parse(Map.of(), null, NO_FILE).classCache()).isTrue();
        assertThat(AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_CLASS_CACHE", "false"), null, NO_FILE).classCache())
                .isFalse();
        assertThat(AgentConfigParser.parse(Map.of(), "classCache=off", NO_FILE).classCache()).isFalse();
        assertThat(AgentConfigParser.parse(Map.of("GATSBY_TELEMETRY_CLASS_CACHE", "1"), "classCache=false", NO_FILE)
                .classCache()).as("the user's variable wins over the launcher's argument").isTrue();
    }
}
