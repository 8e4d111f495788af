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

    @Test
    void idsAreFormattedExactlyAsJavaUtilUuidFormatsThem() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            if (i == 0) {
                java.util.Arrays.fill(bytes, (byte) 0xff);
            } else if (i == 1) {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
            String formatted = Uuids.fromBytes(bytes.clone());
            java.nio.ByteBuffer versioned = java.nio.ByteBuffer.wrap(bytes);
            bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
            bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
            java.util.UUID expected = new java.util.UUID(versioned.getLong(0), versioned.getLong(8));
            assertThat(formatted).isEqualTo(expected.toString()).matches(UUID_V4);
            assertThat(expected.version()).isEqualTo(4);
            assertThat(expected.variant()).isEqualTo(2);
        }
    }
}
