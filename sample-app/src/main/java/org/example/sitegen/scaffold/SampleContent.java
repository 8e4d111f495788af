package org.example.sitegen.scaffold;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.example.sitegen.markdown.Slugs;

/**
 * Writes believable blog posts for a new site. Output depends only on the page number and
 * the page count, so scaffolding the same site twice gives identical files.
 */
final class SampleContent {

    private static final LocalDate FIRST_DATE = LocalDate.of(2023, 1, 9);

    private static final String[] TOPICS = {
        "Incremental Builds", "Image Pipelines", "Static Rendering", "Content Modeling", "Accessibility",
        "Localization", "Search Indexing", "Deploy Previews", "Asset Fingerprinting", "Link Checking",
        "RSS Feeds", "Theming", "Markdown Extensions", "Performance Budgets", "Cache Headers",
        "Font Loading", "Redirect Rules", "Structured Data", "Dark Mode", "Build Caching",
    };
    private static final String[] TITLE_FORMS = {
        "A Practical Guide to %s", "%s in Five Minutes", "Why %s Matters", "Lessons Learned from %s",
        "Debugging %s", "%s: Notes from Production", "Getting Started with %s", "Rethinking %s",
        "%s Without the Headaches", "What Nobody Tells You About %s",
    };
    private static final String[] TAGS = {
        "java", "web", "performance", "tutorial", "devops", "design", "markdown", "testing", "tooling", "release-notes",
    };
    private static final String[] SECTIONS = {
        "Background", "The Problem", "A First Attempt", "What We Measured", "The Fix", "Trade-offs",
        "Configuration", "Testing It", "Rolling It Out", "Common Pitfalls", "Going Further", "Wrapping Up",
    };
    private static final String[] OPENERS = {
        "%s is one of those things that looks simple until the site grows past a few hundred pages.",
        "Most teams only think about %s after something breaks in production.",
        "I used to treat %s as an afterthought, and it showed.",
        "When we moved the docs to a static generator, %s was the first thing that surprised us.",
        "There is a lot of advice about %s, and most of it contradicts the rest.",
    };
    private static final String[] SENTENCES = {
        "The build went from **forty seconds** to under five once we stopped doing the same work twice.",
        "It is tempting to reach for a plugin, but a few lines of configuration usually do the job.",
        "Keep the output *boring*: plain HTML, predictable URLs, no surprises for crawlers.",
        "We check the generated `public/` directory into nothing and rebuild it on every deploy.",
        "The trick is to make the slow path rare rather than making it fast.",
        "Readers never notice a good setup, which is exactly the point.",
        "See [the deployment checklist](https://example.com/docs/deploy) for the full list of steps.",
        "Setting `Cache-Control: max-age=31536000, immutable` on fingerprinted assets removed most repeat requests.",
        "A page that renders in *under a second* on a cheap phone is worth more than any animation.",
        "The numbers below come from a site with roughly 1,200 pages & 4,000 images.",
        "Nothing here needs a database; files in `content/` are the single source of truth.",
        "Write the failure message first, then the code that produces it.",
        "**Measure before changing anything**, otherwise every improvement is a guess.",
        "Our editors preview drafts with `sitegen develop`, which rebuilds on demand.",
        "The original discussion is in [issue 42](https://example.com/issues/42 \"Issue tracker\").",
        "If a step cannot be explained in one sentence, it probably belongs in a script.",
        "Broken links are bugs; we fail the build on them instead of filing tickets.",
        "Templates stay small because partials like `header.html` and `footer.html` carry the shared markup.",
        "Our first version rebuilt every page on every change; _that_ did not scale.",
        "The [MDN guide on caching](https://developer.mozilla.org/en-US/docs/Web/HTTP/Caching) explains the headers well.",
        "A `200 OK` with an empty body is still a bug, just a quieter one.",
        "Two rules covered 90% of cases: keep it small, and keep it in version control.",
        "Drafts stay out of the build with `draft: true` in the front matter.",
        "The editors asked for one thing above all: *predictability*.",
    };
    private static final String[] LIST_ITEMS = {
        "Keep URLs stable; use redirects when you must move a page",
        "Fingerprint assets so they can be cached *forever*",
        "Run the link checker in CI, not on your laptop",
        "Prefer `<picture>` with explicit width and height",
        "Split long pages with clear `##` headings",
        "Write front matter dates as `YYYY-MM-DD`",
        "Review the generated **sitemap.xml** after big moves",
        "Budget 100 KB of JavaScript per page, at most",
        "Let the CDN compress text with Brotli",
        "Test with a screen reader at least once per release",
    };
    private static final String[] LIST_INTROS = {
        "A few rules of thumb:", "What worked for us:", "The short version:", "Things to check before launch:",
    };
    private static final String[] STEPS = {
        "Run `sitegen build` and note the page count",
        "Open `public/index.html` and click through a few pages",
        "Change one template and rebuild",
        "Compare the output with `diff -r` against the previous build",
        "Deploy to a preview URL and share it with the team",
        "Promote the preview once everyone is happy",
    };
    private static final String[][] CODE_SAMPLES = {
        {"java", """
            List<Page> pages = source.pages().stream()
                .filter(p -> !p.draft() && p.date() != null)
                .sorted(Comparator.comparing(Page::date).reversed())
                .toList();"""},
        {"bash", """
            sitegen build --dir docs && \\
              rsync -az --delete docs/public/ deploy@example.com:/var/www/docs/"""},
        {"yaml", """
            deploy:
              preview: true
              headers:
                "/assets/*": "Cache-Control: max-age=31536000, immutable\""""},
        {"javascript", """
            const links = [...document.querySelectorAll('a[href^="http"]')];
            if (links.length > 0 && !navigator.onLine) {
              console.warn(`skipping ${links.length} external links`);
            }"""},
        {"json", """
            {
              "slug": "hello-world",
              "title": "Hello <World>",
              "tags": ["intro", "news"]
            }"""},
        {"", """
            public/
              index.html
              sitemap.xml
              2023-01-09-hello.html"""},
    };
    private static final String[] QUOTES = {
        "The fastest request is the one you never make.",
        "Static sites are not simpler; they move the complexity to build time, where you can test it.",
        "Every page is a page one — someone will land on it from a search engine.",
    };

