package org.example.sitegen.markdown;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hands out unique anchor ids for the headings of one page and remembers them for the TOC. */
final class HeadingIds {

    private final Map<String, Integer> used = new HashMap<>();
    private final List<Heading> headings = new ArrayList<>();

    String register(int level, String text) {
        String base = Slugs.slugify(text);
        int count = used.merge(base, 1, Integer::sum);
        String id = count == 1 ? base : base + "-" + (count - 1);
        headings.add(new Heading(level, text, id));
        return id;
    }

    List<Heading> headings() {
        return List.copyOf(headings);
    }
}
