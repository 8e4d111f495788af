package dev.gatsbytelemetry.agent.environment;

/**
 * Whether the process runs in continuous integration, and under which vendor.
 *
 * @param ci   true when any CI marker was found (a known vendor or a generic {@code CI} flag)
 * @param name the vendor's display name (e.g. {@code "GitHub Actions"}), or null when not in CI
 *             <em>or</em> when only a generic marker such as {@code CI=true} was found: we do not
 *             invent a vendor name, so {@code ci && name == null} means "CI, vendor unknown"
 */
public record CiInfo(boolean ci, String name) {

    /** Not in CI. */
    public static final CiInfo NONE = new CiInfo(false, null);

    /** In CI, vendor unknown. */
    public static final CiInfo UNKNOWN_VENDOR = new CiInfo(true, null);

    /** Keeps the invariant that a vendor name implies {@code ci}. */
    public CiInfo {
        if (name != null) {
            ci = true;
        }
    }

    /** In CI under the named vendor. */
    public static CiInfo vendor(String name) {
        return new CiInfo(true, name);
    }
}
