package dev.gatsbytelemetry.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFormatTest {

    @Test
    void eventTypesUpperCaseWithUnderscores() {
        assertThat(EventTypes.commandStarted("build")).isEqualTo("CLI_RAW_COMMAND_BUILD");
        assertThat(EventTypes.commandStarted("site build")).isEqualTo("CLI_RAW_COMMAND_SITE_BUILD");
        assertThat(EventTypes.commandEnded("gen:api-v2")).isEqualTo("CLI_COMMAND_GEN_API_V2_END");
        assertThat(EventTypes.commandHeartbeat("develop")).isEqualTo("CLI_COMMAND_DEVELOP_HEARTBEAT");
        assertThat(EventTypes.error(EventTypes.UNCAUGHT_EXCEPTION)).isEqualTo("CLI_ERROR_UNCAUGHT_EXCEPTION");
    }

    @Test
    void jsonWriterEscapesAndKeepsOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", "quote\" backslash\\ newline\n tab\t ctl\u0001 sep\u2028");
        map.put("a", Arrays.asList(1, 2.5, 3.0, null, true));
        map.put("n", Double.NaN);
        map.put("nested", Map.of("k", List.of()));
        assertThat(JsonWriter.write(map)).isEqualTo(
                "{\"z\":\"quote\\\" backslash\\\\ newline\\n tab\\t ctl\\u0001 sep\\u2028\","
                        + "\"a\":[1,2.5,3,null,true],\"n\":null,\"nested\":{\"k\":[]}}");
    }

    @Test
    void jsonWriterReplacesLoneSurrogates() {
        assertThat(JsonWriter.write("a\uD800b")).isEqualTo("\"a\\ud800b\"");
        assertThat(JsonWriter.write("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\"");
    }
}
