/**
 * What every server-rendered page shares: small view types the shared Thymeleaf fragments render (templates under
 * {@code fragments/}). Page-specific view models stay in their module, next to the page's controller.
 */
package com.trueup.shared.web;
