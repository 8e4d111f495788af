package org.example.sitegen.markdown;

import java.text.Normalizer;
import java.util.Locale;

/** Turns titles and headings into URL-safe identifiers. */
public final class Slugs {

    private Slugs() {
    }

    public static String slugify(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+)|(-+$)", "");
        return slug.isEmpty() ? "section" : slug;
    }
}
