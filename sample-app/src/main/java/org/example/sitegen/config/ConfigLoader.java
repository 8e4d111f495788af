package org.example.sitegen.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/** Reads {@code site.properties}, expanding {@code ${ENV}} references in every value. */
public class ConfigLoader {

    public static final String CONFIG_FILE = "site.properties";

    private final EnvExpander env;

    public ConfigLoader() {
        this(EnvExpander.fromSystem());
    }

    public ConfigLoader(EnvExpander env) {
        this.env = env;
    }

    public SiteConfig loadConfig(Path siteDir) throws IOException {
        Path root = siteDir.toAbsolutePath().normalize();
        Path file = root.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new MissingConfigException(root);
        }
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(reader);
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : raw.stringPropertyNames()) {
            values.put(key, env.expand(raw.getProperty(key).strip()));
        }
        String title = values.getOrDefault("title", root.getFileName() == null ? "Untitled" : root.getFileName().toString());
        String baseUrl = values.getOrDefault("baseUrl", "/");
        return new SiteConfig(
                root,
                title,
                baseUrl.endsWith("/") ? baseUrl : baseUrl + "/",
                values.getOrDefault("author", ""),
                values.getOrDefault("description", ""),
                values.getOrDefault("language", "en"),
                Optional.ofNullable(values.get("remote.url")).filter(url -> !url.isBlank()),
                Map.copyOf(values));
    }
}
