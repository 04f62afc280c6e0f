package org.keyrelay.catalog;

/** A catalog could not be read (no usable key, every try failed) and none was read before. */
public final class CatalogUnavailable extends RuntimeException {

    private final String provider;

    public CatalogUnavailable(String provider, String message) {
        super(message, null, false, false);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}
