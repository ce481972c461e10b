package com.trueup.web;

/** An entry of the main navigation: {@code key} marks it current and carries its badge (public accessors: for templates). */
record NavItem(String key, String label, String href) {}
