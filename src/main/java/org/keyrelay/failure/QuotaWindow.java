package org.keyrelay.failure;

/**
 * The quota window a limit message names ("session usage limit", "weekly usage limit", "billing
 * cycle"); the pool turns it into a default cooldown when no reset time was stated.
 * {@link #UNKNOWN} for every verdict that is not {@link FailureClass#QUOTA_EXHAUSTED} and for quota
 * messages that name no window.
 */
public enum QuotaWindow {
    SESSION, HOURLY, DAILY, WEEKLY, MONTHLY, BILLING_CYCLE, UNKNOWN
}
