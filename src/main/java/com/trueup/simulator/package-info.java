/**
 * The Keeper simulator: a stand-alone client that plays Keeper Security's side of the Vendor API over real HTTP
 * against a running TrueUp (for demos and end-to-end tests). It depends on nothing else of the application: plain
 * {@code java.net.http} and Jackson.
 */
package com.trueup.simulator;
