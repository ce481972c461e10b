package com.trueup.tenant;

import java.time.ZoneId;
import java.util.UUID;

/** An MSP using TrueUp; billing months are counted in its {@code timeZone}. */
public record Organisation(UUID id, String name, ZoneId timeZone, String currency) {}
