package org.example.sitegen.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A template with its partials already inlined, split into literal text and {@code {{name}}} slots. */
final class Template {

    private final List<String> literals;
    private final List<String> slots;

    private Template(List<String> literals, List<String> slots) {
        this.literals = literals;
        this.slots = slots;
    }

    static Template compile(String source) {
        List<String> literals = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = source.indexOf("{{", pos);
            int close = open < 0 ? -1 : source.indexOf("}}", open + 2);
            if (close < 0) {
                literals.add(source.substring(pos));
                return new Template(literals, slots);
            }
            literals.add(source.substring(pos, open));
            slots.add(source.substring(open + 2, close).strip());
            pos = close + 2;
        }
    }

    /** Fills the slots; values are inserted as-is (callers escape) and unknown names render empty. */
    String apply(Map<String, String> values) {
        StringBuilder out = new StringBuilder(literals.stream().mapToInt(String::length).sum() + 8192);
        for (int i = 0; i < slots.size(); i++) {
            out.append(literals.get(i)).append(values.getOrDefault(slots.get(i), ""));
        }
        return out.append(literals.get(literals.size() - 1)).toString();
    }
}
