package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.keyrelay.admin.KeyAction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code keyrelay keys ACTION PROVIDER [ID]}: any {@link KeyAction} (enable, disable, reset, use, remove on a key;
 * rotate and refresh on the provider). {@link KeysCli} adds one for each action, with the action's description.
 */
@Command
final class ActionCommand extends KeysCommand {

    private final KeyAction action;

    @Mixin
    ProviderParameter target;

    /** The key: required by every action on a key; rotate and refresh have no ID ({@link #commandLine}). */
    @Parameters(index = "1", paramLabel = "ID", arity = "0..1", description = "the key's id")
    String id;

    @Mixin
    JsonOption output;

    ActionCommand(KeyAction action) {
        this.action = action;
    }

    /** The command of {@code action}: with its description, and an ID when it acts on a key (rotate has none). */
    static CommandLine commandLine(KeyAction action) {
        CommandLine command = new CommandLine(new ActionCommand(action));
        CommandSpec spec = command.getCommandSpec();
        spec.usageMessage().description(action.description());
        PositionalParamSpec id = spec.positionalParameters().get(1);
        spec.remove(id);
        if (action.onKey()) {
            spec.addPositional(PositionalParamSpec.builder(id).arity("1").required(true).build());
        }
        return command;
    }

    @Override
    public Integer call() {
        return withBackend(b -> {
            JsonNode answer = b.act(action, target.provider, action.onKey() ? id : null);
            if (!action.onEveryKey()) {
                return changed(output.json, action.done(), answer);
            }
            if (output.json) {
                print(answer);
            } else {
                out().println(action.done() + " " + answer.at("/provider/id").asText() + ":");
                listing().provider(answer);
            }
            return 0;
        });
    }
}
