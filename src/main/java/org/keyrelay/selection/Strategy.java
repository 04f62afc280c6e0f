package org.keyrelay.selection;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The key-selection strategies a provider can name in the keyring. */
public enum Strategy {
    ROUND_ROBIN("round-robin"),
    HEALTH_BASED("health-based"),
    STICKY("sticky"),
    LEAST_USED("least-used"),
    FILL_FIRST("fill-first"),
    WEIGHTED("weighted"),
    HEALTH_STICKY("health-sticky");

    private final String configName;

    Strategy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Strategy parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Strategy s : values()) {
            if (s.configName.equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Strategy::configName).collect(Collectors.joining(", "));
    }

    /** A new selector of this strategy; selectors hold their own position and are used under the pool's lock. */
    public KeySelector newSelector() {
        return switch (this) {
            case ROUND_ROBIN -> new RoundRobin();
            case HEALTH_BASED -> new HealthBased();
            case HEALTH_STICKY -> new HealthSticky();
            case STICKY -> new Sticky();
            case LEAST_USED -> new LeastUsed();
            case FILL_FIRST -> new FillFirst();
            case WEIGHTED -> new Weighted();
        };
    }
}
