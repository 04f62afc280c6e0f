package org.keyrelay.catalog;

/** The capability names a catalog uses for every provider: Ollama's own words (its {@code /api/show} answer). */
public final class Capabilities {

    public static final String COMPLETION = "completion";
    public static final String TOOLS = "tools";
    public static final String VISION = "vision";
    public static final String THINKING = "thinking";
    public static final String EMBEDDING = "embedding";

    private Capabilities() {
    }
}
