package dev.gatsbytelemetry.agent.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CiDetectorTest {

    static Stream<Arguments> vendors() {
        return Stream.of(
                Arguments.of("GitHub Actions", Map.of("GITHUB_ACTIONS", "true", "CI", "true")),
                Arguments.of("Gitea Actions", Map.of("GITEA_ACTIONS", "true", "GITHUB_ACTIONS", "true")),
                Arguments.of("GitLab CI", Map.of("GITLAB_CI", "true")),
                Arguments.of("CircleCI", Map.of("CIRCLECI", "true")),
                Arguments.of("Travis CI", Map.of("TRAVIS", "true")),
                Arguments.of("Jenkins", Map.of("JENKINS_URL", "https://ci.example/", "BUILD_NUMBER", "12")),
                Arguments.of("Jenkins", Map.of("JENKINS_URL", "https://ci.example/", "BUILD_ID", "12")),
                Arguments.of("Azure Pipelines", Map.of("TF_BUILD", "True")),
                Arguments.of("Azure Pipelines", Map.of("SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "https://dev.azure.com/x/")),
                Arguments.of("Bitbucket Pipelines", Map.of("BITBUCKET_BUILD_NUMBER", "7")),
                Arguments.of("Bitbucket Pipelines", Map.of("BITBUCKET_COMMIT", "abc123")),
                Arguments.of("Buildkite", Map.of("BUILDKITE", "true")),
                Arguments.of("TeamCity", Map.of("TEAMCITY_VERSION", "2024.1")),
                Arguments.of("AWS CodeBuild", Map.of("CODEBUILD_BUILD_ARN", "arn:aws:codebuild:x")),
                Arguments.of("Google Cloud Build", Map.of("BUILDER_OUTPUT", "/builder/outputs")),
                Arguments.of("Drone", Map.of("DRONE", "true", "CI", "drone")),
                Arguments.of("Woodpecker", Map.of("CI", "woodpecker")),
                Arguments.of("AppVeyor", Map.of("APPVEYOR", "True")),
                Arguments.of("Bamboo", Map.of("bamboo_planKey", "PROJ-PLAN")),
                Arguments.of("Semaphore", Map.of("SEMAPHORE", "true")),
                Arguments.of("Codefresh", Map.of("CF_BUILD_ID", "5f1")),
                Arguments.of("Netlify", Map.of("NETLIFY", "true")),
                Arguments.of("Vercel", Map.of("VERCEL", "1")),
                Arguments.of("Vercel", Map.of("NOW_BUILDER", "1")),
                Arguments.of("Heroku", Map.of("HEROKU_TEST_RUN_ID", "abc")),
                Arguments.of("Cirrus CI", Map.of("CIRRUS_CI", "true")),
                Arguments.of("Bitrise", Map.of("BITRISE_IO", "true")));
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("vendors")
    void detectsVendor(String expectedName, Map<String, String> env) {
        assertThat(CiDetector.detect(env)).isEqualTo(new CiInfo(true, expectedName));
    }

    @Test
    void vendorNamesAreUnique() {
        assertThat(Stream.of(CiVendor.values()).map(CiVendor::displayName)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "1", "yes", "on-premise-runner"})
    void genericCiFlagGivesCiWithoutVendor(String value) {
        assertThat(CiDetector.detect(Map.of("CI", value))).isEqualTo(CiInfo.UNKNOWN_VENDOR);
    }

    @Test
    void continuousIntegrationFlag() {
        assertThat(CiDetector.detect(Map.of("CONTINUOUS_INTEGRATION", "true"))).isEqualTo(CiInfo.UNKNOWN_VENDOR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "0", "", "  ", "no", "off"})
    void falsyCiFlagIsNotCi(String value) {
        assertThat(CiDetector.detect(Map.of("CI", value))).isEqualTo(CiInfo.NONE);
        assertThat(CiDetector.detect(Map.of("CONTINUOUS_INTEGRATION", value))).isEqualTo(CiInfo.NONE);
    }

    @Test
    void vendorWinsOverCiFalse() {
        // CI=false is a common workaround on hosted builds; it is still a CI run.
        assertThat(CiDetector.detect(Map.of("NETLIFY", "true", "CI", "false")))
                .isEqualTo(CiInfo.vendor("Netlify"));
    }

    @Test
    void vendorVariableSwitchedOffDoesNotCount() {
        assertThat(CiDetector.detect(Map.of("GITHUB_ACTIONS", "false"))).isEqualTo(CiInfo.NONE);
        assertThat(CiDetector.detect(Map.of("TRAVIS", "0"))).isEqualTo(CiInfo.NONE);
    }

    @Test
    void commonNonCiVariablesAreNotCi() {
        Map<String, String> env = new HashMap<>();
        env.put("JENKINS_URL", "https://ci.example/"); // a developer's shell talking to Jenkins
        env.put("BUILD_NUMBER", "");
        env.put("BUILD_ID", " ");
        env.put("DYNO", "web.1"); // a Heroku production dyno
        env.put("HOME", "/home/someone");
        env.put("TERM_PROGRAM", "iTerm.app");
        assertThat(CiDetector.detect(env)).isEqualTo(CiInfo.NONE);
        assertThat(CiDetector.detect(Map.of("BUILD_NUMBER", "3"))).isEqualTo(CiInfo.NONE);
    }

    @Test
    void emptyAndNullEnvironments() {
        assertThat(CiDetector.detect(Map.of())).isEqualTo(CiInfo.NONE);
        assertThat(CiDetector.detect(null)).isEqualTo(CiInfo.NONE);
    }

    @Test
    void nameImpliesCi() {
        assertThat(new CiInfo(false, "X").ci()).isTrue();
    }

    @Test
    void fromSystemDoesNotThrow() {
        assertThat(CiDetector.fromSystem()).isNotNull();
    }
}
