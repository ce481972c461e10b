/**
 * Shared kernel: the signed-in principal, roles, the clock, paging and the error types every
 * module throws. Open to all modules; holds no business rules.
 *
 * <p>It also holds the one vocabulary of time and money every module uses:
 * <ul>
 *   <li>{@link com.trueup.shared.BillingPeriod}: a month of the organisation's zone as the half-open day range
 *       {@code [start, end)}; the current month runs to today (month to date); {@code YYYY-MM} parsed with a 400
 *       naming the field.</li>
 *   <li>{@link com.trueup.shared.TenantCalendar}: an organisation's zone, now, today and billing periods on the injected
 *       clock (the zone comes from the tenant module through {@link com.trueup.shared.TenantTimeZones}).</li>
 *   <li>{@link com.trueup.shared.Quantities}: quantities and amounts stored and compared at scale 4, rounded half up.</li>
 *   <li>{@link com.trueup.shared.Display}: how figures and dates read on pages ({@code #display}), in messages and in
 *       e-mails, whatever the server's or the request's locale.</li>
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package com.trueup.shared;
