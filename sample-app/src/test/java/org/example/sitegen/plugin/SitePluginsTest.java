package org.example.sitegen.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SitePluginsTest {

    @Test
    void withoutPluginsAPageIsLeftAsItIs() {
        assertThat(SitePlugins.none().apply("a", "A", "<p>x</p>")).isEqualTo("<p>x</p>");
    }

    @Test
    void theTestClassPathHasNoPlugins() {
        assertThat(SitePlugins.fromClassPath().apply("a", "A", "<p>x</p>")).isEqualTo("<p>x</p>");
    }

    @Test
    void pluginsApplyInOrderEachToTheOutputOfTheLast() {
        SitePlugin first = (slug, title, html) -> html + "[1:" + slug + "]";
        SitePlugin second = (slug, title, html) -> html + "[2:" + title + "]";
        assertThat(SitePlugins.of(List.of(first, second)).apply("s", "T", "x")).isEqualTo("x[1:s][2:T]");
    }

    @Test
    void aPluginsExceptionReachesTheCaller() {
        SitePlugin failing = (slug, title, html) -> {
            throw new IllegalStateException("broken " + slug);
        };
        assertThatThrownBy(() -> SitePlugins.of(List.of(failing)).apply("p", "P", "x"))
                .isInstanceOf(IllegalStateException.class).hasMessage("broken p");
    }
}
