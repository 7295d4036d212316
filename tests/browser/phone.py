"""What a phone screen (360 × 740) asks of a page: nothing wider than the viewport, no table wider than the
screen (lists are cards below 576 px), every tap target at least 24 × 24 px (WCAG 2.2, 2.5.8).

Used by the phone-layout tests and, after every journey, by the browser conftest over each page the
journey visited (whatever size the journey itself ran at)."""

PHONE = {"width": 360, "height": 740}


def overflowing(page):
    """Elements wider than the screen that are not inside a horizontally scrolling container."""
    return page.evaluate(
        """() => {
          const w = document.documentElement.clientWidth;
          const bad = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && !el.closest('.table-responsive, .dashboard-chart, .dropdown-menu, .collapse:not(.show)')) {
              bad.push(el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className);
            }
          }
          return bad.slice(0, 5);
        }"""
    )


# A target: what a thumb presses. Links inside running text are exempt (WCAG 2.5.8 "inline").
TARGETS = (
    "main .btn, main button, main .nav-link, main .page-link, main select, main input:not([type=hidden])"
    ":not([type=checkbox]):not([type=radio]), main td a, main li > a, .app-navbar .nav-link, .app-navbar .btn"
)
MIN_TARGET = 24


def small_targets(page):
    """Visible tap targets smaller than MIN_TARGET px on a side: ["tag#id 'text' w×h"]."""
    return page.evaluate(
        """([selector, min]) => {
          const bad = [];
          for (const el of document.querySelectorAll(selector)) {
            const r = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            if (!r.width || !r.height || style.visibility === 'hidden' || el.closest('.visually-hidden, .collapse:not(.show), .dropdown-menu:not(.show)')) continue;
            if (r.width < min - 0.5 || r.height < min - 0.5) {
              bad.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + " '" + (el.textContent || el.value || '').trim().slice(0, 12) + "' " + Math.round(r.width) + '×' + Math.round(r.height));
            }
          }
          return bad;
        }""",
        [TARGETS, MIN_TARGET],
    )


def wide_tables(page):
    """Tables wider than the screen (a list must become cards, not scroll 1,145 px sideways)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('main table')).filter(
             t => t.getBoundingClientRect().width > document.documentElement.clientWidth + 1
           ).map(t => (t.id || t.className) + ' ' + Math.round(t.getBoundingClientRect().width) + 'px')"""
    )


def phone_problems(page):
    """What is wrong with the page as it stands at phone size: ["…"], empty when it fits."""
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"] + 1:
        problems.append(f"page {width}px wide: {overflowing(page)}")
    tables, small = wide_tables(page), small_targets(page)
    if tables:
        problems.append(f"tables wider than the screen: {tables}")
    if small:
        problems.append(f"{len(small)} targets under {MIN_TARGET} px: {small[:6]}")
    return problems
