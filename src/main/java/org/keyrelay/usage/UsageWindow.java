package org.keyrelay.usage;

/**
 * Where one window's numbers sit in a usage answer (JSON pointers, RFC 6901).
 *
 * @param name      the window's name ("weekly", "session", "usage", "credit")
 * @param remaining what is left; null when the answer states what was used instead
 * @param used      what was used (with {@code remaining} null)
 * @param limit     the window's size; null when the answer does not state it
 * @param resetAt   when the window starts over (epoch seconds / millis, RFC 3339); null: the next poll says
 * @param fraction  {@code used} is a share 0-1 (read as a percentage of a limit of 100)
 */
public record UsageWindow(String name, String remaining, String used, String limit, String resetAt, boolean fraction) {}
