package dev.gatsbytelemetry.agent.environment;

import java.util.Map;

/**
 * Tells whether the process runs in continuous integration, from environment variables only.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>a known vendor's markers (see the vendor table) give {@code ci=true} and the vendor's
 *       name. A vendor match wins even over {@code CI=false}: people set {@code CI=false} on
 *       hosted builds to stop tools from treating warnings as errors, and the build is still CI;</li>
 *   <li>otherwise {@code CI} or {@code CONTINUOUS_INTEGRATION} set to anything but blank,
 *       {@code false}, {@code 0}, {@code no} or {@code off} gives {@code ci=true} with a null
 *       name (vendor unknown);</li>
 *   <li>otherwise not CI. A lone {@code BUILD_NUMBER} or {@code BUILD_ID} is not enough: those
 *       names are too common outside CI.</li>
 * </ol>
 */
public final class CiDetector {

    private CiDetector() {}

    /** Detects CI from the given environment; null is treated as empty. Never throws. */
    public static CiInfo detect(Map<String, String> env) {
        if (env == null || env.isEmpty()) {
            return CiInfo.NONE;
        }
        try {
            for (CiVendor vendor : CiVendor.values()) {
                if (vendor.matches(env)) {
                    return CiInfo.vendor(vendor.displayName());
                }
            }
            if (EnvValues.isSet(env, "CI") || EnvValues.isSet(env, "CONTINUOUS_INTEGRATION")) {
                return CiInfo.UNKNOWN_VENDOR;
            }
        } catch (RuntimeException e) {
            // A hostile Map implementation: report "not CI" rather than fail the caller.
        }
        return CiInfo.NONE;
    }

    /** Detects CI from this process's environment. Never throws. */
    public static CiInfo fromSystem() {
        try {
            return detect(System.getenv());
        } catch (SecurityException e) {
            return CiInfo.NONE;
        }
    }
}
