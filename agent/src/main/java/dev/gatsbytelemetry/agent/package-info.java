/**
 * gatsby-telemetry-agent: Gatsby-style anonymous usage telemetry for JVM command-line tools.
 *
 * <p>Data flows one way: inlined hooks call the {@code bridge}, the {@code recorder} turns calls into
 * events, the {@code sanitizer} cleans every host string, the {@code sender} ships them.
 */
package dev.gatsbytelemetry.agent;