    private final int total;

    SampleContent(int total) {
        this.total = total;
    }

    String fileName(int index) {
        return date(index) + "-" + Slugs.slugify(title(index)) + ".md";
    }

    String title(int index) {
        String topic = TOPICS[index % TOPICS.length];
        String form = TITLE_FORMS[(index / TOPICS.length + index * 3) % TITLE_FORMS.length];
        String title = String.format(form, topic);
        int round = index / (TOPICS.length * TITLE_FORMS.length);
        return round == 0 ? title : title + ", Part " + (round + 1);
    }

    LocalDate date(int index) {
        return FIRST_DATE.plusDays(index * 3L);
    }

    String page(int index) {
        Random random = new Random(0x5173_6EE7L * 31 + index);
        String topic = TOPICS[index % TOPICS.length];
        StringBuilder md = new StringBuilder(8192);
        md.append("---\n")
                .append("title: ").append(title(index)).append('\n')
                .append("date: ").append(date(index)).append('\n')
                .append("tags: [").append(String.join(", ", tags(random))).append("]\n")
                .append("---\n\n");

        String opener = String.format(OPENERS[random.nextInt(OPENERS.length)], topic.toLowerCase(Locale.ROOT));
        md.append(Character.toUpperCase(opener.charAt(0))).append(opener, 1, opener.length()).append(' ');
        md.append(sentences(random, 2 + random.nextInt(3))).append("\n\n");

        int sections = 3 + random.nextInt(4);
        int firstSection = random.nextInt(SECTIONS.length);
        for (int s = 0; s < sections; s++) {
            md.append("## ").append(SECTIONS[(firstSection + s) % SECTIONS.length]).append("\n\n");
            int blocks = 2 + random.nextInt(4);
            for (int b = 0; b < blocks; b++) {
                block(md, random, index);
            }
            if (random.nextInt(3) == 0) {
                md.append("### A closer look at ").append(topic.toLowerCase(Locale.ROOT)).append("\n\n");
                md.append(sentences(random, 3)).append("\n\n");
            }
        }
        md.append("---\n\n*Questions or corrections? Reply to the newsletter or open an issue.*\n");
        return md.toString();
    }

    private void block(StringBuilder md, Random random, int index) {
        switch (random.nextInt(8)) {
            case 0 -> {
                md.append(LIST_INTROS[random.nextInt(LIST_INTROS.length)]).append("\n\n");
                for (int item : distinct(random, LIST_ITEMS.length, 3 + random.nextInt(3))) {
                    md.append("- ").append(LIST_ITEMS[item]).append('\n');
                }
                md.append('\n');
            }
            case 1 -> {
                md.append("The workflow looks like this:\n\n");
                int start = random.nextInt(STEPS.length - 3);
                for (int i = 0; i < 3 + random.nextInt(STEPS.length - start - 2); i++) {
                    md.append(i + 1).append(". ").append(STEPS[start + i]).append('\n');
                }
                md.append('\n');
            }
            case 2 -> {
                String[] sample = CODE_SAMPLES[random.nextInt(CODE_SAMPLES.length)];
                md.append("```").append(sample[0]).append('\n').append(sample[1]).append("\n```\n\n");
            }
            case 3 -> md.append("> ").append(QUOTES[random.nextInt(QUOTES.length)]).append("\n\n");
            case 4 -> {
                md.append(sentences(random, 2)).append(' ');
                md.append(crossLink(random, index)).append("\n\n");
            }
            default -> md.append(sentences(random, 3 + random.nextInt(4))).append("\n\n");
        }
    }

    private String crossLink(Random random, int index) {
        if (total < 2) {
            return "More on this in a later post.";
        }
        int other = (index + 1 + random.nextInt(total - 1)) % total;
        return "I wrote about a related problem in [" + title(other) + "](" + fileName(other).replace(".md", ".html")
                + ").";
    }

    private static String sentences(Random random, int count) {
        StringBuilder text = new StringBuilder();
        int[] picks = distinct(random, SENTENCES.length, count);
        for (int i = 0; i < picks.length; i++) {
            if (i > 0) {
                text.append(i % 3 == 2 ? "\n" : " ");
            }
            text.append(SENTENCES[picks[i]]);
        }
        return text.toString();
    }

    /** {@code count} different indexes below {@code bound}, in random order. */
    private static int[] distinct(Random random, int bound, int count) {
        return random.ints(0, bound).distinct().limit(Math.min(count, bound)).toArray();
    }

    private static List<String> tags(Random random) {
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            tags.add(TAGS[random.nextInt(TAGS.length)]);
        }
        return new ArrayList<>(tags);
    }
}
