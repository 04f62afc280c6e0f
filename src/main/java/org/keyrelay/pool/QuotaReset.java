package org.keyrelay.pool;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;
import org.keyrelay.failure.QuotaWindow;

/**
 * The time of day a provider's quotas reset, in its zone (keyring {@code billingReset: "00:00 Asia/Shanghai"}): a key
 * out of quota for one of {@code windows}, whose provider did not say when it is back, cools until the next such time
 * instead of for a fixed duration. The next time is strictly after now, on the zone's calendar: a time the zone skips
 * (a daylight-saving gap) is taken as the moment after the gap, as clocks there show it (02:30 in a gap from 02:00 to
 * 03:00 is 03:30), and a time that happens twice (the hour clocks go back) is its first occurrence.
 *
 * @param at      the time of day
 * @param zone    where the clock that says it hangs
 * @param windows the quota windows it ends (those a day or longer whose cooldown the keyring did not set itself)
 */
public record QuotaReset(LocalTime at, ZoneId zone, Set<QuotaWindow> windows) {

    /** The windows a daily reset ends: a day or longer (session and hourly windows end sooner, unknown ones too). */
    public static final Set<QuotaWindow> DAY_OR_LONGER = Set.copyOf(EnumSet.of(QuotaWindow.DAILY, QuotaWindow.WEEKLY,
            QuotaWindow.MONTHLY, QuotaWindow.BILLING_CYCLE));

    public QuotaReset {
        windows = Set.copyOf(windows);
    }

    /**
     * {@code "HH:MM[:SS] ZONE"}: a 24-hour time of day and a zone id ({@code Asia/Shanghai}, {@code UTC},
     * {@code +08:00}); without a zone, UTC.
     *
     * @throws IllegalArgumentException naming the value and the form
     */
    public static QuotaReset parse(String text, Set<QuotaWindow> windows) {
        String written = text == null ? "" : text.strip();
        String[] parts = written.split("\\s+");
        if (written.isEmpty() || parts.length > 2) {
            throw bad(text, "expected a time of day and a zone");
        }
        LocalTime at;
        try {
            at = LocalTime.parse(parts[0]);
        } catch (DateTimeParseException e) {
            throw bad(text, "'" + parts[0] + "' is not a time of day (HH:MM, 00:00 to 23:59)");
        }
        ZoneId zone = ZoneOffset.UTC;
        if (parts.length == 2) {
            try {
                zone = ZoneId.of(parts[1]);
            } catch (DateTimeException e) {
                throw bad(text, "'" + parts[1] + "' is not a time zone (a region such as Asia/Shanghai, UTC, or an"
                        + " offset such as +08:00)");
            }
        }
        return new QuotaReset(at, zone, windows);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not a time of day and a zone (like \"00:00 Asia/Shanghai\""
                + " or \"09:30 UTC\"): " + why);
    }

    /** Whether a quota of {@code window} ends at this reset. */
    public boolean ends(QuotaWindow window) {
        return windows.contains(window);
    }

    /** The first reset strictly after {@code now}. */
    public Instant nextAfter(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        Instant today = local.toLocalDate().atTime(at).atZone(zone).toInstant();
        return today.isAfter(now) ? today : local.toLocalDate().plusDays(1).atTime(at).atZone(zone).toInstant();
    }
}
