package org.example.sitegen.config;

import java.nio.file.Path;

/** The directory is not a sitegen site: it has no {@code site.properties}. */
public class MissingConfigException extends RuntimeException {

    private final Path siteDir;

    public MissingConfigException(Path siteDir) {
        super("no " + ConfigLoader.CONFIG_FILE + " in " + siteDir);
        this.siteDir = siteDir;
    }

    public Path siteDir() {
        return siteDir;
    }
}
