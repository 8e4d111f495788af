/**
 * Who and what is reporting, without saying who: the persistent machine id and its config file,
 * per-process session ids, the salted repository id, the reporting component and its plugins.
 *
 * <p>Everything runs on the agent's background thread. Inputs (environment, paths, system
 * property values) are parameters so tests are hermetic. Everything is plain JDK (the config file
 * is read with the agent's small strict JSON reader), spawns no process (repository remotes are read by parsing {@code .git/config}) and touches no
 * network. Public entry points do not throw; they degrade and say why.
 */
package dev.gatsbytelemetry.agent.identity;
