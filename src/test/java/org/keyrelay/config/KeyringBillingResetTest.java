package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.QuotaReset;

/** A provider's {@code billingReset}: the time of day its quotas reset, in its zone. */
class KeyringBillingResetTest {

    private static final Path FILE = Path.of("keyring.yaml");
    private static final String PROVIDER = """
            providers:
              - id: kimi
                upstream: https://api.kimi.com/coding
            """;

    private static CooldownSettings parse(String settings) {
        return new KeyringParser(Map.of()).parse(FILE, PROVIDER + settings.indent(4)).provider("kimi").orElseThrow()
                .keyState().cooldowns();
    }

    private static String error(String settings) {
        return assertThrows(KeyringException.class,
                () -> new KeyringParser(Map.of()).parse(FILE, PROVIDER + settings.indent(4))).getMessage();
    }

    @Test
    void should_read_the_reset_for_the_windows_of_a_day_or_longer() {
        assertEquals(new QuotaReset(LocalTime.MIDNIGHT, ZoneId.of("Asia/Shanghai"), QuotaReset.DAY_OR_LONGER),
                parse("billingReset: \"00:00 Asia/Shanghai\"").quotaReset());
        assertNull(parse("").quotaReset(), "without it every window cools for its duration, as before");
    }

    @Test
    void should_leave_a_window_whose_cooldown_the_keyring_sets_to_that_cooldown() {
        CooldownSettings c = parse("""
                billingReset: 06:00 UTC
                cooldowns: {quota: {weekly: 7d}}
                """);

        assertEquals(Set.of(QuotaWindow.DAILY, QuotaWindow.MONTHLY, QuotaWindow.BILLING_CYCLE), c.quotaReset().windows());
    }

    @Test
    void should_name_file_line_setting_and_value_of_a_bad_reset() {
        assertEquals("keyring.yaml:4: providers[0].billingReset: '00:00 Asia/Shangai' is not a time of day and a zone"
                + " (like \"00:00 Asia/Shanghai\" or \"09:30 UTC\"): 'Asia/Shangai' is not a time zone (a region such as"
                + " Asia/Shanghai, UTC, or an offset such as +08:00)", error("billingReset: 00:00 Asia/Shangai"));
        assertEquals("keyring.yaml:4: providers[0].billingReset: '24:00 UTC' is not a time of day and a zone (like"
                + " \"00:00 Asia/Shanghai\" or \"09:30 UTC\"): '24:00' is not a time of day (HH:MM, 00:00 to 23:59)",
                error("billingReset: 24:00 UTC"));
    }
}
