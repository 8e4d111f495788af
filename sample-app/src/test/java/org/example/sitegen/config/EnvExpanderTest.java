package org.example.sitegen.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvExpanderTest {

    private final EnvExpander expander = new EnvExpander(Map.of("CMS_TOKEN", "s3cr3t", "HOST", "cms.local")::get);

    @Test
    void expandsEveryReference() {
        assertThat(expander.expand("http://editor:${CMS_TOKEN}@${HOST}/api?token=${CMS_TOKEN}"))
                .isEqualTo("http://editor:s3cr3t@cms.local/api?token=s3cr3t");
    }

    @Test
    void unsetVariablesBecomeEmptyAndPlainDollarsStay() {
        assertThat(expander.expand("a${MISSING}b $HOME ${not valid}")).isEqualTo("ab $HOME ${not valid}");
    }
}
