package dev.gatsbytelemetry.agent.environment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArchiveCreationTest {

    @Test
    void recognisesEveryArchiveCreatingOption() {
        assertThat(ArchiveCreation.optionIn(new String[] {"-Xmx1g", "-XX:AOTCacheOutput=app.aot"}))
                .isEqualTo("-XX:AOTCacheOutput");
        assertThat(ArchiveCreation.optionIn(new String[] {"-XX:AOTMode=record", "-XX:AOTConfiguration=a.conf"}))
                .isEqualTo("-XX:AOTMode=record");
        assertThat(ArchiveCreation.optionIn(new String[] {"-XX:AOTMode=create"})).isEqualTo("-XX:AOTMode=create");
        assertThat(ArchiveCreation.optionIn(new String[] {"-XX:ArchiveClassesAtExit=app.jsa"}))
                .isEqualTo("-XX:ArchiveClassesAtExit");
        assertThat(ArchiveCreation.optionIn(new String[] {"-Xshare:dump"})).isEqualTo("-Xshare:dump");
        assertThat(ArchiveCreation.optionIn(new String[] {"-XX:DumpLoadedClassList=classes.lst"}))
                .isEqualTo("-XX:DumpLoadedClassList");
    }

    @Test
    void usingAnArchiveIsAnOrdinaryRun() {
        assertThat(ArchiveCreation.optionIn(new String[] {"-XX:AOTCache=app.aot"})).isNull();
        assertThat(ArchiveCreation.optionIn(new String[] {"-XX:AOTMode=on", "-XX:AOTCache=app.aot"})).isNull();
        assertThat(ArchiveCreation.optionIn(new String[] {"-XX:SharedArchiveFile=app.jsa", "-Xshare:auto"})).isNull();
        assertThat(ArchiveCreation.optionIn(new String[] {null, "-javaagent:agent.jar"})).isNull();
        assertThat(ArchiveCreation.optionIn(new String[0])).isNull();
        assertThat(ArchiveCreation.optionIn(null)).isNull();
    }
}
