/**
 * The agent's local files: where its private state folder is ({@link StateFolder}) and the only
 * way the agent reads, writes, locks and deletes a file there ({@link PrivateFiles}): folders 0700
 * and files 0600 whatever the umask, no symbolic link followed, nothing but regular files opened,
 * every read bounded before it starts.
 */
package dev.gatsbytelemetry.agent.files;
