package org.keyrelay.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keys from the environment, for a provider's {@code envKeys: NAME}: NAME, NAME_1..NAME_N (in numeric order)
 * and NAMES=a,b,c. Each key's id is where it came from (NAME_2, NAMES.3), so it stays the same across restarts.
 */
final class EnvKeys {

    private EnvKeys() {
    }

    static Map<String, String> find(String name, Map<String, String> env) {
        Map<String, String> keys = new LinkedHashMap<>();
        put(keys, name, env.get(name));
        TreeMap<Integer, String> numbered = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String var = e.getKey();
            if (var.startsWith(name + "_") && var.substring(name.length() + 1).matches("\\d{1,6}")) {
                numbered.put(Integer.parseInt(var.substring(name.length() + 1)), var);
            }
        }
        numbered.values().forEach(var -> put(keys, var, env.get(var)));
        String list = env.get(name + "S");
        if (list != null) {
            String[] parts = list.split(",");
            for (int i = 0; i < parts.length; i++) {
                put(keys, name + "S." + (i + 1), parts[i]);
            }
        }
        return keys;
    }

    /** Whether {@code id} is an id {@link #find} can give for {@code name} (NAME, NAME_3, NAMES.2), set or not. */
    static boolean couldFind(String name, String id) {
        return id.equals(name) || id.matches(java.util.regex.Pattern.quote(name) + "(_\\d{1,6}|S\\.\\d+)");
    }

    private static void put(Map<String, String> keys, String id, String value) {
        if (value != null && !value.isBlank()) {
            keys.put(id, value.strip());
        }
    }
}
