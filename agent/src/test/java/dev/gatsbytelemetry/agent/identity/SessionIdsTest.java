package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdsTest {

    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void inheritsParentsSessionId() {
        String parent = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
        assertThat(SessionIds.sessionId(Map.of(SessionIds.ENV_VAR, " " + parent + "\n")))
                .isEqualTo(parent.toLowerCase());
        assertThat(SessionIds.ENV_VAR).isEqualTo("GATSBY_TELEMETRY_SESSION_ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-uuid", "3f2504e0-4f89-41d3-9a0c-0305e82c330", "3f2504e04f8941d39a0c0305e82c3301",
            "3f2504e0-4f89-41d3-9a0c-0305e82c3301; rm -rf /"})
    void invalidInheritedIdIsReplaced(String value) {
        String id = SessionIds.sessionId(Map.of(SessionIds.ENV_VAR, value));
        assertThat(id).matches(UUID_V4).isNotEqualTo(value);
    }

    @Test
    void newIdsAreV4AndDistinct() {
        Map<String, String> env = new HashMap<>();
        assertThat(SessionIds.sessionId(env)).matches(UUID_V4).isNotEqualTo(SessionIds.sessionId(env));
        assertThat(SessionIds.sessionId(null)).matches(UUID_V4);
        assertThat(SessionIds.newId()).matches(UUID_V4);
    }
}
