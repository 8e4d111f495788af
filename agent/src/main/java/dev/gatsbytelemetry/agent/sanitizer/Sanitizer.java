package dev.gatsbytelemetry.agent.sanitizer;

/**
 * The one gate every host-derived string passes before it may join a telemetry event.
 *
 * <p>Build once (it precomputes the literal needles, sorted longest first, the secret environment
 * values and compiles its patterns in class initialisers); after that it is immutable and
 * thread-safe. No method throws: on an internal failure a text becomes {@link #FAILED_TEXT} and a
 * throwable keeps only its type, so nothing unsanitized ever leaves.
 *
 * <h2>Implementation notes: the order of passes</h2>
 * <ol>
 *   <li><b>Bound the input</b> ({@link TextBounds#precut}): at most 64 KB (or 8× the message
 *       limit) is scanned; the cut backs off to whitespace so no half-token survives.</li>
 *   <li><b>PEM blocks</b> first: their base64 body would otherwise be chopped into pieces that
 *       other passes half-recognise.</li>
 *   <li><b>Secret environment values</b>, exactly (also URL-encoded and JSON-escaped), before any
 *       other pass rewrites part of them: once the user name inside a password became
 *       {@code <user>}, the password would no longer match.</li>
 *   <li><b>URL user-info</b>, then <b>token shapes and sensitive key/value pairs</b>
 *       ({@link SecretPatterns}), then <b>high-entropy strings</b>. Structure first: a key name
 *       tells more than the value's shape.</li>
 *   <li><b>E-mail, IP, card</b> ({@link PersonalDataPatterns}) before paths and names, so that
 *       {@code alice@example.com} becomes {@code <email>} rather than {@code <user>@example.com}.</li>
 *   <li><b>SQL literals</b> ({@link SqlLiterals}): in text that reads as SQL, quoted values become
 *       {@code '?'}.</li>
 *   <li><b>Paths, user and host</b> last ({@link PathScrubber}): literal cwd/home/tmp spellings,
 *       longest first, then the user and host names as whole words, then other users' homes and
 *       UNC servers by pattern. Placeholders produced here ({@code <cwd>} …) contain nothing the
 *       earlier passes could match, and the earlier passes' placeholders contain no path.</li>
 *   <li><b>Bound the output</b> to the message limit, with a {@code …[truncated N chars]} marker.</li>
 * </ol>
 * Every pass leaves existing placeholders alone, so sanitizing twice changes nothing.
 */
public final class Sanitizer {

    /** What a text becomes if sanitizing it failed unexpectedly. */
    public static final String FAILED_TEXT = "[REDACTED:sanitizer-failure]";

    private static final int MIN_WORK_LIMIT = 64 * 1024;
    private static final int MAX_FRAME_LENGTH = 1000;

    private final SanitizerSettings settings;
    private final LiteralReplacer envSecrets;
    private final SecretPatterns secrets = new SecretPatterns();
    private final PersonalDataPatterns personal = new PersonalDataPatterns();
    private final PathScrubber paths;
    private final StackTraceSanitizer traces;

    /** Precomputes everything from {@code settings} (null means {@code builder().build()}). */
    public Sanitizer(SanitizerSettings settings) {
        this.settings = settings == null ? SanitizerSettings.builder().build() : settings;
        this.envSecrets = EnvSecrets.replacer(this.settings.environment());
        this.paths = new PathScrubber(this.settings);
        this.traces = new StackTraceSanitizer(this, this.settings);
    }

    /** The settings this sanitizer was built from. */
    public SanitizerSettings settings() {
        return settings;
    }

    /**
     * Sanitizes free text: secrets, personal data, paths, user and host names replaced, length
     * bounded by {@link SanitizerSettings#maxMessageLength()} (plus the truncation marker).
     *
     * @param text   any text, may be null
     * @param counts where to count redactions; may be null
     * @return the sanitized text, null for null
     */
    public String sanitizeText(String text, RedactionCounts counts) {
        return clean(text, counts, settings.maxMessageLength()).text();
    }

    /**
     * Sanitizes a throwable with its causes and suppressed throwables, bounded and cycle-safe.
     *
     * @param t      any throwable, may be null (then null is returned)
     * @param counts where to count redactions; may be null
     */
    public SanitizedThrowable sanitizeThrowable(Throwable t, RedactionCounts counts) {
        if (t == null) {
            return null;
        }
        RedactionCounts c = counts == null ? new RedactionCounts() : counts;
        try {
            return traces.sanitize(t, c);
        } catch (Throwable failure) {
            return SanitizedThrowable.typeOnly(typeName(t));
        }
    }

    static String typeName(Throwable t) {
        try {
            return t.getClass().getName();
        } catch (Throwable e) {
            return "java.lang.Throwable";
        }
    }

    TextBounds.Cut clean(String text, RedactionCounts counts, int limit) {
        return clean(text, counts, limit, true);
    }

    private TextBounds.Cut clean(String text, RedactionCounts counts, int limit, boolean personalData) {
        if (text == null) {
            return new TextBounds.Cut(null, 0);
        }
        RedactionCounts c = counts == null ? new RedactionCounts() : counts;
        try {
            TextBounds.Cut in = TextBounds.precut(text, Math.max(MIN_WORK_LIMIT, limit * 8));
            String s = passes(in.text(), c, personalData);
            return TextBounds.cut(s, limit, in.dropped());
        } catch (Throwable failure) {
            return new TextBounds.Cut(FAILED_TEXT, 0);
        }
    }

    String cleanFrame(String frame, RedactionCounts counts) {
        return clean(frame, counts, MAX_FRAME_LENGTH).text();
    }

    /**
     * Several frames joined by newlines, cleaned in one pass (see {@code StackTraceSanitizer});
     * {@code plain} frames skip the personal-data pass, which cannot match them
     * ({@link StackTraceSanitizer#isPlainFrame}).
     */
    String cleanFrames(String joinedFrames, boolean plain, RedactionCounts counts) {
        if (joinedFrames == null) {
            return null;
        }
        int limit = Math.max(MAX_FRAME_LENGTH, joinedFrames.length() * 2);
        return clean(joinedFrames, counts, limit, !plain).text();
    }

    private String passes(String text, RedactionCounts c, boolean personalData) {
        String s = text;
        if (s.isEmpty()) {
            return s;
        }
        s = secrets.redactPemBlocks(s, c);
        s = envSecrets.replace(s, c);
        s = secrets.redact(s, c);
        if (personalData) {
            s = personal.redact(s, c);
            s = SqlLiterals.redact(s, c);
        }
        s = paths.scrub(s, c);
        return s;
    }
}
