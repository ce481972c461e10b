package com.trueup.e2e;

import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;

/**
 * Accessibility basics of a page, checked in the browser: every form control has an accessible name (a label with
 * text, aria-label, aria-labelledby or title), every button has text or a name, and text is readable against its
 * background (WCAG AA contrast: 4.5:1, 3:1 for large text; disabled controls are exempt).
 */
final class PageChecks {

    private static final String UNLABELLED = """
            () => {
              const text = el => (el.textContent || '').replace(/\\s+/g, ' ').trim();
              const named = el => {
                const aria = el.getAttribute('aria-label');
                if (aria && aria.trim()) return true;
                const by = el.getAttribute('aria-labelledby');
                if (by && by.split(/\\s+/).some(id => { const n = document.getElementById(id); return n && text(n); })) return true;
                if (el.labels && Array.from(el.labels).some(l => text(l))) return true;
                const title = el.getAttribute('title');
                return !!(title && title.trim());
              };
              const show = el => el.outerHTML.replace(/\\s+/g, ' ').slice(0, 200);
              const problems = [];
              document.querySelectorAll('input, select, textarea').forEach(el => {
                const type = (el.getAttribute('type') || '').toLowerCase();
                if (type === 'hidden') return;
                if (['submit', 'button', 'reset'].includes(type)) {
                  if (!(el.value && el.value.trim()) && !named(el)) problems.push('button without text: ' + show(el));
                  return;
                }
                if (!named(el)) problems.push('form control without a label: ' + show(el));
              });
              document.querySelectorAll('button, [role=button]').forEach(el => {
                if (!text(el) && !named(el)) problems.push('button without text: ' + show(el));
              });
              return problems;
            }""";

    private static final String LOW_CONTRAST = """
            () => {
              const parse = c => {
                const m = /rgba?\\(([^)]+)\\)/.exec(c || '');
                if (!m) return null;
                const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
                return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
              };
              const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
                                               b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
              const background = el => {
                const layers = [];
                for (let n = el; n; n = n.parentElement) {
                  const bg = parse(getComputedStyle(n).backgroundColor);
                  if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
                }
                let c = { r: 255, g: 255, b: 255, a: 1 };
                for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
                return c;
              };
              const lum = c => {
                const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
              };
              const problems = [];
              const seen = new Set();
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const el = node.parentElement;
                if (!el || seen.has(el) || !node.textContent.trim()) continue;
                seen.add(el);
                if (el.closest('[disabled], [hidden], .sr-only, script, style, option, noscript')) continue;
                const box = el.getBoundingClientRect();
                const style = getComputedStyle(el);
                if (box.width < 2 || box.height < 2 || style.visibility === 'hidden') continue;
                const bg = background(el);
                const fg0 = parse(style.color);
                if (!fg0) continue;
                const fg = over(fg0, bg);
                const l1 = lum(fg), l2 = lum(bg);
                const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                const size = parseFloat(style.fontSize);
                const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
                if (ratio < (large ? 3 : 4.5) - 0.01) {
                  problems.push('contrast ' + ratio.toFixed(2) + ':1 for "' + node.textContent.trim().slice(0, 40) + '" ('
                    + style.color + ' on rgb(' + Math.round(bg.r) + ',' + Math.round(bg.g) + ',' + Math.round(bg.b) + '), <'
                    + el.tagName.toLowerCase() + ' class="' + el.className + '">)');
                }
              }
              return problems;
            }""";

    private PageChecks() {}

    /** Every unlabelled control, button without text and low-contrast text of the current page, each with the page's path. */
    static List<String> accessibilityProblems(Page page) {
        List<String> problems = new ArrayList<>();
        problems.addAll(strings(page.evaluate(UNLABELLED)));
        problems.addAll(strings(page.evaluate(LOW_CONTRAST)));
        String path = page.url().replaceFirst("^https?://[^/]+", "");
        return problems.stream().map(p -> path + ": " + p).toList();
    }

    private static List<String> strings(Object result) {
        List<String> list = new ArrayList<>();
        if (result instanceof List<?> items) {
            items.forEach(i -> list.add(String.valueOf(i)));
        }
        return list;
    }
}
