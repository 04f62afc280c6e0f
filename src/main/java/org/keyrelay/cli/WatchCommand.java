package org.keyrelay.cli;

import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code keyrelay keys watch [PROVIDER]}: the key events of a running gateway, one line each, as they happen. */
@Command(name = "watch", description = "follow key events as they happen (running gateway)")
final class WatchCommand extends KeysCommand {

    @Mixin
    OptionalProviderParameter which;

    @Override
    public Integer call() {
        return withBackend(b -> new KeyWatch(out(), keys.colour, ZoneId.systemDefault()).follow(b, which.provider));
    }
}
