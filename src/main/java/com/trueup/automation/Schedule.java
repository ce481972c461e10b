package com.trueup.automation;

import com.trueup.shared.InvalidInputException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * When a rule runs and on which billing month. {@code after-rebuild}: a few seconds after each rebuild of the lines;
 * {@code daily} at {@code time}; {@code weekly} on {@code dayOfWeek} at {@code time}; {@code monthly} on the
 * {@code businessDay}-th business day (Monday to Friday; the last one in a month with fewer) at {@code time}. Times are
 * in the organisation's zone. {@code period}: the current month to date, or the previous month (the month just closed).
 */
record Schedule(Trigger trigger, LocalTime time, DayOfWeek dayOfWeek, Integer businessDay, PeriodChoice period) {

    enum Trigger {
        AFTER_REBUILD,
        DAILY,
        WEEKLY,
        MONTHLY;

        String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean timed() {
            return this != AFTER_REBUILD;
        }
    }

    enum PeriodChoice {
        CURRENT,
        PREVIOUS;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int MAX_BUSINESS_DAY = 23;

    Schedule {
        if (trigger == null) {
            throw new InvalidInputException(
                    "schedule.trigger", "schedule.trigger is required: after-rebuild, daily, weekly or monthly");
        }
        if (period == null) {
            throw new InvalidInputException("schedule.period", "schedule.period is required: current or previous");
        }
        if (trigger.timed() && time == null) {
            throw new InvalidInputException(
                    "schedule.time", "schedule.time is required for a " + trigger.wire() + " schedule, e.g. 06:00");
        }
        if (trigger == Trigger.WEEKLY && dayOfWeek == null) {
            throw new InvalidInputException(
                    "schedule.dayOfWeek", "schedule.dayOfWeek is required for a weekly schedule, e.g. MONDAY");
        }
        if (trigger == Trigger.MONTHLY && (businessDay == null || businessDay < 1 || businessDay > MAX_BUSINESS_DAY)) {
            throw new InvalidInputException(
                    "schedule.businessDay",
                    "schedule.businessDay must be between 1 and " + MAX_BUSINESS_DAY + " for a monthly schedule");
        }
        if (!trigger.timed()) {
            time = null;
        }
        if (trigger != Trigger.WEEKLY) {
            dayOfWeek = null;
        }
        if (trigger != Trigger.MONTHLY) {
            businessDay = null;
        }
    }

    static Schedule parse(String trigger, String time, String dayOfWeek, Integer businessDay, String period) {
        Trigger t = null;
        for (Trigger candidate : Trigger.values()) {
            if (candidate.wire().equals(trigger == null ? "" : trigger.trim().toLowerCase(Locale.ROOT))) {
                t = candidate;
            }
        }
        if (t == null) {
            throw new InvalidInputException(
                    "schedule.trigger",
                    "schedule.trigger must be after-rebuild, daily, weekly or monthly (got '" + trigger + "')");
        }
        PeriodChoice p = null;
        String periodText =
                period == null || period.isBlank() ? (t == Trigger.MONTHLY ? "previous" : "current") : period;
        for (PeriodChoice candidate : PeriodChoice.values()) {
            if (candidate.wire().equals(periodText.trim().toLowerCase(Locale.ROOT))) {
                p = candidate;
            }
        }
        if (p == null) {
            throw new InvalidInputException(
                    "schedule.period", "schedule.period must be current or previous (got '" + period + "')");
        }
        LocalTime at = null;
        if (time != null && !time.isBlank()) {
            try {
                at = LocalTime.parse(time.trim());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(
                        "schedule.time", "schedule.time must be a time as HH:MM, e.g. 06:00 (got '" + time + "')");
            }
        }
        DayOfWeek day = null;
        if (dayOfWeek != null && !dayOfWeek.isBlank()) {
            try {
                day = DayOfWeek.valueOf(dayOfWeek.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        "schedule.dayOfWeek", "schedule.dayOfWeek must be MONDAY … SUNDAY (got '" + dayOfWeek + "')");
            }
        }
        return new Schedule(t, at == null ? null : at.withSecond(0).withNano(0), day, businessDay, p);
    }

    /** The first run strictly after {@code after}; null for after-rebuild. */
    Instant nextAfter(Instant after, ZoneId zone) {
        if (!trigger.timed()) {
            return null;
        }
        LocalDate today = LocalDate.ofInstant(after, zone);
        return switch (trigger) {
            case DAILY -> {
                Instant candidate = today.atTime(time).atZone(zone).toInstant();
                yield candidate.isAfter(after)
                        ? candidate
                        : today.plusDays(1).atTime(time).atZone(zone).toInstant();
            }
            case WEEKLY -> {
                LocalDate day = today.with(TemporalAdjusters.nextOrSame(dayOfWeek));
                Instant candidate = day.atTime(time).atZone(zone).toInstant();
                yield candidate.isAfter(after)
                        ? candidate
                        : day.plusWeeks(1).atTime(time).atZone(zone).toInstant();
            }
            case MONTHLY -> {
                YearMonth month = YearMonth.from(today);
                Instant candidate = businessDay(month, businessDay)
                        .atTime(time)
                        .atZone(zone)
                        .toInstant();
                yield candidate.isAfter(after)
                        ? candidate
                        : businessDay(month.plusMonths(1), businessDay)
                                .atTime(time)
                                .atZone(zone)
                                .toInstant();
            }
            default -> throw new IllegalStateException();
        };
    }

    /** The {@code n}-th Monday-to-Friday day of the month, or its last such day if it has fewer. */
    static LocalDate businessDay(YearMonth month, int n) {
        LocalDate last = null;
        int count = 0;
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                last = day;
                if (++count == n) {
                    return day;
                }
            }
        }
        return last;
    }

    /** The billing month the rule acts on when it runs on {@code today}. */
    YearMonth periodOn(LocalDate today) {
        YearMonth current = YearMonth.from(today);
        return period == PeriodChoice.CURRENT ? current : current.minusMonths(1);
    }
}
