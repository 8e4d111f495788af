package org.example.sitegen.build;

import java.nio.file.Path;

import org.example.sitegen.config.SiteConfig;

/** What a build produced. */
public record BuildResult(SiteConfig config, int pages, Path outputDir) {
}
