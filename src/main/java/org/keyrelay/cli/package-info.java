/**
 * {@code keyrelay keys ...}: {@link org.keyrelay.cli.KeysCli} parses the command line and prints
 * ({@link org.keyrelay.cli.KeyListing}); each command goes to a {@link org.keyrelay.cli.KeyBackend}: the running
 * gateway's admin API ({@link org.keyrelay.cli.RemoteKeys}) or, when none runs, the state dir's files under their
 * lock ({@link org.keyrelay.cli.LocalKeys}, through the same admin/KeyAdmin). Both answer with the admin API's JSON,
 * so the output is the same either way.
 * <p>
 * The key commands are the {@link org.keyrelay.admin.KeyAction}s: a new action there is a new command here, with
 * nothing to add but its line in {@link org.keyrelay.cli.KeysCli#USAGE}.
 */
package org.keyrelay.cli;
