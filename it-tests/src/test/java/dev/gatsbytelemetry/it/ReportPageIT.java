package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report page in a real headless Chromium, against a real collector on a DuckDB file filled by
 * real agent runs of the sample app: every number the page shows is the one the JSON API answers,
 * filters (set with the keyboard alone) change them and stay in the address, and an empty database
 * shows how to point the agent at the collector. Screenshots of each view, desktop (1280×800) and
 * phone (390×844), go to {@code target/report-screenshots/} for the record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPageIT {

    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path tmp;
    private CollectorProcess collector;
    private HeadlessChromium browser;
    private int runs;

    @BeforeAll
    void fillACollectorAndOpenABrowser(@TempDir Path dir) {
        tmp = dir;
        if (!HeadlessChromium.installed()) {
            // CI installs the browser (.ci/run); a developer machine without it skips, saying why.
            assertThat(System.getenv("CI")).as("chromium and chromium-driver must be installed in CI").isNull();
            assumeThat(HeadlessChromium.installed()).as("Debian packages chromium and chromium-driver").isTrue();
        }
        collector = CollectorProcess.start(tmp.resolve("collector"));
        SitegenFleet fleet = SitegenFleet.against(tmp.resolve("fleet"), collector);
        runs = fleet.runTheUsualWeek();
        fleet.awaitStored(runs);
        browser = new HeadlessChromium(tmp.resolve("chromium-profile"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void everySectionShowsTheApisNumbers() {
        browser.desktop(1280, 800);
        browser.open(url(""));
        assertThat(state()).isEqualTo("ready");
        assertThat(browser.script("return document.getElementById('status').className;")).isEqualTo("status");

        assertEverySectionMatchesTheApi("");
        assertThat(total("runs")).isEqualTo(String.valueOf(runs));
        // the data the fleet made is there, not just "whatever the API says"
        assertThat(texts("#t-commands tbody [data-field=command]")).contains("build", "clean", "develop");
        assertThat(texts("#t-errors tbody [data-field=stage]")).contains("render pages", "transform markdown");
        assertThat(texts("#t-errors tbody [data-field=plugin]")).as("the plugin whose code threw")
                .contains("sitegen-plugin-social-cards@0.3.1");
        assertThat(texts("#t-plugins tbody [data-field=plugin]")).first().as("fails most often")
                .isEqualTo("sitegen-plugin-social-cards@0.3.1");
        assertThat(texts("#t-pairs tbody [data-field=a]")).contains("sitegen-plugin-reading-time@1.0.0");
        // Chart.js came from the collector itself and drew the charts
        assertThat(browser.script("return typeof Chart === 'function' && !!Chart.getChart('c-commands')"
                + " && !!Chart.getChart('c-stages') && document.querySelector('script[src*=chart]').src;"))
                .isEqualTo(url("assets/vendor/chartjs/chart.umd.min.js"));
        browser.screenshots(SCREENSHOTS, "report-desktop");

        browser.phone(390, 844);
        browser.open(url(""));
        assertThat(horizontalOverflow()).as("the page itself must not scroll sideways on a phone").isFalse();
        assertEverySectionMatchesTheApi("");
        browser.screenshots(SCREENSHOTS, "report-phone");
    }

    @Test
    void filtersSetWithTheKeyboardChangeTheNumbersAndStayInTheAddress() {
        browser.desktop(1280, 800);
        browser.open(url(""));
        String allRuns = total("runs");

        WebElement active = browser.driver().switchTo().activeElement();
        active.sendKeys(Keys.TAB);
        assertThat(focusedId("class")).as("the first Tab reaches the skip link").isEqualTo("skip");
        for (int i = 0; i < 10 && !"f-command".equals(focusedId("id")); i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertThat(focusedId("id")).as("Tab reaches the command filter").isEqualTo("f-command");
        browser.driver().switchTo().activeElement().sendKeys("build", Keys.ENTER);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("command=build"));
        browser.awaitLoaded();

        assertThat(browser.driver().getCurrentUrl()).isEqualTo(url("?command=build"));
        assertThat(browser.driver().findElement(By.id("f-command")).getDomProperty("value")).isEqualTo("build");
        assertEverySectionMatchesTheApi("command=build");
        assertThat(texts("#t-commands tbody [data-field=command]")).containsExactly("build");
        assertThat(total("runs")).isNotEqualTo(allRuns);

        // Back to the unfiltered view: its numbers, and every filter field usable again
        browser.driver().navigate().back();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> !d.getCurrentUrl().contains("command="));
        browser.awaitLoaded();
        assertThat(total("runs")).isEqualTo(allRuns);
        assertThat(browser.driver().findElement(By.id("f-version")).isEnabled()).isTrue();
        browser.driver().navigate().forward();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("command=build"));
        browser.awaitLoaded();
        browser.screenshots(SCREENSHOTS, "filtered-desktop");
        browser.phone(390, 844);
        browser.open(url("?command=build"));
        browser.screenshots(SCREENSHOTS, "filtered-phone");

        // a time range with nothing in it: the empty state says so, and how to clear the filters
        browser.desktop(1280, 800);
        String longAgo = LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
        browser.open(url("?command=build&to=" + longAgo));
        assertThat(state()).isEqualTo("empty");
        assertThat(visible("empty-filtered")).isTrue();
        assertThat(browser.driver().findElement(By.id("f-to")).getDomProperty("value")).isEqualTo(longAgo);

        // the whole of today is inside from..to (both days inclusive): the same numbers as no range
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        browser.open(url("?from=" + today + "&to=" + today));
        assertThat(state()).isEqualTo("ready");
        assertEverySectionMatchesTheApi("from=" + today + "&to=" + LocalDate.parse(today).plusDays(1));
    }

    @Test
    void anEmptyDatabaseShowsHowToPointTheAgentAtTheCollector() {
        try (CollectorProcess empty = CollectorProcess.start(tmp.resolve("empty-collector"))) {
            browser.desktop(1280, 800);
            browser.driver().get(empty.base().toString());
            browser.awaitLoaded();
            assertThat(state()).isEqualTo("empty");
            assertThat(visible("empty")).isTrue();
            assertThat(visible("report")).isFalse();
            assertThat(visible("empty-filtered")).isFalse();
            assertThat(browser.driver().findElement(By.id("empty-flag")).getText())
                    .contains("-javaagent:gatsby-telemetry-agent.jar=api=" + empty.ingestUrl());
            browser.screenshots(SCREENSHOTS, "empty-desktop");
            browser.phone(390, 844);
            browser.driver().navigate().refresh();
            browser.awaitLoaded();
            assertThat(horizontalOverflow()).isFalse();
            browser.screenshots(SCREENSHOTS, "empty-phone");
        }
    }

    @Test
    void aReadTokenThePageWasOpenedWithIsForwardedToTheApi() {
        try (CollectorProcess guarded = CollectorProcess.start(tmp.resolve("guarded-collector"), "--read-token", "s3cret-read")) {
            browser.desktop(1280, 800);
            browser.driver().get(guarded.base().toString());
            browser.awaitLoaded();
            assertThat(state()).isEqualTo("error");
            assertThat(browser.driver().findElement(By.id("status")).getText()).contains("read token");

            browser.driver().get(guarded.base() + "?token=s3cret-read");
            browser.awaitLoaded();
            assertThat(state()).as("the API answered: nothing stored yet").isEqualTo("empty");
            assertThat(browser.driver().findElement(By.id("f-token")).getDomProperty("value"))
                    .as("kept for the next change of filters").isEqualTo("s3cret-read");
        }
    }

    // ---------------------------------------------------------------- comparing the page with the API

    private enum Shown { TEXT, STAGE, COUNT, MS, RATE, VALUE_ONLY }

    private void assertEverySectionMatchesTheApi(String query) {
        String q = query.isEmpty() ? "" : "?" + query;
        assertTable("t-commands", api("commands" + q), fields("command", Shown.TEXT, "runs", Shown.COUNT,
                "machines", Shown.COUNT, "failures", Shown.COUNT, "durationP50", Shown.MS, "durationP90", Shown.MS));
        assertFailureRates(api("commands" + q));
        assertTable("t-stages", api("stages" + q), fields("command", Shown.TEXT, "stage", Shown.TEXT,
                "runs", Shown.COUNT, "calls", Shown.COUNT, "errors", Shown.COUNT,
                "p50", Shown.MS, "p90", Shown.MS, "p99", Shown.MS));
        for (String by : List.of("day", "version")) {
            assertTable("t-trend-" + by, api("stages/by-" + by + q), fields("bucket", Shown.TEXT,
                    "runs", Shown.COUNT, "p50", Shown.MS, "p90", Shown.MS, "p99", Shown.MS, "stage", Shown.VALUE_ONLY));
        }
        assertTable("t-errors", api("errors" + q), fields("stage", Shown.STAGE, "exceptionType", Shown.VALUE_ONLY,
                "fingerprint", Shown.VALUE_ONLY, "plugin", Shown.TEXT, "count", Shown.COUNT, "machines", Shown.COUNT,
                "lastSeen", Shown.VALUE_ONLY, "sample", Shown.TEXT));
        assertTable("t-plugins", api("plugins" + q), fields("plugin", Shown.TEXT, "runs", Shown.COUNT,
                "machines", Shown.COUNT, "errorRuns", Shown.COUNT, "errorRate", Shown.RATE, "failedRuns", Shown.COUNT));
        assertTable("t-pairs", api("plugins/pairs" + q), fields("a", Shown.TEXT, "b", Shown.TEXT, "runs", Shown.COUNT));
        assertEnvironment(api("environment" + q));
    }

    private void assertTable(String tableId, JsonNode api, Map<String, Shown> fields) {
        List<Map<String, Map<String, String>>> rows = tableRows("#" + tableId + " tbody tr");
        assertThat(rows).as("rows of %s", tableId).hasSize(api.size());
        for (int i = 0; i < rows.size(); i++) {
            assertRow(tableId + " row " + i, rows.get(i), api.get(i), fields);
        }
    }

    private void assertRow(String where, Map<String, Map<String, String>> row, JsonNode api, Map<String, Shown> fields) {
        fields.forEach((field, shown) -> {
            Map<String, String> cell = row.get(field);
            assertThat(cell).as("%s has a %s cell", where, field).isNotNull();
            JsonNode expected = api.get(field);
            assertSameValue(where + " " + field, parse(cell.get("value")), expected);
            if (shown != Shown.VALUE_ONLY) {
                assertThat(cell.get("text")).as("%s %s as shown", where, field).isEqualTo(format(expected, shown));
            }
        });
    }

    private void assertFailureRates(JsonNode commands) {
        List<Map<String, Map<String, String>>> rows = tableRows("#t-commands tbody tr");
        for (int i = 0; i < commands.size(); i++) {
            JsonNode c = commands.get(i);
            String expected = rate(c.get("failures").asDouble() / c.get("runs").asDouble());
            assertThat(rows.get(i).get("failureRate").get("text")).as("failure rate of %s", c.get("command")).isEqualTo(expected);
        }
    }

    /** The API's flat {dimension, value, runs, machines} rows, one table per dimension, in the API's order. */
    private void assertEnvironment(JsonNode api) {
        Map<String, List<JsonNode>> byDimension = new LinkedHashMap<>();
        api.forEach(row -> byDimension.computeIfAbsent(row.get("dimension").asText(), k -> new ArrayList<>()).add(row));
        assertThat(texts("#env-groups .env-group[data-dimension]", "data-dimension"))
                .containsExactlyElementsOf(byDimension.keySet());
        assertThat(byDimension).containsKeys("jdk", "os", "ci");
        byDimension.forEach((dimension, rows) -> {
            List<Map<String, Map<String, String>>> shown = tableRows(
                    ".env-group[data-dimension='" + dimension + "'] tbody tr");
            assertThat(shown).as("rows for %s", dimension).hasSize(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertRow(dimension + " row " + i, shown.get(i), rows.get(i),
                        fields("value", Shown.TEXT, "runs", Shown.COUNT, "machines", Shown.COUNT));
            }
        });
    }

    private static void assertSameValue(String what, JsonNode shown, JsonNode api) {
        if (api == null || api.isNull()) {
            assertThat(shown == null || shown.isNull()).as("%s: shown %s, API null", what, shown).isTrue();
        } else if (api.isNumber()) {
            assertThat(shown.isNumber()).as("%s: shown %s, API %s", what, shown, api).isTrue();
            assertThat(shown.decimalValue()).as(what).isEqualByComparingTo(api.decimalValue());
        } else {
            assertThat(shown.asText()).as(what).isEqualTo(api.asText());
        }
    }

    /** The page's formatting rules (report.js fmt*), restated: what a maintainer reads for each API value. */
    private static String format(JsonNode value, Shown shown) {
        boolean none = value == null || value.isNull();
        switch (shown) {
            case STAGE:
                return none ? "(no stage)" : value.asText();
            case COUNT:
                return none ? "—" : String.valueOf(Math.round(value.asDouble()));
            case MS:
                if (none) {
                    return "—";
                }
                double ms = value.asDouble();
                return ms == Math.rint(ms) ? String.valueOf((long) ms)
                        : new BigDecimal(ms).setScale(1, RoundingMode.HALF_UP).toPlainString();
            case RATE:
                return none ? "—" : rate(value.asDouble());
            default:
                return none || value.asText().isEmpty() ? "—" : value.asText();
        }
    }

    private static String rate(double fraction) {
        return new BigDecimal(fraction * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    private static Map<String, Shown> fields(Object... pairs) {
        Map<String, Shown> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Shown) pairs[i + 1]);
        }
        return out;
    }

    // ---------------------------------------------------------------- reading the page

    /** Each row's cells by data-field: {value: data-value, text: the cell's own text}. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Map<String, String>>> tableRows(String rowSelector) {
        return (List<Map<String, Map<String, String>>>) browser.script(
                "return Array.from(document.querySelectorAll(arguments[0])).filter(tr => !tr.hasAttribute('data-empty'))"
                + ".map(tr => { const o = {}; tr.querySelectorAll('[data-field]').forEach(c => {"
                + "  const pre = c.querySelector('pre');"
                + "  const own = Array.from(c.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('');"
                + "  o[c.getAttribute('data-field')] = {value: c.getAttribute('data-value'),"
                + "    text: pre ? pre.textContent : (c.children.length ? own : c.textContent)}; });"
                + "  return o; });", rowSelector);
    }

    private List<String> texts(String selector) {
        return texts(selector, null);
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String selector, String attribute) {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => arguments[1] ? e.getAttribute(arguments[1]) : e.textContent);", selector, attribute);
    }

    private String total(String name) {
        return (String) browser.script("return document.querySelector('[data-total=\"' + arguments[0] + '\"] strong').textContent;", name);
    }

    private String state() {
        return (String) browser.script("return document.body.getAttribute('data-state');");
    }

    private boolean visible(String id) {
        return browser.driver().findElement(By.id(id)).isDisplayed();
    }

    private boolean horizontalOverflow() {
        return (Boolean) browser.script("return document.documentElement.scrollWidth > window.innerWidth + 1;");
    }

    private String focusedId(String attribute) {
        return (String) browser.script("return document.activeElement && document.activeElement.getAttribute(arguments[0]);", attribute);
    }

    private JsonNode api(String pathAndQuery) {
        return collector.getJson("api/v1/" + pathAndQuery);
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    private String url(String rest) {
        return collector.base() + rest;
    }
}
