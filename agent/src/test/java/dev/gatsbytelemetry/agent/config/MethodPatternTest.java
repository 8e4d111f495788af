package dev.gatsbytelemetry.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MethodPatternTest {

    @Test
    void exactPatternMatchesOnlyItsClassAndMethod() {
        MethodPattern pattern = MethodPattern.parse("com.example.site.Builder#load");
        assertThat(pattern.isExactClass()).isTrue();
        assertThat(pattern.matchesInternalClassName("com/example/site/Builder")).isTrue();
        assertThat(pattern.matchesInternalClassName("com/example/site/BuilderX")).isFalse();
        assertThat(pattern.matchesMethod("load")).isTrue();
        assertThat(pattern.matchesMethod("loadAll")).isFalse();
        assertThat(pattern.nameFor("com/example/site/Builder", "load")).isEqualTo("Builder#load");
    }

    @Test
    void starMatchesAnyRunOfCharactersInEitherPart() {
        MethodPattern pattern = MethodPattern.parse("com.example.*.Builder#load*");
        assertThat(pattern.isExactClass()).isFalse();
        assertThat(pattern.matchesInternalClassName("com/example/site/Builder")).isTrue();
        assertThat(pattern.matchesInternalClassName("com/example/a/b/Builder")).isTrue();
        assertThat(pattern.matchesInternalClassName("org/example/site/Builder")).isFalse();
        assertThat(pattern.matchesMethod("load")).isTrue();
        assertThat(pattern.matchesMethod("loadConfig")).isTrue();
        assertThat(pattern.matchesMethod("reload")).isFalse();
    }

    @Test
    void explicitNameIsUsedForEveryMatchedMethod() {
        MethodPattern pattern = MethodPattern.parse(" com.example.Renderer#render* = render pages ");
        assertThat(pattern.explicitName()).isEqualTo("render pages");
        assertThat(pattern.nameFor("com/example/Renderer", "renderAll")).isEqualTo("render pages");
    }

    @Test
    void nestedClassNamesUseTheInnermostSimpleName() {
        MethodPattern pattern = MethodPattern.parse("com.example.Outer$Inner#run");
        assertThat(pattern.nameFor("com/example/Outer$Inner", "run")).isEqualTo("Inner#run");
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.example.Builder", "#load", "com.example.Builder#", "a.B#c#d", "a.B#c=",
        "a.B#c d", "a..B#c", ".a.B#c", "a.B(#c", "a.B#c()"})
    void rejectsMalformedPatternsWithAReason(String text) {
        assertThatThrownBy(() -> MethodPattern.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void globHandlesBacktrackingAndEdges() {
        assertThat(MethodPattern.Glob.matches("*", "")).isTrue();
        assertThat(MethodPattern.Glob.matches("a*b*c", "a-x-b-y-b-c")).isTrue();
        assertThat(MethodPattern.Glob.matches("a*b*c", "a-x-b-y-b-d")).isFalse();
        assertThat(MethodPattern.Glob.matches("**x", "yyx")).isTrue();
        assertThat(MethodPattern.Glob.matches("abc", "ab")).isFalse();
    }
}
