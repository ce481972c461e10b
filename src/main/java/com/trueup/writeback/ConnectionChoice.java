package com.trueup.writeback;

/** A PSA connection of the write-backs page's filter (public accessors: for templates). */
record ConnectionChoice(String id, String label) {
}
