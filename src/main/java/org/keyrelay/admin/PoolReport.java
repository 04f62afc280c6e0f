package org.keyrelay.admin;

import java.util.List;

/** A provider and its keys, as {@code GET /admin/providers/{p}/keys} answers (and {@code POST .../refresh}). */
public record PoolReport(ProviderReport provider, List<KeyReport> keys) {

    public PoolReport {
        keys = List.copyOf(keys);
    }
}
