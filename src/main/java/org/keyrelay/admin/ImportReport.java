package org.keyrelay.admin;

import java.util.List;

/**
 * What an import did.
 *
 * @param added      keys added, as {@code provider/id}
 * @param skipped    keys not added, with why ({@code provider/id: already present})
 * @param strategies strategies set from the file ({@code provider: round-robin})
 */
public record ImportReport(List<String> added, List<String> skipped, List<String> strategies) {}
