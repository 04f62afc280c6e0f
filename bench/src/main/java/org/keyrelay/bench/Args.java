package org.keyrelay.bench;

import java.util.ArrayList;
import java.util.List;

/** {@code --name value} command-line options; a name may repeat ({@link #all}). */
final class Args {

    private final String[] args;

    Args(String[] args) {
        this.args = args;
    }

    String string(String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    String required(String name) {
        String v = string(name, null);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }

    int integer(String name, int fallback) {
        String v = string(name, null);
        return v == null ? fallback : Integer.parseInt(v);
    }

    double decimal(String name, double fallback) {
        String v = string(name, null);
        return v == null ? fallback : Double.parseDouble(v);
    }

    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                out.add(args[i + 1]);
            }
        }
        return out;
    }

    /** Everything after a lone {@code --}. */
    List<String> rest() {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                return List.of(args).subList(i + 1, args.length);
            }
        }
        return List.of();
    }
}
