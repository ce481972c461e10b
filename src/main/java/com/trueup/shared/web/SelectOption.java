package com.trueup.shared.web;

/** One choice of a page's select box (public accessors: for templates). */
public record SelectOption(String value, String label, boolean selected) {}
