/**
 * The command lines, on picocli: {@link org.keyrelay.cli.KeyrelayCommand} ({@code keyrelay}: the gateway's flags,
 * {@link org.keyrelay.config.GatewayFlags}, defined once and mixed into every command), {@link org.keyrelay.cli.ModelsCli}
 * and {@code keyrelay keys ...}: {@link org.keyrelay.cli.KeysCli} holds one class per command
 * ({@link org.keyrelay.cli.KeysCommand}'s subclasses) and prints
 * ({@link org.keyrelay.cli.KeyListing}); each command goes to a {@link org.keyrelay.cli.KeyBackend}: the running
 * gateway's admin API ({@link org.keyrelay.cli.RemoteKeys}) or, when none runs, the state dir's files under their
 * lock ({@link org.keyrelay.cli.LocalKeys}, through the same admin/KeyAdmin). Both answer with the admin API's JSON,
 * so the output is the same either way.
 * <p>
 * The key commands are the {@link org.keyrelay.admin.KeyAction}s: a new action there is a new command here, with
 * nothing to add ({@link org.keyrelay.cli.ActionCommand} is added for each). Another command is one class, extending
 * {@link org.keyrelay.cli.KeysCommand}, named in {@link org.keyrelay.cli.KeysCli}'s {@code subcommands}. Arguments
 * and options more than one command takes are picocli mixins, each declared once: {@code -h, --help}
 * ({@link org.keyrelay.cli.HelpOption}), {@code --json} ({@link org.keyrelay.cli.JsonOption}), {@code PROVIDER}
 * ({@link org.keyrelay.cli.ProviderParameter}), {@code [PROVIDER]} ({@link org.keyrelay.cli.OptionalProviderParameter})
 * and both of the last two for the commands that show providers ({@link org.keyrelay.cli.ProviderReading}).
 */
package org.keyrelay.cli;
