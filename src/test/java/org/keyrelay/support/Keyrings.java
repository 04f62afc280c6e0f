package org.keyrelay.support;

/** Keyring texts for route tests: one provider "p" on a stub upstream, keys key-a, key-b... with ids a, b... */
public final class Keyrings {

    /** The id of the provider {@link #provider} writes. */
    public static final String PROVIDER = "p";

    private Keyrings() {
    }

    /** @param extra more provider settings, one per line ("strategy: sticky") */
    public static String provider(String upstream, int keys, String... extra) {
        StringBuilder sb = new StringBuilder("providers:\n  - id: ").append(PROVIDER)
                .append("\n    upstream: ").append(upstream).append('\n');
        for (String e : extra) {
            sb.append("    ").append(e).append('\n');
        }
        sb.append("    keys:\n");
        for (int i = 0; i < keys; i++) {
            char c = (char) ('a' + i);
            sb.append("      - {id: ").append(c).append(", secret: key-").append(c).append("}\n");
        }
        return sb.toString();
    }
}
