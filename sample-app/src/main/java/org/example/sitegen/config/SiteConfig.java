package org.example.sitegen.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Settings from {@code site.properties} plus the site's directory layout. */
public record SiteConfig(
        Path root,
        String title,
        String baseUrl,
        String author,
        String description,
        String language,
        Optional<String> remoteUrl,
        Map<String, String> properties) {

    public Path contentDir() {
        return root.resolve("content");
    }

    public Path templatesDir() {
        return root.resolve("templates");
    }

    public Path outputDir() {
        return root.resolve("public");
    }
}
