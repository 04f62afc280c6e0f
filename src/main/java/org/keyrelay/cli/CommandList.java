package org.keyrelay.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The list of subcommands in a command's help, each with the words it takes ({@code add PROVIDER SECRET},
 * {@code list [PROVIDER]}), read from the subcommand's own definition: a new subcommand lists itself.
 */
final class CommandList {

    private static final int WIDTH = 36;

    private CommandList() {
    }

    static void install(CommandLine command) {
        command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                help -> render(help.commandSpec().subcommands()));
    }

    static String render(Map<String, CommandLine> subcommands) {
        StringBuilder text = new StringBuilder();
        subcommands.forEach((name, sub) -> {
            String form = "  " + name + words(sub.getCommandSpec());
            String[] description = sub.getCommandSpec().usageMessage().description();
            String first = description.length == 0 ? "" : String.format(description[0]).lines().findFirst().orElse("");
            text.append(form.length() + 2 > WIDTH ? form + "\n" + " ".repeat(WIDTH) : pad(form)).append(first)
                    .append('\n');
        });
        return text.toString();
    }

    private static String words(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            words.add(p.arity().min() == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel());
        }
        return words.isEmpty() ? "" : " " + String.join(" ", words);
    }

    private static String pad(String form) {
        return form + " ".repeat(WIDTH - form.length());
    }
}
