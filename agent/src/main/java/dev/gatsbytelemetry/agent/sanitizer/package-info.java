/**
 * Cleans every host-derived string before it can reach a telemetry event.
 *
 * <p>Entry point: {@link dev.gatsbytelemetry.agent.sanitizer.Sanitizer}, built once from
 * {@link dev.gatsbytelemetry.agent.sanitizer.SanitizerSettings}. It turns free text into safe text
 * and a {@link java.lang.Throwable} into a bounded, cycle-free
 * {@link dev.gatsbytelemetry.agent.sanitizer.SanitizedThrowable}; what it removed is counted (never
 * recorded) in a {@link dev.gatsbytelemetry.agent.sanitizer.RedactionCounts}.
 *
 * <p>Plain JDK only: this code is loaded inside a Java agent, so it avoids libraries and compiles
 * each regular expression once.
 */
package dev.gatsbytelemetry.agent.sanitizer;
