package com.trueup.automation;

/** A rule as the automation pages show it (public accessors: for templates). */
record RuleRow(Rule rule, String scope, String description, String schedule) {}
